"""The whole build: execute the notebooks once, photograph their apps once, then write hand-outs, PDFs, the
lesson book and the slide decks from the same executed notebooks."""

from __future__ import annotations

import contextlib
import copy
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content import Content, bundled_content
from .appshots import take_app_shots
from .book import BOOK_TITLE, BookEntry, render_index
from .browser import chromium, missing_browser
from .catalog import ORDER, Handout, HandoutError, app_title, discover, embedded_apps, oefeningen_per_handout
from .execute import execute_notebooks
from .figures import app_figure, oefening_note
from .html import Neighbour, render_handout
from .pdf import merge_book, print_pdf
from .preprocessors import AppFigures, HeadingLevels, LocalLinks, SlideStructure, StaticOutputs
from .slides import copy_reveal, default_reveal_source, render_slides

Say = Callable[[str], None]

INDEX = "index.html"
BOOK_PDF = "lesboek.pdf"


@dataclass
class BuildOptions:
    notebooks_dir: Path
    handouts_dir: Path | None = None
    """Where hand-outs, PDFs and the lesson book go (None: no hand-outs)."""
    slides_dir: Path | None = None
    """Where the slide decks go (None: no slides)."""
    names: Sequence[str] = ()
    """Only these hand-outs (notebook names); empty: the whole book, with its index and book PDF."""
    pdf: bool = True
    reveal_source: Path | None = None


@dataclass
class BuildResult:
    handouts: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    slides: list[Path] = field(default_factory=list)
    index: Path | None = None
    book_pdf: Path | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def build(options: BuildOptions, content: Content | None = None, say: Say = print) -> BuildResult:
    """Build what ``options`` asks for; raises :class:`HandoutError` (Dutch) on a problem the user can fix."""
    start = time.perf_counter()
    result = BuildResult()
    notebooks_dir = options.notebooks_dir
    apps_dir = notebooks_dir / "apps"
    handouts = discover(notebooks_dir, options.names)
    content = content or bundled_content()
    reveal_source = options.reveal_source or default_reveal_source()
    if options.slides_dir is not None:  # fail before the slow part when reveal.js is not there
        copy_reveal(reveal_source, options.slides_dir)

    say(f"Notebooks uitvoeren: {', '.join(h.notebook.name for h in handouts)}")
    notebooks = execute_notebooks([h.notebook for h in handouts])
    executed: dict[str, Any] = {h.name: nb for h, nb in zip(handouts, notebooks, strict=True)}
    apps = sorted({a.module for nb in executed.values() for a in embedded_apps(nb).values() if not a.is_oefening})
    oef_titles = {o.id: o.title for o in content.of_kind("oefening")}
    pages = {name: f"{name}.html" for name in _book_notebooks(notebooks_dir)}

    problem = missing_browser()
    if problem:
        result.warnings.append(f"Geen schermafdrukken van de apps en geen PDF's: {problem}.")
    log_dir = (options.handouts_dir or options.slides_dir or notebooks_dir).resolve().parent / "logs"
    with _browser(problem is None) as browser:
        shots = {}
        if browser is not None and apps:
            say(f"Schermafdrukken van de apps: {', '.join(apps)}")
            shots = take_app_shots(browser, apps, apps_dir, log_dir)

        figures = {
            medium: {app: app_figure(app, app_title(apps_dir, app), shots.get(app), medium) for app in apps}
            for medium in (True, False)
        }
        notes = {medium: {o: oefening_note(t, medium) for o, t in oef_titles.items()} for medium in (True, False)}

        def static(nb: Any, in_handout: bool) -> Any:
            """A copy of an executed notebook made static: apps as figures, no silent cells, local links."""
            nb = copy.deepcopy(nb)
            for step in (
                AppFigures(figures=figures[in_handout], oefeningen=notes[in_handout]),
                StaticOutputs(),
                HeadingLevels(),
                LocalLinks(pages=pages),
            ):
                nb, _ = step.preprocess(nb, {})
            return nb

        if options.handouts_dir is not None:
            _write_handouts(options, handouts, executed, static, content, browser, result, say)
        if options.slides_dir is not None:
            for handout in handouts:
                nb, _ = SlideStructure().preprocess(static(executed[handout.name], in_handout=False), {})
                path = options.slides_dir / f"{handout.name}.html"
                path.write_text(render_slides(nb, handout), encoding="utf-8")
                result.slides.append(path)
            say(f"Dia's: {len(result.slides)} in {options.slides_dir}")
    result.seconds = time.perf_counter() - start
    return result


def _write_handouts(
    options: BuildOptions,
    handouts: list[Handout],
    executed: dict[str, Any],
    static: Callable[[Any, bool], Any],
    content: Content,
    browser: Any,
    result: BuildResult,
    say: Say,
) -> None:
    out = options.handouts_dir
    assert out is not None
    out.mkdir(parents=True, exist_ok=True)
    oefeningen = oefeningen_per_handout(handouts, content.of_kind("oefening"), options.notebooks_dir)
    printing = browser is not None and options.pdf
    for i, handout in enumerate(handouts):
        previous = Neighbour(handouts[i - 1].label, f"{handouts[i - 1].name}.html") if i else None
        next_ = Neighbour(handouts[i + 1].label, f"{handouts[i + 1].name}.html") if i + 1 < len(handouts) else None
        html = render_handout(
            static(executed[handout.name], True),
            handout,
            oefeningen[handout.name],
            source=f"notebooks/{handout.notebook.name}",
            previous=previous,
            next_=next_,
            pdf=f"{handout.name}.pdf" if printing else None,
        )
        path = out / f"{handout.name}.html"
        path.write_text(html, encoding="utf-8")
        result.handouts.append(path)
        if printing:
            pdf = out / f"{handout.name}.pdf"
            print_pdf(browser, path, pdf, f"{handout.label} · hand-out")
            result.pdfs.append(pdf)
    say(f"Hand-outs: {len(result.handouts)} HTML en {len(result.pdfs)} PDF in {out}")
    if options.names:
        return  # a partial build leaves the book (index and book PDF) alone
    apps_used: dict[str, list[str]] = {}
    for handout in handouts:
        for app in embedded_apps(executed[handout.name]).values():
            if not app.is_oefening:
                apps_used.setdefault(app.module, []).append(handout.label)
    entries = [
        BookEntry(h, f"{h.name}.html", f"{h.name}.pdf" if printing else None, _count(oefeningen[h.name]))
        for h in handouts
    ]
    apps_dir = options.notebooks_dir / "apps"
    index = out / INDEX
    index.write_text(render_index(entries, apps_dir, apps_used), encoding="utf-8")
    if printing:
        cover = out / ".lesboek-voorblad.pdf"
        print_pdf(browser, index, cover, "Lesboek")
        book = out / BOOK_PDF
        pages = merge_book(cover, [(h.label, out / f"{h.name}.pdf") for h in handouts], book, BOOK_TITLE)
        cover.unlink()
        index.write_text(render_index(entries, apps_dir, apps_used, BOOK_PDF, pages), encoding="utf-8")
        result.book_pdf = book
        say(f"Lesboek: {index} en {book} ({pages} pagina's)")
    result.index = index


def _count(oefeningen: list[Any]) -> int:
    return sum(len(o.questions) for o in oefeningen)


def _book_notebooks(notebooks_dir: Path) -> list[str]:
    return [name for name in ORDER if (notebooks_dir / f"{name}.ipynb").is_file()]


@contextlib.contextmanager
def _browser(available: bool) -> Iterator[Any]:
    if not available:
        yield None
        return
    with chromium() as browser:
        yield browser


__all__ = ["BuildOptions", "BuildResult", "HandoutError", "build"]
