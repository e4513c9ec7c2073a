"""Lesson text from ``data/`` as Markdown, so lesson notebooks stay thin.

A notebook cell shows a step, a framework or an example with e.g.
``Markdown(stap_markdown(content, "1.1"))``. The text is the project's own
(Dutch, in our words, validated by the loader); these helpers only arrange it
and add the citations (lesson and step, the handreiking's own heading, sources
with their web address). It sits with the apps, the layer notebooks use, and
reads only :mod:`handreiking.content`.

The begrippenlijst (glossary, ``data/begrippen.yaml``) is rendered here too:
:func:`begrippen_notebook_cells` gives the entries of ``notebooks/begrippen.ipynb``
(one anchor per term, ``#begrip-<id>``), :func:`sync_begrippen_notebook` writes
them into that notebook, and :func:`link_begrippen` links the first use of a term
in a piece of Markdown to its entry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..content import Content, bundled_content
from ..content.begrippen import Begrip, Begrippen, begrippen_data
from ..content.models import vindplaats_label


def bullets(items: Iterable[str], indent: str = "") -> list[str]:
    return [f"{indent}- {item}" for item in items]


def table_cell(text: str) -> str:
    """Text that is safe inside a Markdown table cell (one line, no column separators)."""
    return " ".join(text.split()).replace("|", "\\|")


def _vindplaatsen(places: Iterable[str]) -> str:
    return ", ".join(vindplaats_label(p) for p in places)


def les_markdown(content: Content, number: int) -> str:
    """The lesson's title, its heading in the handreiking, the core message and the key points."""
    les = content.lessen[number]
    lines = [
        f"## Les {les.number}: {les.title}",
        "",
        f"*In de handreiking heet deze les: \u201c{les.title_source}\u201d.*",
        "",
        les.core_message,
        "",
        "**De kern in het kort**",
        "",
        *bullets(les.key_points),
    ]
    return "\n".join(lines) + "\n"


def stap_markdown(content: Content, stap_id: str, heading: bool = True) -> str:
    """One step: our title, the handreiking's heading (cited), the core message and the key points.

    ``heading=False`` leaves out the ``### Stap x.y: title`` line, for a notebook whose own Markdown cell
    already carries that heading (so the title is not shown twice).
    """
    stap = content.stap(stap_id)
    lines = [
        *([f"### Stap {stap.id}: {stap.title}", ""] if heading else []),
        f"*In de handreiking: \u201c{stap.title_source}\u201d.*",
        "",
        stap.core_message,
        "",
        "**Belangrijke punten**",
        "",
        *bullets(stap.key_points),
    ]
    return "\n".join(lines) + "\n"


def framework_markdown(content: Content, framework_id: str, level: int = 4) -> str:
    """A framework (list, typology, model): summary, items with their details, and notes."""
    fw = content.frameworks[framework_id]
    stappen = _vindplaatsen(fw.stappen)
    lines = [f"{'#' * level} {fw.title}", "", fw.summary + (f" ({stappen})" if stappen else ""), ""]
    for item in fw.items:
        lines.append(f"- **{item.name}**: {item.description}")
        lines += bullets(item.details, indent="    ")
    if fw.notes:
        lines += ["", "**Aandachtspunten**", "", *bullets(fw.notes)]
    return "\n".join(lines) + "\n"


def example_markdown(content: Content, example_id: str, level: int = 4) -> str:
    """A real example from the handreiking, retold in our words, with where it stands and its links."""
    ex = content.examples[example_id]
    stappen = _vindplaatsen(ex.stappen)
    lines = [
        f"{'#' * level} Voorbeeld: {ex.title} ({ex.place})",
        "",
        ex.story,
        "",
        f"**Wat je ervan leert:** {ex.lesson_point}",
        "",
        f"*In de handreiking bij {stappen}.*",
    ]
    links = [f"[{ex.title}]({url})" for url in ex.urls]
    links += [f"[{content.sources[s].title}]({content.sources[s].url})" for s in ex.sources if s in content.sources]
    if links:
        lines += ["", "Meer lezen: " + "; ".join(links)]
    return "\n".join(lines) + "\n"


def sources_markdown(content: Content, source_ids: Iterable[str] = (), stappen: Iterable[str] = ()) -> str:
    """Sources by their own title, with the web address: the given ids, plus every source used in ``stappen``."""
    wanted = list(source_ids)
    stap_set = set(stappen)
    wanted += [sid for sid, src in content.sources.items() if stap_set & set(src.used_in) and sid not in wanted]
    lines = []
    for sid in wanted:
        src = content.sources[sid]
        used = _vindplaatsen(src.used_in)
        lines.append(f"- {src.title} ({used}): <{src.url}>")
    return "\n".join(lines) + "\n"


def vraagstuk_markdown(vraagstuk: Any, level: int = 4) -> str:
    """A rollen vraagstuk with its trainer discussion (``bespreking``) and questions, for worked answers."""
    lines = [
        f"{'#' * level} {vraagstuk.title}",
        "",
        vraagstuk.beschrijving,
        "",
        "**Bespreking**",
        "",
        vraagstuk.bespreking,
    ]
    if getattr(vraagstuk, "vragen", None):
        lines += ["", "**Vragen om over door te praten**", "", *bullets(vraagstuk.vragen)]
    return "\n".join(lines) + "\n"


def _lessen_label(numbers: Iterable[int]) -> str:
    labels = [f"Les {n}" for n in sorted(numbers)]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " en " + labels[-1]


def introduction_markdown(content: Content) -> str:
    """What the handreiking is about, why, for whom and what it contains (from ``data/introduction.yaml``)."""
    intro = content.introduction
    lines = [f"## {intro.title}", ""]
    for paragraph in intro.context:
        lines += [paragraph, ""]
    lines += ["**Waarom deze handreiking**", "", intro.purpose, "", "**Voor wie**", "", *bullets(intro.audience)]
    lines += ["", "**Wat staat erin**", "", *bullets(intro.contents)]
    lines += ["", "*Bron: de introductie van de handreiking, in onze woorden.*"]
    return "\n".join(lines) + "\n"


def uitnodigende_overheid_markdown(content: Content) -> str:
    """The inviting government: what it asks of a municipality, and how you recognise it."""
    intro = content.introduction
    lines = [
        "### De uitnodigende overheid",
        "",
        intro.uitnodigende_overheid,
        "",
        "**Zo herken je een uitnodigende overheid**",
        "",
        *bullets(intro.uitnodigende_kenmerken),
        "",
        "*De drie kenmerken komen uit de handreiking; de toelichting erbij is van ons.*",
    ]
    return "\n".join(lines) + "\n"


def vuistregels_markdown(content: Content) -> str:
    """The three rules of thumb, numbered, each with the lessons that (in our reading) work it out."""
    lines = ["### De drie vuistregels", ""]
    for n, regel in enumerate(content.introduction.vuistregels, start=1):
        lines.append(f"{n}. **{regel.title}.** {regel.explanation}")
        if regel.lessen:
            lines.append(f"   *Uitgewerkt in {_lessen_label(regel.lessen)} (onze lezing).*")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def lessen_overview_markdown(content: Content) -> str:
    """A table of the seven lessons: our title, the handreiking's heading and the steps."""
    lines = ["| Les | Waar gaat het over | Stappen |", "|---|---|---|"]
    for les in content.lessen.values():
        stappen = "<br>".join(f"{s.id} {table_cell(s.title)}" for s in les.stappen)
        title = f"**{table_cell(les.title)}** (handreiking: *{table_cell(les.title_source)}*)"
        lines.append(f"| {les.number} | {title} | {stappen} |")
    return "\n".join(lines) + "\n"


def background_markdown(content: Content, key_points: bool = True) -> str:
    """The Achtergrondinformatie: summary and (optionally) its key points, with the sources it names."""
    bg = content.background
    lines = [f"## {bg.title}", "", bg.summary, ""]
    if key_points:
        lines += ["**De kern in het kort**", "", *bullets(bg.key_points), ""]
    lines.append("*Bron: de achtergrondinformatie van de handreiking, in onze woorden.*")
    return "\n".join(lines) + "\n"


# --- the begrippenlijst (glossary) --------------------------------------------------


BEGRIPPEN_NOTEBOOK = "begrippen.ipynb"
"""The glossary notebook, relative to a lesson notebook in ``notebooks/``."""

_PLACE_NOTEBOOK = {"introductie": "00-introductie.ipynb", "achtergrond": "achtergrond.ipynb"}


def begrip_anchor(begrip_id: str) -> str:
    """The anchor of a term in the glossary notebook: ``begrip-<id>`` (link with ``begrippen.ipynb#begrip-<id>``)."""
    return f"begrip-{begrip_id}"


def _place_link(where: str) -> str:
    """A place in the handreiking as a link to the notebook that treats it."""
    if where in _PLACE_NOTEBOOK:
        notebook = _PLACE_NOTEBOOK[where]
    else:
        notebook = f"les-{where.removeprefix('les-').split('.')[0]}.ipynb"
    return f"[{vindplaats_label(where)}]({notebook})"


def _sort_key(term: str) -> str:
    plain = term.lower()
    for accented, base in (("é", "e"), ("ë", "e"), ("è", "e"), ("ï", "i"), ("ö", "o"), ("ü", "u")):
        plain = plain.replace(accented, base)
    return plain


def begrip_markdown(begrip: Begrip, glossary: Begrippen) -> str:
    """One entry: the term with its anchor, the explanation, where it matters and related terms."""
    terms = glossary.by_id()
    lines = [f'### <a id="{begrip_anchor(begrip.id)}"></a>{begrip.term}', "", begrip.explanation, ""]
    if begrip.own_addition:
        lines += ["*De handreiking legt dit begrip niet zelf uit: deze uitleg is onze eigen aanvulling.*", ""]
    meta = "**Waar in de lessen:** " + ", ".join(_place_link(p) for p in begrip.stappen) + "."
    if begrip.see_also:
        related = ", ".join(f"[{terms[r].term}](#{begrip_anchor(r)})" for r in begrip.see_also if r in terms)
        meta += f" **Zie ook:** {related}."
    lines.append(meta)
    return "\n".join(lines) + "\n"


def _sorted_begrippen(glossary: Begrippen) -> list[Begrip]:
    return sorted(glossary.begrippen, key=lambda b: _sort_key(b.term))


def begrippen_index_markdown(glossary: Begrippen) -> str:
    """An A-Z index of all terms, each a link to its entry."""
    lines = ["## Alle begrippen van A tot Z", ""]
    by_letter: dict[str, list[Begrip]] = {}
    for begrip in _sorted_begrippen(glossary):
        by_letter.setdefault(_sort_key(begrip.term)[0].upper(), []).append(begrip)
    for letter, group in by_letter.items():
        links = " · ".join(f"[{b.term}](#{begrip_anchor(b.id)})" for b in group)
        lines += [f"**{letter}** {links}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def begrippen_markdown(content: Content, stap: str | None = None) -> str:
    """The glossary entries, A-Z; with ``stap`` (``"6.1"``, ``"les-2"``) only the terms that matter there."""
    glossary = begrippen_data(content)
    chosen = [b for b in _sorted_begrippen(glossary) if stap is None or stap in b.stappen]
    if not chosen:
        return f"Er zijn geen begrippen bij {vindplaats_label(stap or '')} in de begrippenlijst.\n"
    return "\n".join(begrip_markdown(b, glossary) for b in chosen)


def begrippen_notebook_cells(content: Content) -> list[tuple[str, str]]:
    """The generated cells of ``notebooks/begrippen.ipynb`` as (cell id, Markdown): the index, then one per term."""
    glossary = begrippen_data(content)
    cells = [("begrippen-index", begrippen_index_markdown(glossary))]
    cells += [(begrip_anchor(b.id), begrip_markdown(b, glossary)) for b in _sorted_begrippen(glossary)]
    return cells


def _is_generated(cell: dict[str, Any]) -> bool:
    return str(cell.get("id", "")).startswith(("begrip-", "begrippen-index"))


BEGRIPPEN_NOTEBOOK_PATH = Path(__file__).resolve().parents[2] / "notebooks" / BEGRIPPEN_NOTEBOOK
"""The glossary notebook in this project."""


def sync_begrippen_notebook(path: Path | None = None, content: Content | None = None) -> bool:
    """Write the glossary entries from ``data/begrippen.yaml`` into the notebook at ``path``; True if it changed.

    Cells whose id starts with ``begrip-`` (and the index) are generated; every other cell is left as it is.
    The generated cells go where the first of them stood (or after the first cell of a new notebook).
    Defaults: ``notebooks/begrippen.ipynb`` and the bundled ``data/``.
    """
    path = path or BEGRIPPEN_NOTEBOOK_PATH
    content = content or bundled_content()
    text = path.read_text(encoding="utf-8")
    notebook = json.loads(text)
    cells = notebook["cells"]
    at = next((i for i, c in enumerate(cells) if _is_generated(c)), 1)
    kept = [c for c in cells if not _is_generated(c)]
    at -= sum(1 for c in cells[:at] if _is_generated(c))
    generated = [
        {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": markdown.rstrip("\n").splitlines(True)}
        for cell_id, markdown in begrippen_notebook_cells(content)
    ]
    notebook["cells"] = kept[:at] + generated + kept[at:]
    new_text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    if new_text == text:
        return False
    path.write_text(new_text, encoding="utf-8")
    return True


_PROTECTED = re.compile(
    r"```.*?```"  # fenced code
    r"|`[^`\n]*`"  # inline code
    r"|!?\[[^\]\n]*\]\([^)\n]*\)"  # links and images (their text is not linked again)
    r"|<[^>\n]+>"  # HTML tags and autolinks
    r"|https?://\S+"  # bare web addresses
    r"|^[ \t]*#[^\n]*",  # headings
    re.DOTALL | re.MULTILINE,
)
_GLOSSARY_LINK = re.compile(r"\]\((?:[^)#\s]*/)?" + re.escape(BEGRIPPEN_NOTEBOOK) + r"#begrip-([a-z0-9-]+)\)")


def _form_pattern(form: str) -> str:
    escaped = re.escape(form).replace(r"\ ", r"\s+")
    return escaped if any(ch.isupper() for ch in form[1:]) else f"(?i:{escaped})"


def link_begrippen(
    markdown: str,
    content: Content,
    target: str = BEGRIPPEN_NOTEBOOK,
    seen: set[str] | None = None,
) -> str:
    """Link the first use of each glossary term in ``markdown`` to its entry (``target#begrip-<id>``).

    ``seen`` holds the ids already linked earlier (pass the same set for the cells of one notebook: only the
    first use per notebook gets a link); it is updated. Terms that are already linked count as seen. Headings,
    code, existing links, HTML and web addresses are left alone. A term with a capital letter after its first
    letter (RES, ABCD, Right to Challenge) matches only as written; other terms match in any case.
    """
    seen = set() if seen is None else seen
    glossary = begrippen_data(content)
    seen.update(_GLOSSARY_LINK.findall(markdown))
    owner: dict[str, str] = {}
    for begrip in glossary.begrippen:
        for form in begrip.link_forms:
            owner[form.lower()] = begrip.id
    forms = sorted(owner, key=len, reverse=True)
    originals = {f.lower(): f for b in glossary.begrippen for f in b.link_forms}
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(_form_pattern(originals[f]) for f in forms) + r")(?![\w-])")

    def link(match: re.Match[str]) -> str:
        begrip_id = owner[re.sub(r"\s+", " ", match.group(0)).lower()]
        if begrip_id in seen:
            return match.group(0)
        seen.add(begrip_id)
        return f"[{match.group(0)}]({target}#{begrip_anchor(begrip_id)})"

    out: list[str] = []
    pos = 0
    for protected in _PROTECTED.finditer(markdown):
        out.append(pattern.sub(link, markdown[pos : protected.start()]))
        out.append(protected.group(0))
        pos = protected.end()
    out.append(pattern.sub(link, markdown[pos:]))
    return "".join(out)
