"""The lesson book's index page: every hand-out, the glossary and the apps, with relative links (USB stick).

Rendered with Jinja2 (autoescaped) from ``templates/book/index.html.j2``; Chromium prints the same page as the
first page of the book PDF.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from .catalog import Handout, app_title, binder_app_url, binder_lab_url

BOOK_TITLE = "Lesboek: samenwerken met burgercollectieven in de energietransitie"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "book"


@dataclass(frozen=True)
class BookEntry:
    """One hand-out in the book: its page, its PDF (if printed) and how many questions it ends with."""

    handout: Handout
    href: str
    pdf: str | None
    questions: int


def render_index(
    entries: Sequence[BookEntry],
    apps_dir: Path,
    apps_used: Mapping[str, Sequence[str]],
    book_pdf: str | None = None,
    book_pages: int = 0,
) -> str:
    """The index page. ``apps_used`` maps an app to the labels of the hand-outs that show it."""
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["html", "j2"]))
    lessons = [_entry(e) for e in entries if e.handout.name != "begrippen"]
    glossary = next((_entry(e) for e in entries if e.handout.name == "begrippen"), None)
    apps = []
    for app in sorted(p.stem for p in apps_dir.glob("*.ipynb")):
        url = binder_app_url(app)
        apps.append(
            {
                "title": app_title(apps_dir, app),
                "url": url,
                "qr": segno.make(url, error="m").png_data_uri(scale=3, border=2),
                "lessons": _and(apps_used.get(app, ())),
            }
        )
    return env.get_template("index.html.j2").render(
        title=BOOK_TITLE,
        css=(TEMPLATE_DIR / "book.css").read_text(encoding="utf-8"),
        version=__version__,
        handouts=lessons,
        glossary=glossary,
        apps=apps,
        book_pdf=book_pdf,
        book_pages=book_pages,
        lab_url=binder_lab_url("notebooks/00-introductie.ipynb"),
    )


def _entry(entry: BookEntry) -> dict[str, object]:
    return {
        "label": entry.handout.label,
        "title": _full_title(entry.handout),
        "href": entry.href,
        "pdf": entry.pdf,
        "questions": entry.questions,
    }


def _full_title(handout: Handout) -> str:
    """The notebook's title, with the label in front when the title does not start with it."""
    title = handout.title
    return title if title.lower().startswith(handout.label.lower()) else f"{handout.label}: {title}"


def _and(labels: Sequence[str]) -> str:
    labels = list(dict.fromkeys(labels))
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " en " + labels[-1]
