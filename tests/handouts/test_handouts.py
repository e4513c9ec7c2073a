"""The hand-out build's parts without a browser: which notebooks and questions, the preprocessors, the page
helpers, and the setup around it (JupyterLab without the news pop-up, Binder opening the introduction, make
targets, build/ outside git). The whole build in Chromium is tested in tests/browser/test_handouts_build.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from handreiking.content import Content
from handreiking.handouts import catalog
from handreiking.handouts.appshots import AppShot
from handreiking.handouts.catalog import HandoutError, discover, embedded_apps, oefeningen_per_handout
from handreiking.handouts.figures import app_figure, oefening_note, screenshot_alt
from handreiking.handouts.html import mark_external_links, question_context, without_cell_tabstops
from handreiking.handouts.preprocessors import (
    WIDGET_VIEW,
    AppFigures,
    HeadingLevels,
    LocalLinks,
    SlideStructure,
    StaticOutputs,
)
from handreiking.handouts.slides import REVEAL_FILES, copy_reveal

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"


def widget_output() -> nbformat.NotebookNode:
    return new_output(
        "execute_result",
        data={WIDGET_VIEW: {"model_id": "abc", "version_major": 2}, "text/plain": "BalansApp(children=...)"},
        execution_count=1,
    )


def markdown_output(text: str) -> nbformat.NotebookNode:
    return new_output("execute_result", data={"text/markdown": text, "text/plain": "<Markdown>"}, execution_count=1)


# --- catalog --------------------------------------------------------------------------------------------


def test_discover_lists_the_book_in_reading_order() -> None:
    """Introduction, Les 1-7, background (and the glossary when it exists), titled by their first heading."""
    handouts = discover(NOTEBOOKS)
    names = [h.name for h in handouts]
    assert names[:9] == ["00-introductie", *(f"les-{n}" for n in range(1, 8)), "achtergrond"]
    les6 = handouts[names.index("les-6")]
    assert (les6.label, les6.les) == ("Les 6", 6)
    assert les6.title.startswith("Les 6")
    assert handouts[0].label == "Introductie"


def test_discover_says_what_is_wrong(tmp_path: Path) -> None:
    """Unknown names and missing lesson notebooks are Dutch errors that say what to do."""
    with pytest.raises(HandoutError, match="Onbekende hand-out: les-9"):
        discover(NOTEBOOKS, ["les-9"])
    with pytest.raises(HandoutError, match=r"ontbreken.*les-1\.ipynb"):
        discover(tmp_path)
    with pytest.raises(HandoutError, match="bestaat niet"):
        discover(tmp_path / "nergens")


def test_embedded_apps_finds_apps_and_oefeningen() -> None:
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Les\nTekst met BalansApp.from_data() in proza telt niet."),
            new_code_cell("from handreiking.apps.balans import BalansApp\n\napp = BalansApp.from_data()\napp"),
            new_code_cell('from handreiking.apps.oefening import OefeningApp\n\nOefeningApp.from_data("les-6-balans")'),
            new_code_cell("Markdown(stap_markdown(content, '6.1'))"),
        ]
    )
    apps = embedded_apps(nb)
    assert set(apps) == {1, 2}
    assert (apps[1].module, apps[1].is_oefening) == ("balans", False)
    assert (apps[2].module, apps[2].argument, apps[2].is_oefening) == ("oefening", "les-6-balans", True)


def test_every_oefening_ends_exactly_one_handout(content: Content) -> None:
    """An oefening shown in a notebook stays with that notebook; any other one joins the lesson of its ``les``."""
    handouts = discover(NOTEBOOKS)
    oefeningen = content.of_kind("oefening")
    per = oefeningen_per_handout(handouts, oefeningen, NOTEBOOKS)
    placed = [o.id for os_ in per.values() for o in os_]
    assert sorted(placed) == sorted(o.id for o in oefeningen)
    assert [o.id for o in per["achtergrond"]] == ["achtergrond"]  # it says les 1, but the background shows it
    assert "les-6-balans" in [o.id for o in per["les-6"]]  # les-6.ipynb shows no oefening: joins by its les
    extra = SimpleNamespace(id="les-3-nieuw", les=3)
    assert "les-3-nieuw" in [o.id for o in oefeningen_per_handout(handouts, [extra], NOTEBOOKS)["les-3"]]


def test_binder_links_match_the_readme() -> None:
    """The Binder base in the hand-outs is the README's, and the README's JupyterLab badge opens the introduction."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert catalog.BINDER + "?urlpath=voila/render/notebooks/apps/balans.ipynb" in readme
    lab = re.findall(r"\(https://mybinder\.org/[^)]*urlpath=lab/tree/([^)]*)\)", readme)
    assert lab == ["notebooks/00-introductie.ipynb"]
    assert (ROOT / lab[0]).is_file()


# --- preprocessors --------------------------------------------------------------------------------------


def test_app_figures_replace_widgets_and_drop_widget_state() -> None:
    """The widget output becomes the app's figure (once), an oefening its pointer; no widget state remains."""
    nb = new_notebook(
        cells=[
            new_code_cell("from handreiking.apps.balans import BalansApp\n\nBalansApp.from_data()"),
            new_code_cell('from handreiking.apps.oefening import OefeningApp\nOefeningApp.from_data("x")'),
            new_code_cell("something_else()"),
        ]
    )
    for cell in nb.cells:
        cell.outputs = [widget_output(), widget_output()]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    pre = AppFigures(figures={"balans": "<figure>balans</figure>"}, oefeningen={"x": "<aside>x</aside>"})
    nb, _ = pre.preprocess(nb, {})
    html = [[o.data.get("text/html") for o in c.outputs] for c in nb.cells]
    assert html == [["<figure>balans</figure>"], ["<aside>x</aside>"], [pre.fallback]]
    assert all(WIDGET_VIEW not in o.data for c in nb.cells for o in c.outputs)
    assert "widgets" not in nb.metadata


def test_static_outputs_drop_warnings_and_silent_code_cells() -> None:
    stderr = new_output("stream", name="stderr", text="UserWarning: ...")
    nb = new_notebook(
        cells=[
            new_code_cell("import x"),
            new_code_cell("warn()", outputs=[stderr]),
            new_code_cell("Markdown('a')", outputs=[markdown_output("a"), stderr]),
            new_markdown_cell("tekst"),
        ]
    )
    nb, _ = StaticOutputs().preprocess(nb, {})
    assert [c.cell_type for c in nb.cells] == ["code", "markdown"]
    assert [o.output_type for o in nb.cells[0].outputs] == ["execute_result"]


def test_heading_levels_close_gaps_cell_by_cell() -> None:
    """A cell whose first heading skips a level is lifted with the headings below it; others stay as they are."""
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Les 7"),
            new_markdown_cell("## Groepen\n\ntekst"),
            new_code_cell("x", outputs=[markdown_output("#### Kader\n\n- punt\n\n##### Onderdeel")]),
            new_markdown_cell("### Voorbeeld"),
            new_markdown_cell("## Reflectie\n\nIn `code` staat # geen kop."),
        ]
    )
    nb, _ = HeadingLevels().preprocess(nb, {})
    assert nb.cells[2].outputs[0].data["text/markdown"] == "### Kader\n\n- punt\n\n#### Onderdeel"
    assert nb.cells[3].source == "### Voorbeeld"
    assert nb.cells[4].source.startswith("## Reflectie")


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("les-2.ipynb", "les-2.html"),
        ("les-2.ipynb#stap-2.1", "les-2.html#stap-2.1"),
        ("apps/balans.ipynb", catalog.binder_app_url("balans")),
        ("../exercises/les-6-balans.ipynb", catalog.BINDER + "?urlpath=lab/tree/exercises/les-6-balans.ipynb"),
        ("../exercises/", catalog.BINDER + "?urlpath=lab/tree/exercises/"),
        ("trainer/sessieplannen.ipynb", catalog.BINDER + "?urlpath=lab/tree/notebooks/trainer/sessieplannen.ipynb"),
        ("https://example.org/a.ipynb", "https://example.org/a.ipynb"),
        ("#reflectie", "#reflectie"),
    ],
)
def test_local_links_point_at_pages_or_binder(href: str, expected: str) -> None:
    links = LocalLinks(pages={"les-2": "les-2.html"})
    assert links.target(href) == expected
    assert (
        links.rewrite(f"Zie [dit]({href}) en ![plaatje](img/a.png).")
        == f"Zie [dit]({expected}) en ![plaatje](img/a.png)."
    )


def test_slide_structure_from_headings_and_length() -> None:
    """H1/H2 start a slide, lower headings and long cells a sub-slide, short cells are fragments; explicit
    slideshow metadata is kept."""
    long_text = "woord " * 200
    nb = new_notebook(
        cells=[
            new_markdown_cell("Inleiding zonder kop"),
            new_markdown_cell("## Stap 6.1"),
            new_code_cell("x", outputs=[markdown_output("### Stap 6.1: titel\n\nkern")]),
            new_markdown_cell("Korte toelichting."),
            new_markdown_cell(long_text),
            new_markdown_cell("# Nieuw deel"),
            new_markdown_cell("Sprekersnotitie", metadata={"slideshow": {"slide_type": "notes"}}),
        ]
    )
    nb, _ = SlideStructure().preprocess(nb, {})
    kinds = [c.metadata["slideshow"]["slide_type"] for c in nb.cells]
    assert kinds == ["slide", "slide", "subslide", "fragment", "subslide", "slide", "notes"]


def test_external_links_get_a_print_class_and_cells_no_tab_stop() -> None:
    html = (
        '<a href="https://a.nl/x">Rapport</a> <a href="https://a.nl/y">https://a.nl/y</a> '
        '<a class="hr-binder" href="https://b.nl">app</a><div class="jp-Cell-inputWrapper" tabindex="0">'
        '<div class="jp-RenderedHTMLCommon jp-OutputArea-output" data-mime-type="text/html" tabindex="0">'
    )
    out = without_cell_tabstops(mark_external_links(html))
    assert '<a class="hr-extern" href="https://a.nl/x">Rapport</a>' in out
    assert '<a href="https://a.nl/y">https://a.nl/y</a>' in out
    assert '<a class="hr-binder" href="https://b.nl">app</a>' in out
    assert 'tabindex="0"' not in out


# --- figures and questions ------------------------------------------------------------------------------


def test_app_figure_has_screenshot_alt_caption_link_and_qr() -> None:
    shot = AppShot("balans", "Balans", b"\x89PNG", ("Balans", "Waar kom je uit?", "De drie valkuilen"), True)
    alt = screenshot_alt(shot)
    assert alt.startswith("Schermafdruk van de app ‘Balans’ zoals hij opent")
    assert "Waar kom je uit?; De drie valkuilen" in alt and "bovenste deel" in alt
    html = app_figure("balans", "Balans", shot)
    assert html.startswith('<figure class="hr-app-figuur"><img class="hr-shot" src="data:image/png;base64,')
    assert catalog.binder_app_url("balans") in html and "<figcaption>" in html
    assert re.search(r'<img class="hr-qr" src="data:image/png;base64,[^"]+" alt="QR-code', html)
    without = app_figure("balans", "Balans <b>", None)
    assert "hr-shot" not in without and "Balans &lt;b&gt;" in without
    assert 'href="#controleer-je-begrip"' in oefening_note("Vragen")
    assert "#controleer-je-begrip" not in oefening_note("Vragen", handout=False)


def test_question_context_names_the_right_options(content: Content) -> None:
    """Every question gets its options and an answer line with the letter and text of the correct option(s)."""
    for oefening in content.of_kind("oefening"):
        ctx = question_context(oefening)
        for vraag, q in zip(oefening.questions, ctx["questions"], strict=True):
            right = [i for i, o in enumerate(vraag.options) if o.correct]
            assert q["answer"].startswith("Antwoord " + "abcdefghij"[right[0]] + ") " + vraag.options[right[0]].text)
            assert [o["text"] for o in q["options"]] == [o.text for o in vraag.options]


# --- slides: reveal.js from npm -------------------------------------------------------------------------


def test_reveal_js_is_pinned_in_our_package_json() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"\d+\.\d+\.\d+", package["dependencies"]["reveal.js"])
    assert lock["packages"]["node_modules/reveal.js"]["version"] == package["dependencies"]["reveal.js"]


def test_copy_reveal_says_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(HandoutError, match="npm ci"):
        copy_reveal(tmp_path / "geen-reveal", tmp_path / "dia")
    source = tmp_path / "reveal"
    for name in REVEAL_FILES:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        if "." in Path(name).name or name == "LICENSE":
            (source / name).write_text("x")
        else:
            (source / name).mkdir()
    target = copy_reveal(source, tmp_path / "dia")
    assert all((target / name).exists() for name in REVEAL_FILES)


# --- the environment around the hand-outs ---------------------------------------------------------------


def test_jupyterlab_news_popup_is_switched_off_in_this_environment() -> None:
    """The override file is installed in this environment (make install / Binder postBuild), is valid JSON, and
    JupyterLab's own settings code reads "fetchNews": "false" from it as the default."""
    from jupyterlab.commands import get_app_dir
    from jupyterlab_server.settings_utils import get_settings

    repo_file = ROOT / "lab-settings" / "overrides.json"
    overrides = json.loads(repo_file.read_text(encoding="utf-8"))
    plugin = "@jupyterlab/apputils-extension:notification"
    assert overrides[plugin]["fetchNews"] == "false"
    app_dir = Path(get_app_dir())
    schema = json.loads((app_dir / "schemas" / "@jupyterlab" / "apputils-extension" / "notification.json").read_text())
    assert "false" in [choice["const"] for choice in schema["properties"]["fetchNews"]["oneOf"]]
    installed = app_dir / "settings" / "overrides.json"
    assert installed.is_file(), f"{installed} ontbreekt: draai `make install` (de Makefile zet hem daar)"
    assert json.loads(installed.read_text(encoding="utf-8")) == overrides
    with tempfile.TemporaryDirectory() as user_settings:
        result, _ = get_settings(str(app_dir / "settings"), str(app_dir / "schemas"), user_settings, schema_name=plugin)
    assert result["schema"]["properties"]["fetchNews"]["default"] == "false"
    assert "lab-settings/overrides.json" in (ROOT / "postBuild").read_text(encoding="utf-8")


def test_make_targets_write_into_an_ignored_folder() -> None:
    """`make handouts` and `make slides` exist and write into build/, which git ignores (no stale copy)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^handouts:.*\n\t.*handreiking handouts --map build/handouts", makefile, re.M)
    assert re.search(r"^slides:.*slides-deps.*\n\t.*handreiking slides --map build/slides", makefile, re.M)
    assert re.search(r"^test:.*slides-deps", makefile, re.M)
    paths = ["build/handouts/index.html", "build/slides/les-6.html"]
    ignored = subprocess.run(["git", "check-ignore", *paths], cwd=ROOT, capture_output=True, text=True)
    if ignored.returncode == 128 and "not a git repository" in ignored.stderr:
        pytest.skip("geen git-repository")
    assert ignored.stdout.split() == paths, f"build/ staat niet in .gitignore: {ignored.stderr}"
    tracked = subprocess.run(["git", "ls-files", "build"], cwd=ROOT, capture_output=True, text=True).stdout
    assert tracked == "", f"gebouwde bestanden in git: {tracked[:200]}"


def test_cli_has_the_two_commands() -> None:
    from handreiking.cli import build_parser

    args = build_parser().parse_args(["handouts", "les-6", "--zonder-pdf", "--map", "x"])
    assert (args.namen, args.zonder_pdf, args.map) == (["les-6"], True, "x")
    assert build_parser().parse_args(["slides"]).map == "build/slides"
    done = subprocess.run(
        [sys.executable, "-m", "handreiking", "handouts", "les-9", "--zonder-pdf", "--map", "x"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2 and "Onbekende hand-out: les-9" in done.stderr
