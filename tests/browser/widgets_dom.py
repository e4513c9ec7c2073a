"""Find ipywidgets controls in a Voila page by their visible Dutch label, as a participant would.

ipywidgets 8 links a Dropdown's label with ``for=``, but not a slider's, a ToggleButtons' or a RadioButtons'
label, so these helpers look for the widget box whose own ``.widget-label`` has the given text.
"""

from __future__ import annotations

import re
from typing import Any

WIDGET_ERROR = ".jupyter-widgets.jupyter-widgets-error-widget"

CODE_SELECTORS = [
    ".jp-InputArea",
    ".jp-Cell-inputWrapper",
    ".jp-InputPrompt",
    ".jp-OutputPrompt",
    ".CodeMirror",
    ".cm-editor",
    '[data-mime-type="application/vnd.jupyter.stderr"]',
]
"""Anything that shows code, prompts or stderr output: a participant must never see these."""

FORBIDDEN_TEXT = [
    "Traceback",
    "import ",
    "Error displaying widget",
    "There was an error when executing cell",
    "Exception",
]

INTERACTIVE = (
    "select, button, input:not([type=hidden]), textarea, a[href], [role=slider], [role=button],"
    " [contenteditable=true], [tabindex]:not([tabindex='-1'])"
)
HEADINGS = "h1, h2, h3, h4"


def _exact(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def widget_box(page: Any, label: str) -> Any:
    """The widget whose own description label reads ``label`` (exactly)."""
    own_label = page.locator(":scope > .widget-label", has_text=_exact(label))
    return page.locator(".lm-Widget").filter(has=own_label).first


def slider(page: Any, label: str) -> Any:
    """The keyboard-focusable handle of the slider labelled ``label``."""
    return widget_box(page, label).locator("[role=slider]")


def dropdown(page: Any, label: str) -> Any:
    """The ``<select>`` of the Dropdown labelled ``label``."""
    return widget_box(page, label).locator("select")


def toggle(page: Any, label: str, option: str) -> Any:
    """One option button of the ToggleButtons labelled ``label``."""
    return widget_box(page, label).locator("button", has_text=_exact(option))


def radio(page: Any, label: str, option: str) -> Any:
    """One option of the RadioButtons labelled ``label``."""
    return widget_box(page, label).locator("label", has_text=_exact(option)).locator("input")


def control(page: Any, label: str) -> Any:
    """Any control by its visible label: a labelled widget, else a button or checkbox with that text."""
    box = widget_box(page, label)
    # ipywidgets puts a FontAwesome <i> (a private-use glyph) before a button's text: allow it in the name
    button = page.get_by_role("button", name=re.compile(rf"^\W*{re.escape(label)}\s*$"))
    return box.or_(button).or_(page.get_by_label(_exact(label))).first


def visible_text(page: Any) -> str:
    return str(page.evaluate("() => document.body.innerText"))


def visible_count(page: Any, selector: str) -> int:
    return int(
        page.evaluate(
            """(sel) => [...document.querySelectorAll(sel)].filter(e => {
                 const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
                 return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
               }).length""",
            selector,
        )
    )


def boxes(page: Any, selector: str) -> list[dict[str, Any]]:
    """Visible elements matching ``selector`` with their bounding box and a short description."""
    return list(
        page.evaluate(
            """(sel) => {
              const els = [...document.querySelectorAll(sel)].filter(e => {
                const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
                return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
                  && !e.closest('[aria-hidden=true]');
              });
              return els.map((e, i) => {
                e.setAttribute('data-hr-box', String(i));
                const r = e.getBoundingClientRect();
                const label = (e.getAttribute('aria-label') || e.innerText || e.value || e.title || '').trim();
                return {i, tag: e.tagName.toLowerCase(), cls: String(e.className || '').slice(0, 60),
                        text: label.slice(0, 40), left: r.left + scrollX, top: r.top + scrollY,
                        right: r.right + scrollX, bottom: r.bottom + scrollY};
              });
            }""",
            selector,
        )
    )


def nested(page: Any, a: int, b: int) -> bool:
    """True when box ``a`` contains box ``b`` in the DOM or the other way round (not an overlap)."""
    return bool(
        page.evaluate(
            """([a, b]) => {
              const x = document.querySelector(`[data-hr-box="${a}"]`);
              const y = document.querySelector(`[data-hr-box="${b}"]`);
              return x.contains(y) || y.contains(x) || (x.control && x.control === y) || (y.control && y.control === x);
            }""",
            [a, b],
        )
    )


def overlaps(page: Any, selector: str, tolerance: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of visible elements whose boxes intersect by more than ``tolerance`` px (nested ones excluded)."""
    found = boxes(page, selector)
    pairs = []
    for n, a in enumerate(found):
        for b in found[n + 1 :]:
            dx = min(a["right"], b["right"]) - max(a["left"], b["left"])
            dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if dx > tolerance and dy > tolerance and not nested(page, a["i"], b["i"]):
                pairs.append((f"{a['tag']}.{a['cls']} '{a['text']}'", f"{b['tag']}.{b['cls']} '{b['text']}'"))
    return pairs


DESCRIBE_JS = """(el) => {
  if (!el || el === document.body) return 'body';
  const box = el.closest('.lm-Widget');
  const own = box ? [...box.children].find(c => c.classList && c.classList.contains('widget-label')) : null;
  const label = own ? own.innerText.trim() : '';
  const tag = el.tagName.toLowerCase();
  if (el.getAttribute('role') === 'slider') return 'slider:' + label;
  if (el.classList.contains('widget-readout')) return 'readout:' + label;
  if (tag === 'select') return 'select:' + label;
  if (tag === 'button') return 'button:' + el.innerText.trim();
  if (tag === 'input' && el.type === 'radio') return 'radio:' + label + '/' + el.parentElement.innerText.trim();
  if (tag === 'input' && el.type === 'checkbox') return 'checkbox:' + (el.parentElement.innerText || label).trim();
  if (tag === 'input' || tag === 'textarea') return 'textbox:' + label;
  if (tag === 'a') return 'link:' + el.innerText.trim();
  if (tag === 'summary') return 'summary:' + el.innerText.trim();
  return tag + ':' + (el.getAttribute('aria-label') || el.innerText || '').trim().slice(0, 40);
}"""
"""A short, stable name for a control: its kind and visible label (what a keyboard user lands on)."""

APP_CONTROLS_JS = (
    """() => {
  const describe = """
    + DESCRIBE_JS
    + """;
  const sel = 'select, button, input:not([type=hidden]), textarea, a[href], summary, [role=slider],'
    + ' [contenteditable=true]';
  return [...document.querySelectorAll('.hr-app')].flatMap(app => [...app.querySelectorAll(sel)])
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && !e.disabled; })
    .map(describe);
}"""
)
"""The visible, enabled controls of the app, described like :data:`DESCRIBE_JS`."""


def focused(page: Any) -> str:
    """The description of the element that has keyboard focus."""
    return str(page.evaluate(f"() => ({DESCRIBE_JS})(document.activeElement)"))


def tab_to(page: Any, target: str, max_tabs: int = 120) -> int:
    """Press Tab until the control described as ``target`` has focus; returns the number of presses."""
    for n in range(1, max_tabs + 1):
        page.keyboard.press("Tab")
        if focused(page) == target:
            return n
    raise AssertionError(f"{target!r} not reached with Tab in {max_tabs} presses")


# --- Chromium's accessibility tree ---------------------------------------------------------------------

CONTROL_ROLES = frozenset(
    {
        "button",
        "checkbox",
        "combobox",
        "link",
        "listbox",
        "menuitem",
        "radio",
        "searchbox",
        "slider",
        "spinbutton",
        "switch",
        "tab",
        "textbox",
    }
)
"""Roles of the things a participant operates; each needs a name that says what it sets or does."""

VISIBLE_LABEL_JS = """function () {
  const text = (el) => el ? el.textContent.replace(/\\s+/g, ' ').trim() : null;
  const box = this.closest('.widget-slider, .widget-inline-hbox, .widget-inline-vbox');
  const own = box ? [...box.children].find(c => c.classList && c.classList.contains('widget-label')) : null;
  const readout = box && box.classList.contains('widget-slider') ? box.querySelector('.widget-readout') : null;
  return {label: text(own), readout: text(readout), valuetext: this.getAttribute('aria-valuetext')};
}"""
"""The visible description label and (for a slider) the readout of the ipywidgets control ``this`` is in."""


def accessible_controls(page: Any) -> list[dict[str, Any]]:
    """Every control in Chromium's accessibility tree: its role, accessible name and value text and, for an
    ipywidgets control, the visible label (and a slider's readout) of its widget, read from the DOM node
    behind the tree node.

    Uses the Chrome DevTools Protocol (``Accessibility.getFullAXTree``): the names a screen reader gets. The
    value text comes from the node's ``aria-valuetext`` attribute: the protocol's tree reports it empty even
    for a static attribute (Chromium 156), while screen readers do read it.
    """
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Accessibility.enable")
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        found = []
        for node in nodes:
            role = (node.get("role") or {}).get("value")
            if node.get("ignored") or role not in CONTROL_ROLES:
                continue
            entry: dict[str, Any] = {
                "role": role,
                "name": str((node.get("name") or {}).get("value") or "").strip(),
                "label": None,
                "readout": None,
                "valuetext": None,
            }
            backend = node.get("backendDOMNodeId")
            if backend is not None:
                obj = cdp.send("DOM.resolveNode", {"backendNodeId": backend}).get("object", {})
                if obj.get("objectId"):
                    result = cdp.send(
                        "Runtime.callFunctionOn",
                        {"objectId": obj["objectId"], "functionDeclaration": VISIBLE_LABEL_JS, "returnByValue": True},
                    )
                    seen = result.get("result", {}).get("value") or {}
                    entry["label"], entry["readout"] = seen.get("label"), seen.get("readout")
                    entry["valuetext"] = seen.get("valuetext")
            found.append(entry)
        return found
    finally:
        cdp.detach()


def control_name_problems(page: Any) -> list[str]:
    """What is wrong with the controls' names in Chromium's accessibility tree (empty when nothing is).

    Every control has a name; a slider is named by its visible label and its value text is its readout; a
    labelled list is named by its label.
    """
    controls = accessible_controls(page)
    if not controls:
        return ["no controls in the accessibility tree"]
    problems = [f"{c['role']} without a name (label {c['label']!r})" for c in controls if not c["name"]]
    for c in controls:
        if c["role"] == "slider" and c["name"] != c["label"]:
            problems.append(f"slider named {c['name']!r}, its visible label is {c['label']!r}")
        if c["role"] == "slider" and c["readout"] and c["valuetext"] != c["readout"]:
            problems.append(f"slider {c['name']!r} says {c['valuetext']!r}, its readout shows {c['readout']!r}")
        if c["role"] in {"combobox", "listbox"} and c["label"] and c["name"] != c["label"]:
            problems.append(f"{c['role']} named {c['name']!r}, its visible label is {c['label']!r}")
    return problems
