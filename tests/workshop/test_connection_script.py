"""The participant page's connection script is included as it is, next to its one-button message box."""

from __future__ import annotations

import re

from handreiking.workshop.config import TEMPLATE_DIR

SCRIPT = TEMPLATE_DIR / "hr-connection.js"
PAGE = TEMPLATE_DIR / "index.html.j2"


def test_script_is_safe_to_include_verbatim() -> None:
    """No Jinja delimiters (the template includes the file raw) and nothing that ends the <script> element."""
    text = SCRIPT.read_text(encoding="utf-8")
    for marker in ("{{", "{%", "{#", "</script"):
        assert marker not in text, marker


def test_page_includes_the_script_once_with_its_message_box() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert page.count('{% include "hr-connection.js" %}') == 1
    box = re.search(r'<div id="hr-connection" role="alert" hidden>(.*?)</div>', page, re.S)
    assert box, "message box #hr-connection missing"
    assert box.group(1).count("<button") == 1 and 'id="hr-connection-button"' in box.group(1)
    assert page.index('id="hr-connection"') < page.index('{% include "hr-connection.js" %}')


def test_script_uses_the_ids_of_the_box() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    page = PAGE.read_text(encoding="utf-8")
    for element_id in re.findall(r'getElementById\("(hr-connection[\w-]*)"\)', text):
        assert f'id="{element_id}"' in page, element_id
