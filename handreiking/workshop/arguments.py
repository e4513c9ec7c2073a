"""The ``handreiking workshop`` command line: its options, and the servers' settings they make.

The answers' location is ``--opslag`` (a folder, a SQLite file, ``sqlite:///pad`` or ``postgresql://...``),
the same option and word as in ``handreiking sessie``; like ``--sessie`` and ``--verversen`` it falls back on
its ``HANDREIKING_*`` environment variable (read in :mod:`handreiking.workshop.settings`). The old options
``--data`` and ``--database`` stop with a Dutch hint to ``--opslag``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .config import WorkshopSettings, available_memory_mb, is_loopback, lan_address, pool_plan
from .errors import WorkshopError
from .settings import WorkshopEnvironment, data_folder, setting_variables, workshop_settings

REQUIRED_APPS = ("overzicht", "balans", "rollen")
"""The participant apps a workshop needs (``notebooks/apps/<naam>.ipynb``)."""
DEFAULT_FOCUS = ("balans", "rollen")
"""Apps that get the full pool of preheated kernels when the trainer names neither --les nor --app."""

OPSLAG_HELP = (
    "waar de antwoorden komen: een map, een SQLite-bestand, sqlite:///pad of postgresql://... "
    "(of: $HANDREIKING_OPSLAG; standaard de gegevensmap van deze computer)"
)


class RenamedOption(argparse.Action):
    """An option that was renamed: stop with a Dutch hint to the new name."""

    def __init__(self, option_strings: Sequence[str], dest: str, new: str = "", **kwargs: Any) -> None:
        self.new = new
        super().__init__(option_strings, dest, nargs="?", help=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: Any, values: Any, option: str | None = None) -> None:
        parser.error(f"de optie {option} heet nu {self.new}. Gebruik: {self.new} {values or 'MAP'}")


def add_opslag_argument(parser: argparse.ArgumentParser) -> None:
    """``--opslag`` (and the Dutch hint for the old ``--data`` and ``--database``)."""
    parser.add_argument("--opslag", default=None, metavar="MAP_OF_URL", help=OPSLAG_HELP)
    parser.add_argument("--data", "--database", action=RenamedOption, new="--opslag", dest="old_opslag")


def workshop_env(args: argparse.Namespace) -> WorkshopEnvironment:
    """The ``HANDREIKING_*`` settings with this command line's values on top."""
    try:
        return workshop_settings(
            sessie=getattr(args, "sessie", None),
            opslag=getattr(args, "opslag", None),
            verversen=getattr(args, "verversen", None),
            les=getattr(args, "les", None),
            vragen=getattr(args, "vragen", None),
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise WorkshopError(
            f"Een instelling klopt niet ({problems}). Pas de optie of HANDREIKING_-variabele aan."
        ) from None


def _store_url(opslag: str | None) -> str:
    """The store target to pass on as given: a file or an address; "" for a folder (its database file is used)."""
    if opslag is None or data_folder(opslag) == Path(opslag).expanduser():
        return ""
    return opslag


def _data_dir(opslag: str | None) -> Path:
    """The local folder for the database, logs and exports (the default one for a database server)."""
    folder = data_folder(opslag) or data_folder(None)
    assert folder is not None
    return folder.expanduser().resolve()


def default_apps_dir() -> Path:
    """``notebooks/apps`` of this checkout, else of the working folder."""
    here = Path(__file__).resolve().parents[2] / "notebooks" / "apps"
    return here if here.is_dir() else Path.cwd() / "notebooks" / "apps"


def add_parser(subparsers: Any, run: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
    """Add the ``workshop`` subcommand to the CLI's subparsers; it calls ``run(args)``."""
    p = subparsers.add_parser(
        "workshop",
        help="start de workshopserver (apps voor de deelnemers + dashboard voor de trainer)",
        description=(
            "Start de apps voor de deelnemers (Voila, zonder code) en het dashboard voor de trainer. "
            "Toont het adres en een QR-code voor de groep. Stoppen: Ctrl+C."
        ),
    )
    p.add_argument("--deelnemers", type=int, default=20, metavar="N", help="verwacht aantal deelnemers (standaard 20)")
    p.add_argument(
        "--voorverwarmd",
        type=int,
        default=None,
        metavar="N",
        help="klaargezette apps per soort (standaard: één per deelnemer, begrensd door het vrije geheugen)",
    )
    p.add_argument(
        "--adres",
        default=None,
        help="netwerkadres voor de deelnemers (standaard: het adres van deze computer in het LAN)",
    )
    p.add_argument("--poort", type=int, default=8866, help="poort voor de deelnemers (standaard 8866)")
    p.add_argument("--dashboard-adres", default="127.0.0.1", help="adres van het dashboard (standaard 127.0.0.1)")
    p.add_argument("--dashboard-poort", type=int, default=8867, help="poort van het dashboard (standaard 8867)")
    p.add_argument(
        "--sessie",
        default=None,
        metavar="CODE",
        help="ga verder met een bestaande sessie (of: $HANDREIKING_SESSIE)",
    )
    p.add_argument("--titel", default="", help="titel van een nieuwe sessie")
    add_opslag_argument(p)
    p.add_argument(
        "--verversen",
        type=float,
        default=None,
        metavar="SEC",
        help="ververs het dashboard elke SEC seconden (standaard 3; of: $HANDREIKING_VERVERSEN)",
    )
    p.add_argument("--apps", type=Path, default=None, metavar="MAP", help="map met de deelnemers-apps")
    p.add_argument(
        "--les",
        type=int,
        default=None,
        metavar="N",
        help="de les van deze sessie: de apps uit haar sessieplan worden voor iedereen klaargezet",
    )
    p.add_argument(
        "--vragen",
        default=None,
        metavar="PAD",
        help=(
            "een eigen bestand (of map) met groepsvragen in het formaat van data/oefeningen/ (kind: oefening); "
            "wordt bij de start gecontroleerd, net als met 'handreiking check PAD'"
        ),
    )
    p.add_argument(
        "--app",
        action="append",
        default=None,
        metavar="NAAM",
        dest="focus",
        help=f"een app die de groep gebruikt (herhaalbaar; standaard: {', '.join(DEFAULT_FOCUS)})",
    )
    p.add_argument(
        "--opruimen-na",
        type=float,
        default=20.0,
        metavar="MIN",
        dest="opruimen_na",
        help="sluit de kernel van een gesloten pagina na zoveel minuten (standaard 20)",
    )
    p.add_argument(
        "--celtijd", type=int, default=90, metavar="SEC", help="maximale starttijd van een app (standaard 90)"
    )
    p.set_defaults(func=run)
    return p


def settings_from_args(args: argparse.Namespace) -> WorkshopSettings:
    """The servers' settings from the command line (and the ``HANDREIKING_*`` environment, see :mod:`.settings`)."""
    workshop = workshop_env(args)
    if args.deelnemers < 1 or args.deelnemers > 500:
        raise WorkshopError("--deelnemers moet tussen 1 en 500 liggen.")
    address = args.adres or lan_address()
    dashboard_address = args.dashboard_adres
    token = ""
    if not is_loopback(dashboard_address):
        import secrets

        token = secrets.token_urlsafe(24)  # reachable from the network: only with the token
    apps_dir = (args.apps or default_apps_dir()).resolve()
    focus = focus_apps(apps_dir, workshop.les, getattr(args, "focus", None))
    questions_env = group_question_env(workshop.les, workshop.vragen)
    pool = args.voorverwarmd
    if pool is None:
        in_use = len(focus) or len(list(apps_dir.glob("*.ipynb")))
        pool = pool_plan(args.deelnemers, in_use, available_memory_mb())
    return WorkshopSettings(
        apps_dir=apps_dir,
        data_dir=_data_dir(workshop.opslag),
        address=address,
        port=args.poort,
        dashboard_address=dashboard_address,
        dashboard_port=args.dashboard_poort,
        deelnemers=args.deelnemers,
        pool=pool,
        focus_apps=focus,
        cull_minutes=args.opruimen_na,
        cell_timeout=args.celtijd,
        dashboard_token=token,
        store_url=_store_url(workshop.opslag),
        refresh_seconds=workshop.verversen,
        extra_env=questions_env,
    )


def group_question_env(les: int | None, vragen: str | None) -> dict[str, str]:
    """The kernels' settings for the group questions: the lesson, and the trainer's own file once it checks out.

    The file is checked here, before anything starts (:func:`check_question_file`).
    """
    return setting_variables(les=les, vragen=check_question_file(vragen) if vragen else None)


def check_question_file(vragen: str) -> Path:
    """The trainer's question file as an absolute path, or a :class:`WorkshopError` with every problem in Dutch."""
    from ..content import ContentError
    from ..content.loader import load_question_file

    path = Path(vragen).expanduser().resolve()
    if not path.exists():
        raise WorkshopError(
            f"Het vragenbestand {path} bestaat niet (--vragen). Geef het pad naar een YAML-bestand (of een map) "
            "met 'kind: oefening', zoals de bestanden in data/oefeningen/."
        )
    try:
        oefeningen = load_question_file(path)
    except ContentError as exc:
        raise WorkshopError(
            f"Het vragenbestand {path} klopt niet (--vragen).\n{exc.report()}\n"
            f"Pas het bestand aan en controleer het met: handreiking check {vragen}"
        ) from None
    if not sum(len(o.questions) for o in oefeningen):  # pragma: no cover - the schema demands a question
        raise WorkshopError(f"Het vragenbestand {path} bevat geen vragen (--vragen).")
    return path


def focus_apps(apps_dir: Path, les: int | None, named: Sequence[str] | None) -> tuple[str, ...]:
    """The apps this session uses: named with --app, else those in the lesson's sessieplan, else the default.

    Only apps that exist in ``apps_dir`` count; a named app that does not exist is an error.
    """
    existing = {p.stem for p in apps_dir.glob("*.ipynb")}
    if named:
        unknown = [a for a in named if a not in existing]
        if unknown:
            raise WorkshopError(f"Onbekende app: {', '.join(unknown)}. Beschikbaar: {', '.join(sorted(existing))}.")
        return tuple(dict.fromkeys(named))
    if les is not None:
        if not 1 <= les <= 7:
            raise WorkshopError("--les moet een les van 1 tot en met 7 zijn.")
        from ..content import ContentError, bundled_content

        try:
            plans = [p for p in bundled_content().of_kind("sessieplan") if p.les == les]
        except ContentError as exc:
            raise WorkshopError(f"De inhoud in data/ klopt niet; draai 'handreiking check'.\n{exc}") from exc
        apps = [b.app for plan in plans for b in plan.blocks if b.app and b.app in existing]
        if apps:
            return tuple(dict.fromkeys(apps))
        return tuple(a for a in DEFAULT_FOCUS if a in existing)
    return tuple(a for a in DEFAULT_FOCUS if a in existing)
