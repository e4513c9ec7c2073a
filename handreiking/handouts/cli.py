"""``handreiking handouts`` and ``handreiking slides``: the lesson book and the slide decks from the notebooks.

Messages are Dutch; exit codes: 0 success, 1 built with a gap (no PDFs: no browser here), 2 a problem the
user can fix (the message says how).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(subparsers: Any) -> None:
    from .catalog import ORDER

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "namen",
        nargs="*",
        metavar="NAAM",
        help=f"alleen deze notebooks (zonder .ipynb), bijvoorbeeld les-6; standaard alles: {', '.join(ORDER)}",
    )
    common.add_argument("--notebooks", metavar="MAP", help="de map met de lesnotebooks (standaard notebooks/)")

    handouts = subparsers.add_parser(
        "handouts",
        parents=[common],
        help="bouw hand-outs (HTML en PDF) en het lesboek uit de lesnotebooks",
        description=(
            "Voert elk lesnotebook uit en maakt er een hand-out van zonder code: HTML en PDF (A4), met een "
            "schermafdruk en link van elke app, en achteraan de vragen van de les met de uitgewerkte antwoorden op "
            "een eigen pagina. Zonder NAAM komt er ook een lesboek bij: index.html met alle hand-outs, de apps en "
            "de begrippenlijst, en lesboek.pdf. Nodig: Chromium (apt-get install -y chromium) voor de PDF's."
        ),
    )
    handouts.add_argument("--map", default="build/handouts", help="waar de hand-outs komen (standaard build/handouts)")
    handouts.add_argument("--zonder-pdf", action="store_true", help="alleen HTML, geen PDF's (sneller)")
    handouts.add_argument("--ook-slides", metavar="MAP", help="maak in dezelfde run ook de dia's, in deze map")
    handouts.set_defaults(func=_cmd_handouts)

    slides = subparsers.add_parser(
        "slides",
        parents=[common],
        help="bouw dia's (reveal.js) uit de lesnotebooks",
        description=(
            "Maakt van elk lesnotebook een diavoorstelling (reveal.js) zonder code. Koppen starten een nieuwe dia; "
            "cellen met eigen dia-metadata houden die. reveal.js komt uit node_modules (npm ci) en wordt naast de "
            "dia's gezet: ze werken zonder internet."
        ),
    )
    slides.add_argument("--map", default="build/slides", help="waar de dia's komen (standaard build/slides)")
    slides.set_defaults(func=_cmd_slides)


def _options(args: argparse.Namespace, **kw: Any) -> Any:
    from .build import BuildOptions
    from .catalog import default_notebooks_dir

    notebooks = Path(args.notebooks) if args.notebooks else default_notebooks_dir()
    return BuildOptions(notebooks_dir=notebooks, names=tuple(args.namen), **kw)


def _run(options: Any) -> int:
    from .build import build
    from .catalog import HandoutError

    try:
        result = build(options)
    except HandoutError as exc:
        print(f"Niet gelukt: {exc}", file=sys.stderr)
        return 2
    for warning in result.warnings:
        print(f"Let op: {warning}", file=sys.stderr)
    where = result.index or (result.handouts[0].parent if result.handouts else None)
    if where:
        print(f"Klaar in {result.seconds:.0f} s. Open {where}")
    elif result.slides:
        print(f"Klaar in {result.seconds:.0f} s. Open {result.slides[0].parent}")
    wanted_pdf = options.handouts_dir is not None and options.pdf
    return 1 if wanted_pdf and not result.pdfs else 0


def _cmd_handouts(args: argparse.Namespace) -> int:
    return _run(
        _options(
            args,
            handouts_dir=Path(args.map),
            slides_dir=Path(args.ook_slides) if args.ook_slides else None,
            pdf=not args.zonder_pdf,
        )
    )


def _cmd_slides(args: argparse.Namespace) -> int:
    return _run(_options(args, slides_dir=Path(args.map)))
