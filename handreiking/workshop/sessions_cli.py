"""``handreiking sessie``: list, create, export and delete workshop sessions.

    handreiking sessie lijst
    handreiking sessie nieuw [--titel TITEL]
    handreiking sessie export CODE [--csv PAD] [--rapport PAD]
    handreiking sessie verwijder CODE [--ja]

Every subcommand takes ``--opslag`` (a folder, a SQLite file, ``sqlite:///pad``
or a ``postgresql://`` URL), the same option as ``handreiking workshop``;
without it ``$HANDREIKING_OPSLAG`` or the default data folder is used. Exit
codes: 0 done, 1 not done (unknown session, cancelled, database problem), 2
usage error (argparse).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ..content import dutch
from .arguments import add_opslag_argument, workshop_env
from .errors import WorkshopError
from .store import Store, StoreError, normalise_code, open_store

Ask = Callable[[str], str]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``sessie`` with its subcommands to the ``handreiking`` command's subparsers."""
    parser = subparsers.add_parser(
        "sessie",
        help="workshopsessies bekijken, exporteren of verwijderen",
        description="Beheer de workshopsessies en de gedeelde antwoorden (alleen pseudoniemen).",
    )
    actions = parser.add_subparsers(dest="sessie_actie", metavar="ACTIE")
    actions.required = True

    def _with_store(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        add_opslag_argument(p)
        return p

    _with_store(actions.add_parser("lijst", help="toon alle sessies met aantallen deelnemers en antwoorden"))

    nieuw = _with_store(actions.add_parser("nieuw", help="maak een nieuwe sessie en toon de code"))
    nieuw.add_argument("--titel", default="", help="een korte titel, bijvoorbeeld de datum en de groep")

    export = _with_store(
        actions.add_parser(
            "export",
            help="exporteer de antwoorden van een sessie als CSV en/of verslag",
            description=(
                "Schrijft de antwoorden als CSV (voor Excel) en als leesbaar verslag. Zonder --csv en --rapport "
                "komen sessie-CODE.csv en sessie-CODE.html in de huidige map. De antwoorden op de groepsvragen "
                "komen in een tweede CSV ernaast (sessie-CODE-groepsvragen.csv). Een verslag met de extensie .md "
                "wordt Markdown, anders HTML."
            ),
        )
    )
    export.add_argument("code", metavar="CODE", help="de sessiecode")
    export.add_argument(
        "--csv",
        metavar="PAD",
        type=Path,
        help="schrijf de CSV naar dit bestand (de groepsvragen naar PAD-groepsvragen.csv ernaast)",
    )
    export.add_argument("--rapport", metavar="PAD", type=Path, help="schrijf het verslag (.html of .md) hierheen")

    verwijder = _with_store(
        actions.add_parser(
            "verwijder",
            help="verwijder een sessie met al haar antwoorden",
            description="Verwijdert de sessie, alle antwoorden en alle eerdere versies. Dit kan niet ongedaan worden.",
        )
    )
    verwijder.add_argument("code", metavar="CODE", help="de sessiecode")
    verwijder.add_argument("--ja", action="store_true", help="niet om bevestiging vragen")

    parser.set_defaults(func=run)
    return parser


def run(
    args: argparse.Namespace,
    *,
    ask: Ask = input,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Carry out ``handreiking sessie ...``; returns the exit code."""
    stdout = out if out is not None else sys.stdout
    stderr = err if err is not None else sys.stderr
    try:
        store = open_store(workshop_env(args).opslag)
    except WorkshopError as exc:
        print(exc.message, file=stderr)
        return 2
    except StoreError as exc:
        print(f"Kan de opslag niet openen: {exc.message}", file=stderr)
        return 1
    try:
        action = args.sessie_actie
        if action == "lijst":
            return _lijst(store, stdout)
        if action == "nieuw":
            return _nieuw(store, args.titel, stdout)
        if action == "export":
            return _export(store, args.code, args.csv, args.rapport, stdout, stderr)
        if action == "verwijder":
            return _verwijder(store, args.code, args.ja, ask, stdout, stderr)
        print(f"Onbekende actie: {action}", file=stderr)
        return 2
    except StoreError as exc:
        print(exc.message, file=stderr)
        return 1
    finally:
        store.close()


def _lijst(store: Store, out: TextIO) -> int:
    sessions = store.list_sessions()
    print(f"Opslag: {store.describe()}", file=out)
    if not sessions:
        print("Er zijn nog geen sessies.", file=out)
        return 0
    header = ("Code", "Aangemaakt", "Deelnemers", "Antwoorden", "Titel")
    rows = [
        (
            s.code + (" (gesloten)" if s.closed else ""),
            dutch.stamp(s.created_at),
            str(s.participants),
            str(s.answers),
            s.title,
        )
        for s in sessions
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    for line in (header, *rows):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip(), file=out)
    print(f"{dutch.count(len(sessions), 'sessie', 'sessies')}.", file=out)
    return 0


def _nieuw(store: Store, titel: str, out: TextIO) -> int:
    info = store.create_session(title=titel)
    print(f"Nieuwe sessie aangemaakt: {info.code}", file=out)
    return 0


def _export(store: Store, code: str, csv_path: Path | None, report_path: Path | None, out: TextIO, err: TextIO) -> int:
    from .export import export_csv, export_questions_csv, question_answer_count, questions_path, write_report

    info = store.get_session(code)
    if info is None:
        print(f"Sessie {normalise_code(code)} bestaat niet. Bekijk de sessies met: handreiking sessie lijst", file=err)
        return 1
    if csv_path is None and report_path is None:
        csv_path = Path(f"sessie-{info.code}.csv")
        report_path = Path(f"sessie-{info.code}.html")
    try:
        if csv_path is not None:
            count = export_csv(store, info.code, csv_path)
            print(f"CSV geschreven: {csv_path} ({dutch.count(count, 'antwoord', 'antwoorden')})", file=out)
            if question_answer_count(store, info.code):
                second = questions_path(csv_path)
                count = export_questions_csv(store, info.code, second)
                print(
                    f"CSV van de groepsvragen geschreven: {second} ({dutch.count(count, 'antwoord', 'antwoorden')})",
                    file=out,
                )
        if report_path is not None:
            write_report(store, info.code, report_path)
            print(f"Verslag geschreven: {report_path}", file=out)
    except OSError as exc:
        print(f"Kan het exportbestand niet schrijven: {exc.filename or ''} ({exc.strerror or exc})", file=err)
        return 1
    return 0


def _verwijder(store: Store, code: str, ja: bool, ask: Ask, out: TextIO, err: TextIO) -> int:
    info = store.get_session(code)
    if info is None:
        print(f"Sessie {normalise_code(code)} bestaat niet; er is niets verwijderd.", file=err)
        return 1
    if not ja:
        prompt = (
            f"Sessie {info.code} met {dutch.count(info.answers, 'antwoord', 'antwoorden')} van "
            f"{dutch.count(info.participants, 'deelnemer', 'deelnemers')} verwijderen? "
            "Dit kan niet ongedaan worden. Typ 'ja' om te bevestigen: "
        )
        try:
            reply = ask(prompt)
        except (EOFError, KeyboardInterrupt):
            reply = ""
        if reply.strip().lower() not in ("ja", "j"):
            print("Niet verwijderd.", file=out)
            return 1
    removed = store.delete_session(info.code)
    print(
        f"Sessie {info.code} verwijderd, met {dutch.count(removed, 'antwoord', 'antwoorden')} en alle eerdere versies.",
        file=out,
    )
    return 0
