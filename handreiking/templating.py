"""Jinja2 environments for the HTML this package writes (dashboard, report, landing page).

Every environment escapes by default (``autoescape``): text from a participant or a trainer's file can
never become markup. Markdown templates get their own environment whose ``finalize`` escapes each value for
Markdown (and HTML) instead; a value that is already safe is passed as :class:`markupsafe.Markup`.
Imported only where HTML is built (never in a participant app's kernel).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .content import dutch

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~>])")
"""Markdown markup characters to escape. Values always follow a prefix such as "| " or "> " in our templates,
so "-", "." and "+" cannot start a list; "<" and "&" are HTML-escaped before this."""


def md_escape(value: object) -> str:
    """Text safe for Markdown: HTML-escaped, markup characters backslash-escaped, on one line."""
    text = html.escape("" if value is None else str(value), quote=True)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def _md_finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return str(value)
    return md_escape(value)


def _filters() -> dict[str, Callable[..., Any]]:
    return {
        "count": dutch.count,
        "plural": dutch.plural,
        "date_time": dutch.date_time,
        "date": dutch.date,
        "stamp": dutch.stamp,
        "clock": dutch.clock,
    }


@cache
def html_environment(package: str, folder: str = "templates") -> Environment:
    """An autoescaping environment for the templates in ``package``'s ``folder``."""
    env = Environment(
        loader=PackageLoader(package, folder),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(_filters())
    return env


@cache
def markdown_environment(package: str, folder: str = "templates") -> Environment:
    """An environment for Markdown templates: every value is escaped for Markdown unless it is ``Markup``."""
    env = Environment(
        loader=PackageLoader(package, folder),
        autoescape=False,
        finalize=_md_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(_filters())
    return env


def render(package: str, template: str, **context: Any) -> str:
    """Render ``template`` from ``package``'s templates folder (Markdown escaping for ``*.md.j2``, else HTML)."""
    env = markdown_environment(package) if template.endswith(".md.j2") else html_environment(package)
    return env.get_template(template).render(**context)
