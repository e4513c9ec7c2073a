"""The report model as HTML (one self-contained file) or Markdown, from the Jinja2 templates.

``templates/report.html.j2`` is autoescaped; ``templates/report.md.j2`` escapes every value for Markdown
(and HTML), so a reflection like ``<img onerror=...>`` or ``**vet**`` is shown, never run or formatted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...templating import render
from .model import Report, ReportStore, build_report


def render_html(report: Report) -> str:
    return render("handreiking.workshop", "report.html.j2", report=report)


def render_markdown(report: Report) -> str:
    return render("handreiking.workshop", "report.md.j2", report=report)


def report_html(store: ReportStore, session: str, **options: Any) -> str:
    """The session report as one self-contained HTML file (what the dashboard's button offers)."""
    return render_html(build_report(store, session, **options))


def report_markdown(store: ReportStore, session: str, **options: Any) -> str:
    """The same report as Markdown (charts embedded as data: URI images)."""
    return render_markdown(build_report(store, session, **options))


def write_report(store: ReportStore, session: str, path: Path) -> Path:
    """Write the report to ``path``: Markdown for ``.md``/``.markdown``, else HTML."""
    if path.suffix.lower() in (".md", ".markdown"):
        text = report_markdown(store, session)
    else:
        text = report_html(store, session)
    path.write_text(text, encoding="utf-8")
    return path
