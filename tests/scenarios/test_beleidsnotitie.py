"""The beleidsnotitie builder (Les 1, Stap 1.2): the draft's structure, escaping, limits and download link."""

from __future__ import annotations

import base64
import html
import re
from urllib.parse import unquote

import mistune
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handreiking.content import Content
from handreiking.content.beleidsnotitie import ONDERDEEL_IDS, BeleidsnotitieSjabloon, beleidsnotitie_sjabloon
from handreiking.scenarios.beleidsnotitie import (
    FILENAME,
    MAX_PART_CHARS,
    MAX_TITLE_CHARS,
    build_outline,
    clean_text,
    concept_html,
    download_link_html,
    make_concept,
)

ALLOWED_TAGS = {"h1", "h2", "p", "em", "strong", "br", "hr"}
"""The only tags the rendered draft may contain: the ones the builder itself writes."""


def render(markdown: str) -> str:
    return mistune.html(markdown)


def tags(rendered: str) -> set[str]:
    return {t.lower() for t in re.findall(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)", rendered)}


def visible_text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def section(rendered: str, nummer: int) -> str:
    """The rendered HTML of part ``nummer`` (from its heading to the next heading or rule)."""
    start = rendered.index(f"<h2>{nummer}. ")
    rest = rendered[start + 4 :]
    end = min(i for i in (rest.find("<h2>"), rest.find("<hr")) if i >= 0)
    return rest[:end]


def test_filled_parts_appear_in_order_with_their_question(content: Content) -> None:
    """Every filled part is in the draft under its own heading and guiding question, in the handreiking's order."""
    parts = {oid: f"Tekst voor {oid}." for oid in ONDERDEEL_IDS}
    md = build_outline("Onze notitie", parts, content)
    items = {i.id: i for i in content.frameworks["beleidsnotitie"].items}
    positions = [md.index(f"## {n}. {items[oid].name}") for n, oid in enumerate(ONDERDEEL_IDS, start=1)]
    assert positions == sorted(positions)
    for n, oid in enumerate(ONDERDEEL_IDS, start=1):
        part = section(render(md), n)
        assert items[oid].description in visible_text(part)
        assert f"Tekst voor {oid}." in visible_text(part)


def test_empty_parts_are_marked(content: Content) -> None:
    """A part without text gets the 'nog in te vullen' marker; a filled part does not."""
    marker = beleidsnotitie_sjabloon(content).leeg
    rendered = render(build_outline("", {"waarom": "Omdat inwoners het willen.", "budget": "   \n "}, content))
    assert marker not in visible_text(section(rendered, 1))
    for n in range(2, 8):
        assert marker in visible_text(section(rendered, n)), f"onderdeel {n}"


def test_draft_says_it_is_a_draft_and_cites_the_step(content: Content) -> None:
    """The footer cites Les 1, Stap 1.2 and says this is a draft (concept)."""
    md = build_outline("", {}, content)
    footer = md.rsplit("---", 1)[1]
    assert "Les 1, Stap 1.2" in footer
    assert "concept" in footer.lower()


def test_title_in_heading_and_limited(content: Content) -> None:
    """The user's title goes into the one top heading, cut to the title limit."""
    rendered = render(build_outline("T" * (MAX_TITLE_CHARS + 50), {}, content))
    h1 = re.findall(r"<h1>(.*?)</h1>", rendered)
    assert len(h1) == 1
    assert "T" * MAX_TITLE_CHARS in h1[0]
    assert "T" * (MAX_TITLE_CHARS + 1) not in h1[0]


ATTACKS = [
    "# kop",
    "## kop\nnog een regel",
    "<script>alert(1)</script>",
    "[link](http://x)",
    "![img](x)",
    "<img src=x onerror=alert(1)>",
    "`code` en ```\nblok\n```",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "- punt een\n- punt twee",
    "1. eerste\n2) tweede",
    "> citaat",
    "    ingesprongen code",
    "Kop\n===",
    "Kop\n---",
    "***",
    "<http://x.nl> en http://y.nl en www.z.nl en iemand@voorbeeld.nl",
    "[ref]: http://x\n[ref]",
    "**vet** en _schuin_ en ~~weg~~",
    "\\# backslash",
    "&lt;script&gt; en &amp; en &#60;b&#62;",
    "$x^2$ rekenen",
    "<!-- verstopt -->zichtbaar",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_user_markdown_and_html_render_as_plain_text(content: Content, attack: str) -> None:
    """Headings, links, images, tags, code, tables and lists typed by the user render as the text they typed."""
    md = build_outline(attack.split("\n")[0], {"waarom": attack}, content)
    rendered = render(md)
    assert tags(rendered) <= ALLOWED_TAGS
    assert len(re.findall(r"<h1>", rendered)) == 1
    assert len(re.findall(r"<h2>", rendered)) == len(ONDERDEEL_IDS)
    shown = visible_text(section(rendered, 1))
    for line in clean_text(attack)[0].split("\n"):
        assert line in shown


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_any_text_stays_text(content: Content, text: str) -> None:
    """Whatever is typed, the draft's structure stays the builder's: no extra tags, headings or links."""
    rendered = render(build_outline(text, {"criteria": text}, content))
    assert tags(rendered) <= ALLOWED_TAGS
    assert len(re.findall(r"<h2>", rendered)) == len(ONDERDEEL_IDS)
    cleaned = clean_text(text)[0]
    shown = visible_text(section(rendered, 4))
    for line in cleaned.split("\n"):
        assert line.strip() in shown


def test_control_and_invisible_characters_are_removed() -> None:
    """NUL, escape, bidi overrides and zero-width characters do not reach the draft."""
    text, cut = clean_text("a\x00b\x1b[31mc\u202ed\u200be\r\nf")
    assert text == "ab[31mcde\nf"
    assert not cut


def test_indentation_cannot_make_a_code_block() -> None:
    """Leading spaces and tabs are dropped from every line."""
    assert clean_text("    code\n\tmeer")[0] == "code\nmeer"


def test_long_text_is_cut_with_a_note(content: Content) -> None:
    """A part longer than the limit is cut to the limit, and the draft says so."""
    sjabloon = beleidsnotitie_sjabloon(content)
    md = build_outline("", {"budget": "x" * (MAX_PART_CHARS + 500)}, content)
    shown = visible_text(section(render(md), 6))
    assert "x" * MAX_PART_CHARS in shown
    assert "x" * (MAX_PART_CHARS + 1) not in shown
    assert sjabloon.ingekort.format(max=MAX_PART_CHARS) in shown


def test_text_at_the_limit_is_not_cut(content: Content) -> None:
    """A text of exactly the limit stays whole, without a note."""
    concept = make_concept("", {"budget": "y" * MAX_PART_CHARS}, content)
    budget = concept.onderdelen[5]
    assert budget.tekst == "y" * MAX_PART_CHARS
    assert not budget.ingekort


def test_download_link_decodes_to_the_same_markdown(content: Content) -> None:
    """The download link holds the draft itself (UTF-8, base64) and saves it as beleidsnotitie.md."""
    md = build_outline("Één titel", {"waarom": "Energie van ons allemaal: € en ü."}, content)
    link = download_link_html(md)
    assert f'download="{FILENAME}"' in link
    href = re.search(r'href="([^"]+)"', link).group(1)
    prefix = "data:text/markdown;charset=utf-8;base64,"
    assert href.startswith(prefix)
    assert base64.b64decode(unquote(href[len(prefix) :])).decode("utf-8") == md


def test_preview_html_escapes_user_text(content: Content) -> None:
    """The live preview shows typed tags as text."""
    preview = concept_html(make_concept("<b>titel</b>", {"waarom": "<img src=x onerror=alert(1)>"}, content))
    assert "<img" not in preview
    assert "<b>titel" not in preview
    assert "&lt;img src=x onerror=alert(1)&gt;" in preview


def test_template_checks_the_order_of_the_parts(content: Content) -> None:
    """A template that lists the seven parts in another order is reported in Dutch."""
    data = beleidsnotitie_sjabloon(content).model_dump(by_alias=True)
    data["onderdelen"] = list(reversed(data["onderdelen"]))
    problems = BeleidsnotitieSjabloon.model_validate(data).check()
    assert any("volgorde" in msg for _, msg in problems)


def test_worked_example_is_marked_invented(content: Content) -> None:
    """The worked example is an invented municipality and says 'verzonnen casus'."""
    voorbeeld = beleidsnotitie_sjabloon(content).voorbeeld
    assert voorbeeld.invented
    assert "verzonnen casus" in voorbeeld.toelichting.lower()
    assert set(voorbeeld.teksten) == set(ONDERDEEL_IDS)
