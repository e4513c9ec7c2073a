"""Export a workshop session: a readable report (HTML or Markdown) and a CSV for a spreadsheet.

Only pseudonyms are stored, so only pseudonyms are exported. The report is one model
(:mod:`.model`, built from the typed answers) rendered by two templates (:mod:`.render`); the CSV is
written separately (:mod:`.spreadsheet`), the answers to the group questions in a second CSV
(:mod:`.question_sheet`). Every piece of participant text is treated as hostile.
"""

from __future__ import annotations

from .model import (
    SECTION_BUILDERS,
    Block,
    Figure,
    Paragraph,
    Quote,
    Quotes,
    Report,
    ReportData,
    Section,
    SectionBuilder,
    Table,
    build_report,
)
from .question_sheet import (
    export_questions_csv,
    question_answer_count,
    questions_csv_bytes,
    questions_csv_text,
    questions_path,
)
from .render import render_html, render_markdown, report_html, report_markdown, write_report
from .spreadsheet import csv_bytes, csv_text, export_csv, neutralise_cell

__all__ = [
    "SECTION_BUILDERS",
    "Block",
    "Figure",
    "Paragraph",
    "Quote",
    "Quotes",
    "Report",
    "ReportData",
    "Section",
    "SectionBuilder",
    "Table",
    "build_report",
    "csv_bytes",
    "csv_text",
    "export_csv",
    "export_questions_csv",
    "neutralise_cell",
    "question_answer_count",
    "questions_csv_bytes",
    "questions_csv_text",
    "questions_path",
    "render_html",
    "render_markdown",
    "report_html",
    "report_markdown",
    "write_report",
]
