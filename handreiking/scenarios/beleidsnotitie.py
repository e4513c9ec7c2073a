"""Build a draft outline of a gemeentelijke beleidsnotitie burgerinitiatieven (Les 1, Stap 1.2).

Pure functions, no widgets. The seven parts and their guiding questions come
from the framework ``beleidsnotitie``; hints and the fixed texts of the draft
from ``data/scenarios/beleidsnotitie/sjabloon.yaml``.

Everything the user types is treated as plain text. Before it goes into the
Markdown draft it is cleaned (control characters removed, leading indentation
dropped, length limited) and escaped for HTML (``& < >``) and for Markdown
(``\\ ` * _ [ ] ( ) | ~ $`` everywhere; ``# - + =`` and list numbers at the
start of a line; ``://``, ``www.`` and ``@`` so nothing turns into a link). The
result renders as the text the user typed: no headings, links, images or tags
of its own. The HTML preview is built from the same cleaned text with
:func:`html.escape`.
"""

from __future__ import annotations

import base64
import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from ..content import Content
from ..content.beleidsnotitie import ONDERDEEL_IDS, BeleidsnotitieSjabloon, beleidsnotitie_sjabloon

MAX_PART_CHARS = 2000
"""Longest text kept per part (characters, after cleaning); longer text is cut with a note."""

MAX_TITLE_CHARS = 120
"""Longest title kept (characters)."""

FILENAME = "beleidsnotitie.md"

_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
"""Control, format (e.g. bidi overrides, zero-width), surrogate, private-use and unassigned characters."""

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]()|~$#])")
_LINE_START = re.compile(r"^([+=-])")
_LIST_NUMBER = re.compile(r"^(\d{1,9})([.)])")
_AUTOLINK = re.compile(r"(://|www\.|@)", re.IGNORECASE)


# --- cleaning and escaping --------------------------------------------------------------


def clean_text(text: str, limit: int = MAX_PART_CHARS) -> tuple[str, bool]:
    """Plain text the user typed, tidied: returns (text, was it cut short?).

    Line ends become ``\\n``; tabs become spaces; control and invisible format
    characters are removed; each line loses its leading and trailing spaces (so
    indentation cannot make a code block); runs of blank lines shrink to one.
    """
    text = str(text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\t", " ")
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in _DROP_CATEGORIES)
    text = "\n".join(line.strip() for line in text.split("\n")).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    if len(text) > limit:
        return text[:limit].rstrip(), True
    return text, False


def clean_title(title: str) -> str:
    """The title on one line, cleaned and limited to :data:`MAX_TITLE_CHARS`."""
    text, _ = clean_text(str(title or "").replace("\n", " "), MAX_TITLE_CHARS)
    return re.sub(r" {2,}", " ", text.replace("\n", " "))


def escape_markdown_line(line: str) -> str:
    """One line of plain text as Markdown that renders as exactly that text."""
    line = _INLINE_SPECIAL.sub(r"\\\1", line)
    line = _AUTOLINK.sub(lambda m: m.group(1).replace(":", "\\:").replace(".", "\\.").replace("@", "\\@"), line)
    line = html.escape(line, quote=False)
    line = _LINE_START.sub(r"\\\1", line)
    line = _LIST_NUMBER.sub(r"\1\\\2", line)
    return line


def escape_markdown(text: str) -> str:
    """Cleaned plain text (see :func:`clean_text`) as Markdown paragraphs.

    Blank lines separate paragraphs; a single line break stays a line break
    (a backslash at the end of the line, CommonMark's hard break).
    """
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "\n\n".join("\\\n".join(escape_markdown_line(line) for line in p.split("\n")) for p in paragraphs)


def escape_html(text: str) -> str:
    """Cleaned plain text as HTML paragraphs (escaped; single line breaks become ``<br>``)."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "".join("<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs)


# --- the draft ------------------------------------------------------------------------


@dataclass(frozen=True)
class Onderdeel:
    """One part of the draft: the framework's name and question, the hint, and the user's cleaned text."""

    id: str
    nummer: int
    naam: str
    vraag: str
    hint: str
    tekst: str
    ingekort: bool

    @property
    def ingevuld(self) -> bool:
        return bool(self.tekst)


@dataclass(frozen=True)
class Concept:
    """The whole draft, before it is written as Markdown or HTML."""

    title: str
    onderdelen: tuple[Onderdeel, ...]
    sjabloon: BeleidsnotitieSjabloon

    @property
    def ingevuld(self) -> list[str]:
        return [o.id for o in self.onderdelen if o.ingevuld]

    @property
    def heading(self) -> str:
        return f"{self.sjabloon.kop}: {self.title}" if self.title else self.sjabloon.kop


def make_concept(title: str, parts: Mapping[str, str], content: Content) -> Concept:
    """Gather the seven parts in the handreiking's order, with the user's cleaned texts."""
    sjabloon = beleidsnotitie_sjabloon(content)
    framework = content.frameworks[sjabloon.framework]
    items = {item.id: item for item in framework.items}
    onderdelen = []
    for nummer, onderdeel_id in enumerate(ONDERDEEL_IDS, start=1):
        item = items[onderdeel_id]
        tekst, ingekort = clean_text(parts.get(onderdeel_id, "") or "")
        onderdelen.append(
            Onderdeel(
                id=onderdeel_id,
                nummer=nummer,
                naam=item.name,
                vraag=item.description,
                hint=sjabloon.hint(onderdeel_id),
                tekst=tekst,
                ingekort=ingekort,
            )
        )
    return Concept(clean_title(title), tuple(onderdelen), sjabloon)


def concept_markdown(concept: Concept) -> str:
    """The draft as Markdown: a heading and question per part, the user's escaped text or the marker."""
    s = concept.sjabloon
    lines = [
        f"# {escape_markdown_line(concept.heading)}",
        "",
        f"*{escape_markdown_line(s.concept)}*",
        "",
        f"Ingevuld: {len(concept.ingevuld)} van de {len(concept.onderdelen)} onderdelen.",
    ]
    for o in concept.onderdelen:
        lines += [
            "",
            f"## {o.nummer}. {escape_markdown_line(o.naam)}",
            "",
            f"**Vraag:** {escape_markdown_line(o.vraag)}",
            "",
        ]
        if o.ingevuld:
            lines.append(escape_markdown(o.tekst))
            if o.ingekort:
                lines += ["", f"*{escape_markdown_line(s.ingekort.format(max=MAX_PART_CHARS))}*"]
        else:
            lines.append(f"**{escape_markdown_line(s.leeg)}**")
    lines += ["", "---", "", f"*{escape_markdown_line(s.voettekst)}*", ""]
    return "\n".join(lines)


def build_outline(title: str, parts: Mapping[str, str], content: Content) -> str:
    """A Markdown draft of the beleidsnotitie: ``parts`` maps part ids (``waarom`` ...) to the user's text."""
    return concept_markdown(make_concept(title, parts, content))


def concept_html(concept: Concept) -> str:
    """The draft as HTML for the live preview (every text escaped)."""
    s = concept.sjabloon
    out = [
        f"<h2>{html.escape(concept.heading)}</h2>",
        f"<p><em>{html.escape(s.concept)}</em></p>",
        f"<p class='hr-note'>Ingevuld: {len(concept.ingevuld)} van de {len(concept.onderdelen)} onderdelen.</p>",
    ]
    for o in concept.onderdelen:
        out.append(f"<h3>{o.nummer}. {html.escape(o.naam)}</h3><p class='hr-note'>{html.escape(o.vraag)}</p>")
        if o.ingevuld:
            out.append(escape_html(o.tekst))
            if o.ingekort:
                out.append(f"<p><em>{html.escape(s.ingekort.format(max=MAX_PART_CHARS))}</em></p>")
        else:
            out.append(f'<p><span class="hr-badge hr-midden">{html.escape(s.leeg)}</span></p>')
    out.append(f"<hr><p class='hr-note'><em>{html.escape(s.voettekst)}</em></p>")
    return "".join(out)


def download_href(markdown: str) -> str:
    """A ``data:`` URL holding ``markdown`` (UTF-8, base64)."""
    data = base64.b64encode(markdown.encode("utf-8")).decode("ascii")
    return f"data:text/markdown;charset=utf-8;base64,{data}"


def download_link_html(markdown: str, filename: str = FILENAME, label: str = "Download als Markdown") -> str:
    """An ``<a download>`` link that saves ``markdown`` as ``filename``."""
    return (
        f'<a download="{html.escape(filename, quote=True)}" href="{download_href(markdown)}">{html.escape(label)}</a>'
    )
