"""The ``handreiking`` command: ``check``, ``workshop``, ``sessie``, ``handouts``, ``slides``.

Messages are Dutch; exit codes: 0 success, 1 content problems, 2 usage errors. Option names are the same
everywhere: ``--inhoud`` is a content folder (``check``), ``--opslag`` where workshop answers are stored
(``workshop`` and ``sessie``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def _cmd_check(args: argparse.Namespace) -> int:
    from .content import DATA_DIR, check_paths

    data_dir = Path(args.inhoud) if args.inhoud else DATA_DIR
    problems = check_paths([Path(p) for p in args.paden], data_dir=data_dir)
    what = ", ".join(args.paden) if args.paden else str(data_dir)
    if problems:
        print(f"Niet in orde: {what}", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        n = len(problems)
        print(
            f"{n} {'probleem' if n == 1 else 'problemen'} gevonden. Pas de bestanden aan en controleer opnieuw.",
            file=sys.stderr,
        )
        return 1
    print(f"In orde: {what}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from .workshop.arguments import RenamedOption

    parser = argparse.ArgumentParser(
        prog="handreiking",
        description="Workshops en lessen over samenwerken met burgercollectieven in de energietransitie.",
    )
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT")
    sub.required = True

    check = sub.add_parser(
        "check",
        help="controleer data/ of eigen bestanden (zoals een eigen casus)",
        description=(
            "Controleert de inhoud in data/, of de opgegeven bestanden samen met data/. "
            "Meldt elk probleem met bestand, regel en veld. Exitcode 0 als alles in orde is."
        ),
    )
    check.add_argument("paden", nargs="*", metavar="PAD", help="YAML-bestanden of mappen om te controleren")
    check.add_argument("--inhoud", metavar="MAP", help="een andere inhoudsmap dan de meegeleverde data/")
    check.add_argument("--data", action=RenamedOption, new="--inhoud", dest="old_inhoud")
    check.set_defaults(func=_cmd_check)

    _add_optional(sub, "handreiking.workshop.server")
    _add_optional(sub, "handreiking.workshop.sessions_cli")
    _add_optional(sub, "handreiking.handouts.cli")
    return parser


def _add_optional(sub: argparse._SubParsersAction, module: str) -> None:
    """Register a subcommand module that exposes ``add_parser(subparsers)``."""
    import importlib

    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return
    mod.add_parser(sub)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
