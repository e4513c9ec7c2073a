"""PDF from the hand-out pages, printed by Chromium (A4, the pages' own print styles), and the book as one PDF.

Nothing here lays out a page by hand: Chromium prints the HTML with its ``@media print`` rules (page breaks,
the worked answers on a page of their own), adds a footer with the page number, a document outline from the
headings and a tagged (accessible) PDF. pypdf only puts the printed files one after another for the book.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from .browser import local_only
from .catalog import HandoutError

FOOTER = (
    '<div style="width:100%;font-size:8pt;font-family:sans-serif;color:#595959;text-align:center;">'
    '{label} · pagina <span class="pageNumber"></span> van <span class="totalPages"></span></div>'
)
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}


def print_pdf(browser: Any, html: Path, pdf: Path, footer: str) -> None:
    """Print ``html`` (a local file) to ``pdf`` on A4; ``footer`` names the document on every page."""
    context = browser.new_context(locale="nl-NL")
    try:
        page = context.new_page()
        blocked = local_only(page, (html.parent.resolve().as_uri() + "/",))
        page.goto(html.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        page.pdf(
            path=str(pdf),
            format="A4",
            margin=MARGIN,
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER.format(label=escape(footer)),
            outline=True,
            tagged=True,
        )
    finally:
        context.close()
    if blocked:
        raise HandoutError(f"{html.name} vraagt iets op van een andere server: {blocked[0]}. Dat mag niet.")


def merge_book(cover: Path, parts: Sequence[tuple[str, Path]], out: Path, title: str) -> int:
    """One PDF: the cover, then every part with a bookmark named after it. Returns the number of pages."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter()
    writer.append(str(cover), outline_item="Inhoud", import_outline=False)
    for label, path in parts:
        writer.append(str(path), outline_item=label, import_outline=False)
    writer.add_metadata({"/Title": title})
    writer.root_object[NameObject("/Lang")] = TextStringObject("nl-NL")
    with out.open("wb") as fh:
        writer.write(fh)
    return len(writer.pages)
