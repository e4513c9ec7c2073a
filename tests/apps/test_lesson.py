"""Lesson text helpers: the Markdown that notebooks show, with citations of step and source."""

from __future__ import annotations

import re

import pytest

from handreiking.apps.lesson import (
    background_markdown,
    example_markdown,
    framework_markdown,
    introduction_markdown,
    les_markdown,
    lessen_overview_markdown,
    sources_markdown,
    stap_markdown,
    uitnodigende_overheid_markdown,
    vuistregels_markdown,
)
from handreiking.content import Content


def _headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("#")]


@pytest.mark.parametrize("number", range(1, 8))
def test_les_markdown_cites_the_handreiking_heading(content: Content, number: int) -> None:
    """A lesson starts with its own heading and cites the lesson's title in the handreiking."""
    text = les_markdown(content, number)
    les = content.lessen[number]
    assert _headings(text)[0] == f"## Les {number}: {les.title}"
    assert les.title_source in text


def test_stap_markdown_cites_step_and_key_points(content: Content) -> None:
    """A step names its id, cites the handreiking's heading and lists every key point as a bullet."""
    stap = content.stap("6.1")
    text = stap_markdown(content, "6.1")
    assert _headings(text) == [f"### Stap 6.1: {stap.title}"]
    assert f"\u201c{stap.title_source}\u201d" in text
    assert all(f"- {point}" in text for point in stap.key_points)


def test_framework_markdown_lists_items_and_steps(content: Content) -> None:
    """A framework shows every item by name, the steps it belongs to, at the requested heading level."""
    fw = content.frameworks["valkuilen"]
    text = framework_markdown(content, "valkuilen", level=3)
    assert _headings(text) == [f"### {fw.title}"]
    assert "(Stap 6.1)" in text
    assert all(f"- **{item.name}**" in text for item in fw.items)


def test_example_markdown_cites_step_and_source_link(content: Content) -> None:
    """A real example names the step it belongs to and links its source by title and web address."""
    text = example_markdown(content, "wageningen")
    source = content.sources["platform31-aardgasvrij"]
    assert "Stap 6.1" in text
    assert f"[{source.title}]({source.url})" in text


def test_sources_markdown_collects_sources_of_a_step(content: Content) -> None:
    """Asking for a step's sources lists each one used there, with its address, once."""
    text = sources_markdown(content, stappen=["6.1"])
    expected = [s for s in content.sources.values() if "6.1" in s.used_in]
    assert len(text.strip().splitlines()) == len(expected)
    assert all(f"<{s.url}>" in text for s in expected)


def test_introduction_markdown_has_purpose_audience_and_contents(content: Content) -> None:
    """The introduction shows why the handreiking exists, for whom and what it contains."""
    intro = content.introduction
    text = introduction_markdown(content)
    assert _headings(text) == [f"## {intro.title}"]
    assert intro.purpose in text
    assert all(f"- {who}" in text for who in intro.audience)
    assert all(f"- {item}" in text for item in intro.contents)


def test_uitnodigende_overheid_markdown_lists_the_characteristics(content: Content) -> None:
    """The inviting government is explained and each characteristic is a bullet."""
    intro = content.introduction
    text = uitnodigende_overheid_markdown(content)
    assert intro.uitnodigende_overheid in text
    assert sum(line.startswith("- ") for line in text.splitlines()) == len(intro.uitnodigende_kenmerken)


def test_vuistregels_markdown_numbers_three_rules_with_their_lessons(content: Content) -> None:
    """The three rules of thumb are numbered 1-3 and name the lessons that (in our reading) work them out."""
    text = vuistregels_markdown(content)
    numbered = re.findall(r"^(\d)\. \*\*(.+?)\.\*\*", text, flags=re.MULTILINE)
    assert numbered == [(str(i), r.title) for i, r in enumerate(content.introduction.vuistregels, 1)]
    assert "Les 2 en Les 5" in text
    assert "onze lezing" in text


def test_lessen_overview_markdown_is_a_table_of_all_steps(content: Content) -> None:
    """The overview is a Markdown table with one row per lesson that names every step."""
    text = lessen_overview_markdown(content)
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| Les ")]
    assert len(rows) == 7
    assert all(line.count("|") == 4 for line in text.splitlines())
    assert all(stap_id in text for stap_id in content.stappen)


def test_background_markdown_with_and_without_key_points(content: Content) -> None:
    """The background shows its summary; the key points only when asked for."""
    bg = content.background
    full = background_markdown(content)
    short = background_markdown(content, key_points=False)
    assert bg.summary in full and bg.summary in short
    assert all(f"- {point}" in full for point in bg.key_points)
    assert bg.key_points[0] not in short
