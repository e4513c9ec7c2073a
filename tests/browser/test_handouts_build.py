"""Hand-outs, the lesson book and the slide decks, built once from the lesson notebooks and checked in Chromium.

The build runs the real command (``python -m handreiking handouts --ook-slides``) into a temporary folder, so
nothing is read from a stale copy. Then: every page exists, holds no code and no prompt, is Dutch, loads
nothing from another host, passes axe-core, reads on a phone; the PDFs open, the worked answers start on a page
of their own, the book PDF has one bookmark per hand-out; a hand-out changes when its notebook changes.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
from browser_harness import PHONE, PROJECTOR, run_axe
from bs4 import BeautifulSoup

from handreiking.handouts.catalog import discover, embedded_apps
from handreiking.handouts.slides import REVEAL_FILES, default_reveal_source

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
HANDOUTS = discover(NOTEBOOKS)
NAMES = [h.name for h in HANDOUTS]
LABELS = {h.name: h.label for h in HANDOUTS}
CODE_CLASSES = {"jp-InputPrompt", "jp-OutputPrompt", "highlight", "cm-editor", "CodeMirror"}
CODE_TEXT = re.compile(r"\bfrom handreiking\b|\bimport \w|\.from_data\(|\bMarkdown\(|Traceback|\bApp\(")
BUILD_TIMEOUT = 900


@dataclass(frozen=True)
class Book:
    handouts: Path
    slides: Path | None
    log: str


def reveal_available() -> bool:
    source = default_reveal_source()
    return all((source / f).exists() for f in REVEAL_FILES)


def run_build(*args: str, timeout: int = BUILD_TIMEOUT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDREIKING_SESSION")}
    return subprocess.run(
        [sys.executable, "-m", "handreiking", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def book(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Book:
    """The whole book and the slides, built once for this module with the real command (needs Chromium)."""
    out = tmp_path_factory.mktemp("lesboek")
    args = ["handouts", "--map", str(out / "handouts")]
    slides = out / "slides" if reveal_available() else None
    if slides is not None:
        args += ["--ook-slides", str(slides)]
    done = run_build(*args)
    log = done.stdout + done.stderr
    assert done.returncode == 0, f"handreiking handouts failed (exit {done.returncode}):\n{log[-4000:]}"
    return Book(out / "handouts", slides, log)


@pytest.fixture
def slides_dir(book: Book) -> Path:
    if book.slides is None:
        reason = f"reveal.js ontbreekt in {default_reveal_source()}: installeer het met `npm ci` (make test doet dat)"
        if os.environ.get("HANDREIKING_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (in CI mag dit niet worden overgeslagen)")
        pytest.skip(reason)
    return book.slides


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def assert_static_and_code_free(soup: BeautifulSoup, name: str) -> None:
    """No code cell, no prompt, no code text; every code cell shows only its output."""
    assert soup.html is not None and soup.html.get("lang") == "nl", f"{name}: <html lang> is not nl"
    found = [el.get("class") for el in soup.find_all(class_=True) if CODE_CLASSES & set(el.get("class", []))]
    assert found == [], f"{name}: code or prompts: {found[:5]}"
    with_input = [c for c in soup.select(".jp-CodeCell") if "jp-mod-noInput" not in c.get("class", [])]
    assert with_input == [], f"{name}: {len(with_input)} code cells show their code"
    for style in soup.find_all("style"):
        style.decompose()
    text = soup.get_text(" ")
    assert not CODE_TEXT.search(text), f"{name}: code in the text: {CODE_TEXT.search(text)}"


def open_local(browser: Any, path: Path, viewport: dict[str, int]) -> tuple[Any, Any, list[str]]:
    """Open a local page; every request outside its folder (another host) is blocked and recorded."""
    context = browser.new_context(viewport=dict(viewport), locale="nl-NL")
    page = context.new_page()
    external: list[str] = []
    folder = path.parent.resolve().as_uri() + "/"

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith((folder, "data:", "blob:")):
            route.continue_()
        else:
            external.append(url)
            route.abort()

    page.route("**/*", route)
    page.goto(path.resolve().as_uri(), wait_until="load")
    return context, page, external


def serious(violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {node['target']} {node['html'][:160]}"
        for v in violations
        if v["impact"] in {"serious", "critical"}
        for node in v["nodes"]
    ]


# --- the build ------------------------------------------------------------------------------------------


def test_the_book_has_every_handout_as_html_and_pdf(book: Book) -> None:
    """Introduction, Les 1-7, background (and the glossary once it exists): HTML and PDF, plus index and book."""
    assert {"00-introductie", *(f"les-{n}" for n in range(1, 8)), "achtergrond"} <= set(NAMES)
    for name in NAMES:
        assert (book.handouts / f"{name}.html").is_file(), name
        assert (book.handouts / f"{name}.pdf").is_file(), name
    assert (book.handouts / "index.html").is_file()
    assert (book.handouts / "lesboek.pdf").is_file()


@pytest.mark.parametrize("name", NAMES)
def test_handout_is_dutch_static_and_without_code(book: Book, name: str) -> None:
    """No code, no prompts, no scripts; every image has a Dutch text alternative; headings do not skip levels."""
    soup = soup_of(book.handouts / f"{name}.html")
    assert soup.find("script") is None, "a hand-out needs no script"
    images = soup.find_all("img")
    no_alt = [img.get("src", "")[:40] for img in images if not (img.get("alt") or "").strip()]
    assert no_alt == [], f"images without alt text: {no_alt}"
    assert not any("No description" in (img.get("alt") or "") for img in images), "nbconvert's English default alt"
    levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    assert levels and levels[0] == 1 and levels.count(1) == 1, f"one h1 first: {levels[:5]}"
    skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert skips == [], f"heading levels skip: {skips}"
    assert_static_and_code_free(soup, name)


@pytest.mark.parametrize("name", NAMES)
def test_every_app_becomes_a_screenshot_with_link_and_qr_code(book: Book, name: str) -> None:
    """Each app cell of the notebook is a figure: screenshot of the starting state, caption, Binder link, QR code."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    apps = [a for a in embedded_apps(nb).values() if not a.is_oefening]
    soup = soup_of(book.handouts / f"{name}.html")
    figures = soup.select("figure.hr-app-figuur")
    assert len(figures) == len(apps)
    for app, figure in zip(apps, figures, strict=True):
        shot = figure.select_one("img.hr-shot")
        assert shot is not None and shot["src"].startswith("data:image/png;base64,"), "no screenshot"
        assert shot["alt"].startswith("Schermafdruk van de app"), shot["alt"]
        assert figure.find("figcaption") is not None
        link = figure.select_one("a.hr-binder")
        assert link is not None and link["href"].endswith(f"notebooks/apps/{app.module}.ipynb")
        assert figure.select_one("img.hr-qr")["alt"].startswith("QR-code")


@pytest.mark.parametrize("name", NAMES)
def test_handout_in_chromium_loads_nothing_from_elsewhere_and_passes_axe(book: Book, browser: Any, name: str) -> None:
    """In Chromium: no request leaves the folder, axe-core finds nothing serious, and a phone needs no sideways
    scrolling."""
    path = book.handouts / f"{name}.html"
    context, page, external = open_local(browser, path, PROJECTOR)
    try:
        assert page.evaluate("document.documentElement.lang") == "nl"
        problems = serious(run_axe(page))
        assert problems == [], "axe-core:\n" + "\n".join(problems)
        page.set_viewport_size(dict(PHONE))
        width = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"sideways scrolling on a phone: {width}"
    finally:
        context.close()
    assert external == [], f"requests to other hosts: {external[:5]}"


# --- questions, answers and PDFs ------------------------------------------------------------------------


def pdf_pages_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages]


@pytest.mark.parametrize("name", NAMES)
def test_questions_at_the_end_worked_answers_on_a_page_of_their_own(book: Book, name: str) -> None:
    """The lesson's questions come last; in the PDF the worked answers begin at the top of a new page."""
    from handreiking.content import bundled_content
    from handreiking.handouts.catalog import oefeningen_per_handout

    oefeningen = oefeningen_per_handout(HANDOUTS, bundled_content().of_kind("oefening"), NOTEBOOKS)[name]
    soup = soup_of(book.handouts / f"{name}.html")
    questions = soup.select(".hr-vragen .hr-vraaglijst > li")
    answers = soup.select(".hr-antwoorden .hr-antwoordlijst > li")
    assert len(questions) == len(answers) == sum(len(o.questions) for o in oefeningen)
    if not oefeningen:
        assert soup.select_one(".hr-vragen") is None
        return
    sections = soup.select("main > section")
    assert [s["id"] for s in sections[-2:]] == ["controleer-je-begrip", "uitgewerkte-antwoorden"]
    pages = pdf_pages_text(book.handouts / f"{name}.pdf")
    start = next(i for i, text in enumerate(pages) if "Uitgewerkte antwoorden" in text)
    assert pages[start].startswith("Uitgewerkte antwoorden"), "the worked answers do not start a new page"
    first_question = " ".join(oefeningen[0].questions[0].prompt.split())[:40]
    assert any(first_question in text for text in pages[:start]), "the questions are not before the answers"
    assert not any("Controleer je begrip" in text for text in pages[start:])


def test_book_pdf_has_one_bookmark_per_handout(book: Book) -> None:
    """lesboek.pdf: the cover, then every hand-out with a bookmark of its name; each part PDF opens."""
    from pypdf import PdfReader

    reader = PdfReader(str(book.handouts / "lesboek.pdf"))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == ["Inhoud", *LABELS.values()]
    assert sum(1 for label in titles if label.startswith("Les ")) == 7
    parts = [len(PdfReader(str(book.handouts / f"{name}.pdf")).pages) for name in NAMES]
    assert all(n > 0 for n in parts)
    assert len(reader.pages) > sum(parts)
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"
    if shutil.which("pdfinfo"):  # poppler (Debian's poppler-utils) opens it too
        info = subprocess.run(["pdfinfo", str(book.handouts / "lesboek.pdf")], capture_output=True, text=True)
        assert info.returncode == 0, info.stderr
        assert re.search(rf"^Pages:\s+{len(reader.pages)}$", info.stdout, re.M), info.stdout


def test_index_links_every_handout_the_glossary_and_the_apps(book: Book, browser: Any) -> None:
    """The lesson book's index: relative links to every page and PDF that exist, Binder links to every app."""
    index = book.handouts / "index.html"
    soup = soup_of(index)
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    local = [h for h in hrefs if not h.startswith(("http://", "https://", "#"))]
    assert all((book.handouts / h).is_file() for h in local), [h for h in local if not (book.handouts / h).is_file()]
    for name in NAMES:
        assert f"{name}.html" in local and f"{name}.pdf" in local
    assert "lesboek.pdf" in local
    assert ("begrippen.html" in local) == (NOTEBOOKS / "begrippen.ipynb").is_file()
    for app in sorted(p.stem for p in (NOTEBOOKS / "apps").glob("*.ipynb")):
        assert any(h.endswith(f"urlpath=voila/render/notebooks/apps/{app}.ipynb") for h in hrefs), app
    context, page, external = open_local(browser, index, PHONE)
    try:
        problems = serious(run_axe(page))
        assert problems == [], "axe-core:\n" + "\n".join(problems)
    finally:
        context.close()
    assert external == []


# --- slides ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_slides_run_from_the_local_reveal_js_without_code(slides_dir: Path, browser: Any, name: str) -> None:
    """Each deck: Dutch, no code, reveal.js from its own folder (nothing from a CDN), several slides, axe clean."""
    path = slides_dir / f"{name}.html"
    soup = soup_of(path)
    assert_static_and_code_free(soup, name)
    sources = [s.get("src") for s in soup.find_all("script") if s.get("src")]
    assert sources and all(src.startswith("reveal.js/") for src in sources), sources
    context, page, external = open_local(browser, path, PROJECTOR)
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
        assert page.evaluate("() => Reveal.getTotalSlides()") > 3
        problems = serious(run_axe(page))
        page.evaluate("() => Reveal.next()")
        problems += serious(run_axe(page))
        assert problems == [], "axe-core:\n" + "\n".join(problems)
    finally:
        context.close()
    assert external == [], f"requests to other hosts: {external[:5]}"


# --- one source of truth --------------------------------------------------------------------------------


def test_a_handout_follows_its_notebook(book: Book, tmp_path: Path) -> None:
    """Change a Markdown cell in (a copy of) a notebook and build again: the hand-out says the new text."""
    copy = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, copy, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    nb = nbformat.read(copy / "les-5.ipynb", as_version=4)
    sentence = "Deze zin staat alleen in de testkopie van het notebook, met kenmerk 7Q4X."
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and "## Reflectie" in c.source)
    cell.source += "\n\n" + sentence
    nbformat.write(nb, copy / "les-5.ipynb")
    out = tmp_path / "out"
    done = run_build("handouts", "les-5", "--notebooks", str(copy), "--map", str(out), "--zonder-pdf")
    assert done.returncode == 0, done.stdout + done.stderr
    changed = (out / "les-5.html").read_text(encoding="utf-8")
    assert sentence in changed
    assert sentence not in (book.handouts / "les-5.html").read_text(encoding="utf-8")
    assert not (out / "index.html").exists(), "a build of one hand-out leaves the book alone"
