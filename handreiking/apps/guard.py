"""The widget protocol treated as input: every message a page sends to a workshop kernel is checked first.

A participant's page talks to its kernel over a websocket: it moves a slider by sending a comm ``update``
with ``{"value": 42}``, picks an option with ``{"index": 2}``, clicks a button with a ``custom``
``{"event": "click"}`` message. Anyone can send other messages over the same websocket: a value beyond the
slider's end, an option that does not exist, a new ``max`` for the slider, a click on a disabled button,
text of a megabyte, or something that is not a widget message at all. ipywidgets would apply much of that
(or clip it, or log a traceback that travels back to the page).

:func:`install_widget_guard` wraps the kernel's ``comm_open`` and ``comm_msg`` handlers once, so every such
message is checked here, against the widget's own constraints, BEFORE ipywidgets sees it:

* ``update`` may only change what a person can change in the page: ``value`` of a slider, text field,
  checkbox or toggle, ``index`` of a dropdown, radio group or selection slider, ``selected_index`` of an
  accordion or tab. Numbers must be numbers within ``min``..``max``, choices one of the options, text a
  string of at most :data:`DEFAULT_MAX_TEXT_CHARS` characters (or the widget's own limit, :func:`limit_text`),
  and a disabled widget takes nothing. Every other key (``max``, ``options``, ``disabled``, ``layout``...)
  is refused.
* ``custom`` is only a click on an enabled button; ``request_state`` is allowed; nothing else.
* ``comm_open`` may only open the widget manager's control channel (a few at a time); the page never creates
  widgets in the kernel.

A refused message changes nothing: the widget is not touched, the page gets the widget's real state back
(so a page that showed the wrong value shows the right one again) and the server's log gets one short line
(:mod:`handreiking.workshop.kernel_log`; never a traceback, never on the page). What is shared is checked
once more, as the scenario's typed answer (pydantic), before it is stored (see :mod:`.share`).
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets import widget as widget_module
from ipywidgets.widgets.widget_float import _BoundedFloat, _BoundedFloatRange, _BoundedLogFloat, _Float
from ipywidgets.widgets.widget_int import _BoundedInt, _BoundedIntRange, _Int
from ipywidgets.widgets.widget_selection import _MultipleSelection, _Selection
from ipywidgets.widgets.widget_selectioncontainer import _SelectionContainer

from ..workshop.kernel_log import keep_off_the_page, server_log

DEFAULT_MAX_TEXT_CHARS = 2000
"""The longest text a page may put into a text field (the reflectie is cut to 500 by its panel, with a note)."""
MAX_CONTROL_COMMS = 8
"""Control channels (the page asks for all widget states through one) a page may keep open at once."""
CONTROL_TARGET = "jupyter.widget.control"
LOG_FIRST = 10
"""Refusals logged one by one; after that one line per :data:`LOG_EVERY` refusals."""
LOG_EVERY = 100

_TEXT_WIDGETS = (widgets.Text, widgets.Textarea)  # Password and Combobox are Texts; HTML and Label are not
_text_limits: weakref.WeakKeyDictionary[widgets.Widget, int] = weakref.WeakKeyDictionary()


class Refused(ValueError):
    """A message from the page that the guard does not let through; ``args[0]`` says why (for the log)."""


def limit_text(widget: widgets.Widget, max_chars: int) -> None:
    """Let this text field take at most ``max_chars`` characters from the page (default: 2000)."""
    _text_limits[widget] = int(max_chars)


def text_limit(widget: widgets.Widget) -> int:
    return _text_limits.get(widget, DEFAULT_MAX_TEXT_CHARS)


# --------------------------------------------------------------------------- checks per kind of widget


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


def _within(value: Any, low: Any, high: Any, what: str) -> None:
    if not low <= value <= high:
        raise Refused(f"{what} {value!r} ligt buiten {low}..{high}")


def _check_index(widget: _Selection, value: Any) -> None:
    if value is None:  # a person cannot empty a dropdown or radio group in the page once something is chosen
        if widget.index is not None:
            raise Refused("een gemaakte keuze kan niet leeg worden gemaakt")
        return
    if not _is_int(value):
        raise Refused(f"keuze {value!r} is geen volgnummer")
    _within(value, 0, len(widget._options_labels) - 1, "keuze")


def _check_indices(widget: _MultipleSelection, value: Any) -> None:
    if not isinstance(value, list | tuple) or not all(_is_int(v) for v in value):
        raise Refused("keuzes zijn geen lijst van volgnummers")
    for v in value:
        _within(v, 0, len(widget._options_labels) - 1, "keuze")
    if len(set(value)) != len(value):
        raise Refused("dubbele keuze")
    if isinstance(widget, widgets.SelectionRangeSlider) and (len(value) != 2 or value[0] > value[1]):
        raise Refused("een bereik heeft een begin en een eind, in die volgorde")


def _check_number(widget: widgets.Widget, value: Any) -> None:
    integer = isinstance(widget, _Int)
    if not (_is_int(value) if integer else _is_number(value)):
        raise Refused(f"waarde {value!r} is geen {'geheel ' if integer else ''}getal")
    if isinstance(widget, _BoundedLogFloat):
        _within(value, widget.base**widget.min, widget.base**widget.max, "waarde")
    elif isinstance(widget, _BoundedInt | _BoundedFloat):
        _within(value, widget.min, widget.max, "waarde")


def _check_range(widget: widgets.Widget, value: Any) -> None:
    integer = isinstance(widget, _BoundedIntRange)
    check = _is_int if integer else _is_number
    if not isinstance(value, list | tuple) or len(value) != 2 or not all(check(v) for v in value):
        raise Refused("een bereik is een paar getallen")
    if value[0] > value[1]:
        raise Refused("het begin van het bereik ligt na het eind")
    for v in value:
        _within(v, widget.min, widget.max, "waarde")


def _check_text(widget: widgets.Widget, value: Any) -> None:
    if not isinstance(value, str):
        raise Refused("tekst verwacht")
    if len(value) > text_limit(widget):
        raise Refused(f"tekst van {len(value)} tekens (maximaal {text_limit(widget)})")


def _check_bool(_widget: widgets.Widget, value: Any) -> None:
    if not isinstance(value, bool):
        raise Refused("ja/nee verwacht")


def _check_tab(widget: _SelectionContainer, value: Any) -> None:
    if value is None:
        return
    if not _is_int(value):
        raise Refused("paneel is geen volgnummer")
    _within(value, 0, len(widget.children) - 1, "paneel")


Check = Callable[[Any, Any], None]


def _editable(widget: widgets.Widget) -> dict[str, Check]:
    """The keys a person can change in the page for this widget, each with its check."""
    if isinstance(widget, _MultipleSelection):
        return {"index": _check_indices}
    if isinstance(widget, _Selection):
        return {"index": _check_index}
    if isinstance(widget, _BoundedIntRange | _BoundedFloatRange):
        return {"value": _check_range}
    if isinstance(widget, _Int | _Float):
        return {"value": _check_number}
    if isinstance(widget, _TEXT_WIDGETS):
        return {"value": _check_text}
    if isinstance(widget, widgets.Checkbox | widgets.ToggleButton):
        return {"value": _check_bool}
    if isinstance(widget, _SelectionContainer):
        return {"selected_index": _check_tab}
    return {}  # buttons, HTML, boxes, layouts, styles, outputs: nothing to change from the page


def check_update(widget: widgets.Widget, state: Any, buffer_paths: Any = None) -> None:
    """Raise :class:`Refused` unless ``state`` is a change a person could make to this widget in the page."""
    if not isinstance(state, Mapping) or not state:
        raise Refused("update zonder toestand")
    if buffer_paths not in (None, [], ()):
        raise Refused("update met binaire delen")
    editable = _editable(widget)
    for key in state:
        if key not in editable:
            raise Refused(f"'{key}' van {type(widget).__name__} is niet vanuit de pagina te veranderen")
    if getattr(widget, "disabled", False):
        raise Refused(f"{type(widget).__name__} staat uit")
    for key, value in state.items():
        editable[key](widget, value)


def check_custom(widget: widgets.Widget, content: Any) -> None:
    """Raise :class:`Refused` unless this is a click on an enabled button."""
    if not isinstance(widget, widgets.Button):
        raise Refused(f"eigen bericht aan {type(widget).__name__}")
    if not isinstance(content, Mapping) or dict(content) != {"event": "click"}:
        raise Refused("onbekend eigen bericht aan een knop")
    if widget.disabled:
        raise Refused("klik op een knop die uit staat")


def check_widget_message(widget: widgets.Widget, data: Any, buffers: Any = None) -> None:
    """Raise :class:`Refused` unless ``data`` (a comm message's data) is fine for this widget."""
    if not isinstance(data, Mapping):
        raise Refused("bericht zonder gegevens")
    method = data.get("method")
    if method == "update":
        if buffers:
            raise Refused("update met binaire delen")
        check_update(widget, data.get("state"), data.get("buffer_paths"))
    elif method == "custom":
        check_custom(widget, data.get("content"))
    elif method != "request_state":
        raise Refused(f"onbekende methode {str(method)[:40]!r}")


# --------------------------------------------------------------------------- the guard in the kernel


class WidgetGuard:
    """Wraps a kernel's ``comm_open`` and ``comm_msg`` handlers; counts and logs what it refuses."""

    def __init__(self, kernel: Any) -> None:
        self.kernel = kernel
        self.refused = 0
        self._lock = threading.Lock()
        handlers = kernel.shell_handlers
        self._comm_open = handlers["comm_open"]
        self._comm_msg = handlers["comm_msg"]
        handlers["comm_open"] = self.comm_open
        handlers["comm_msg"] = self.comm_msg

    @property
    def comm_manager(self) -> Any:
        return self.kernel.comm_manager

    def comm_open(self, stream: Any, ident: Any, msg: Any) -> None:
        try:
            content = msg["content"]
            target = content["target_name"]
            if not isinstance(content.get("comm_id"), str):
                raise Refused("kanaal zonder naam")
            if target != CONTROL_TARGET:
                raise Refused(f"kanaal {str(target)[:40]!r} mag niet vanuit de pagina geopend worden")
            open_now = sum(
                1 for c in self.comm_manager.comms.values() if getattr(c, "target_name", "") == CONTROL_TARGET
            )
            if open_now >= MAX_CONTROL_COMMS:
                raise Refused("te veel open kanalen")
        except Refused as refusal:
            self._refuse(str(refusal))
            return
        except Exception:
            self._refuse("onleesbaar bericht om een kanaal te openen")
            return
        self._comm_open(stream, ident, msg)

    def comm_msg(self, stream: Any, ident: Any, msg: Any) -> None:
        widget = None
        try:
            content = msg["content"]
            comm_id = content["comm_id"]
            if not isinstance(comm_id, str):
                raise Refused("bericht zonder kanaal")
            widget = widget_module._instances.get(comm_id)
            if widget is None:
                comm = self.comm_manager.get_comm(comm_id)
                if comm is None:
                    return  # no such channel: the comm manager would ignore it too
                if getattr(comm, "target_name", "") != CONTROL_TARGET or content.get("data") != {
                    "method": "request_states"
                }:
                    raise Refused("onbekend bericht op het controlekanaal")
            else:
                check_widget_message(widget, content.get("data"), msg.get("buffers"))
        except Refused as refusal:
            self._refuse(str(refusal), widget, msg)
            return
        except Exception:
            self._refuse("onleesbaar widgetbericht", widget, msg)
            return
        self._comm_msg(stream, ident, msg)

    def _refuse(self, reason: str, widget: widgets.Widget | None = None, msg: Any = None) -> None:
        with self._lock:
            self.refused += 1
            count = self.refused
        if count <= LOG_FIRST or count % LOG_EVERY == 0:
            server_log().warning("Widgetbericht geweigerd (%d in deze app): %s.", count, reason[:200])
        if widget is not None:
            _resend_state(widget, msg)


def _resend_state(widget: widgets.Widget, msg: Any) -> None:
    """Send the page the widget's real state for the keys it tried to change (so a real page shows it again)."""
    try:
        state = msg["content"]["data"]["state"]
        keys = [k for k in state if k in widget.keys] if isinstance(state, Mapping) else []
        if keys:
            widget.send_state(keys)
    except Exception:
        pass


_installed: weakref.WeakKeyDictionary[Any, WidgetGuard] = weakref.WeakKeyDictionary()
_install_lock = threading.Lock()


def install_widget_guard(kernel: Any = None) -> WidgetGuard | None:
    """Check every widget message of this kernel before ipywidgets applies it (once per kernel; idempotent).

    ``kernel``: the ipykernel kernel (default: the one this code runs in). Returns the guard, or None outside
    a kernel (a test, a script), where no page can send anything.
    """
    if kernel is None:
        kernel = _current_kernel()
        if kernel is None:
            return None
    with _install_lock:
        guard = _installed.get(kernel)
        if guard is None:
            keep_off_the_page("Comm", "ipykernel.comm")  # failures in the comm handlers: to the server's log only
            guard = _installed[kernel] = WidgetGuard(kernel)
        return guard


def guard_workshop_kernel() -> WidgetGuard | None:
    """Install the guard when this kernel runs in a workshop (a participant's app); otherwise do nothing."""
    from ..workshop.kernel import kernel_workshop

    if kernel_workshop() is None:
        return None
    return install_widget_guard()


def _current_kernel() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - ipywidgets depends on IPython
        return None
    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    return kernel if kernel is not None and hasattr(kernel, "shell_handlers") else None
