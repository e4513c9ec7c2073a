"""The widget guard (handreiking/apps/guard.py): what a page may send to a workshop kernel, checked first.

A fake kernel stands in for ipykernel: its ``comm_msg`` handler applies a message to the widget the way
ipywidgets does (``Widget._handle_msg``), so "refused" means the widget did not change and "allowed" means
it did.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
from ipywidgets.widgets import widget as widget_module

from handreiking.apps import guard
from handreiking.apps.guard import (
    CONTROL_TARGET,
    DEFAULT_MAX_TEXT_CHARS,
    MAX_CONTROL_COMMS,
    Refused,
    check_widget_message,
    install_widget_guard,
    limit_text,
)
from handreiking.workshop.kernel import kernel_workshop


class FakeComm:
    def __init__(self, target_name: str) -> None:
        self.target_name = target_name


class FakeCommManager:
    def __init__(self) -> None:
        self.comms: dict[str, FakeComm] = {}

    def get_comm(self, comm_id: str) -> FakeComm | None:
        return self.comms.get(comm_id)


class FakeKernel:
    """The two handlers the guard wraps; ``comm_msg`` applies the message as ipywidgets would."""

    def __init__(self) -> None:
        self.comm_manager = FakeCommManager()
        self.opened: list[Any] = []
        self.delivered: list[Any] = []
        self.shell_handlers = {"comm_open": self._open, "comm_msg": self._msg, "comm_close": None}

    def _open(self, _stream: Any, _ident: Any, msg: Any) -> None:
        content = msg["content"]
        self.comm_manager.comms[content["comm_id"]] = FakeComm(content["target_name"])
        self.opened.append(msg)

    def _msg(self, _stream: Any, _ident: Any, msg: Any) -> None:
        self.delivered.append(msg)
        widget = widget_module._instances.get(msg["content"]["comm_id"])
        if widget is not None:
            widget._handle_msg(msg)


@pytest.fixture
def kernel() -> FakeKernel:
    k = FakeKernel()
    install_widget_guard(k)
    return k


def _send(kernel: FakeKernel, comm_id: Any, data: Any, buffers: Any = None) -> None:
    kernel.shell_handlers["comm_msg"](
        None, None, {"content": {"comm_id": comm_id, "data": data}, "buffers": buffers or []}
    )


def _update(kernel: FakeKernel, widget: widgets.Widget, **state: Any) -> None:
    _send(kernel, widget.model_id, {"method": "update", "state": state, "buffer_paths": []})


def test_a_slider_takes_values_within_its_range_only(kernel: FakeKernel) -> None:
    slider = widgets.IntSlider(value=25, min=0, max=100)
    _update(kernel, slider, value=40)
    assert slider.value == 40
    for bad in (101, -1, 10**30, "50", 50.5, True, None, [50]):
        _update(kernel, slider, value=bad)
        assert slider.value == 40, bad
    assert len(kernel.delivered) == 1


def test_a_float_slider_refuses_what_is_not_a_finite_number(kernel: FakeKernel) -> None:
    slider = widgets.FloatSlider(value=0.5, min=0, max=1)
    for bad in (math.nan, math.inf, 1.5, "0.2"):
        _update(kernel, slider, value=bad)
        assert slider.value == 0.5, bad
    _update(kernel, slider, value=0.25)
    assert slider.value == 0.25


def test_constraints_themselves_cannot_be_changed_from_the_page(kernel: FakeKernel) -> None:
    """A new max, options, disabled, description or layout: refused, and so is the whole message it is in."""
    slider = widgets.IntSlider(value=25, min=0, max=100)
    _update(kernel, slider, max=1000)
    _update(kernel, slider, value=30, max=1000)
    _update(kernel, slider, disabled=True)
    assert (slider.value, slider.max, slider.disabled) == (25, 100, False)
    dropdown = widgets.Dropdown(options=[("A", "a"), ("B", "b")], value="a")
    _update(kernel, dropdown, _options_labels=["A", "B", "C"])
    _update(kernel, dropdown, value="c")
    _update(kernel, dropdown, description="<script>")
    _update(kernel, dropdown, layout="IPY_MODEL_" + slider.model_id)
    assert dropdown._options_labels == ("A", "B") and dropdown.value == "a" and dropdown.description == ""
    assert kernel.delivered == []


def test_a_choice_must_be_one_of_the_options(kernel: FakeKernel) -> None:
    dropdown = widgets.Dropdown(options=[("A", "a"), ("B", "b")], value="a")
    radios = widgets.RadioButtons(options=[("Ja", "ja"), ("Nee", "nee")], value=None)
    selection = widgets.SelectionSlider(options=["laag", "midden", "hoog"], value="midden")
    for widget, bad_values in (
        (dropdown, (2, -1, "1", 1.0, True, None)),
        (radios, (2, -1, "0", [0])),
        (selection, (3, -1, None)),
    ):
        before = widget.value
        for bad in bad_values:
            _update(kernel, widget, index=bad)
            assert widget.value == before, (type(widget).__name__, bad)
    _update(kernel, dropdown, index=1)
    _update(kernel, radios, index=0)
    _update(kernel, selection, index=2)
    assert (dropdown.value, radios.value, selection.value) == ("b", "ja", "hoog")
    _update(kernel, radios, index=None)  # a radio group cannot be emptied from the page once chosen
    assert radios.value == "ja"


def test_text_must_be_text_within_its_limit(kernel: FakeKernel) -> None:
    text = widgets.Textarea(value="")
    _update(kernel, text, value="Meer ruimte laten.")
    assert text.value == "Meer ruimte laten."
    for bad in ("x" * (DEFAULT_MAX_TEXT_CHARS + 1), 12, None, ["a"]):
        _update(kernel, text, value=bad)
        assert text.value == "Meer ruimte laten."
    short = widgets.Text(value="")
    limit_text(short, 10)
    _update(kernel, short, value="x" * 11)
    _update(kernel, short, value="x" * 10)
    assert short.value == "x" * 10


def test_checkboxes_and_toggles_take_yes_or_no(kernel: FakeKernel) -> None:
    box, toggle = widgets.Checkbox(value=False), widgets.ToggleButton(value=False)
    for widget in (box, toggle):
        for bad in (1, "true", None):
            _update(kernel, widget, value=bad)
            assert widget.value is False
        _update(kernel, widget, value=True)
        assert widget.value is True


def test_a_disabled_widget_takes_nothing(kernel: FakeKernel) -> None:
    slider = widgets.IntSlider(value=25, min=0, max=100, disabled=True)
    _update(kernel, slider, value=30)
    assert slider.value == 25


def test_buttons_take_clicks_when_enabled(kernel: FakeKernel) -> None:
    clicks: list[int] = []
    button = widgets.Button(description="Deel met de groep")
    button.on_click(lambda _: clicks.append(1))
    _send(kernel, button.model_id, {"method": "custom", "content": {"event": "click"}})
    assert clicks == [1]
    for bad in ({"event": "explode"}, {"event": "click", "extra": 1}, "click", None):
        _send(kernel, button.model_id, {"method": "custom", "content": bad})
    _update(kernel, button, description="Verwijder alles")
    button.disabled = True
    _send(kernel, button.model_id, {"method": "custom", "content": {"event": "click"}})
    assert clicks == [1] and button.description == "Deel met de groep"


def test_display_widgets_take_nothing_from_the_page(kernel: FakeKernel) -> None:
    html = widgets.HTML("<p>uitslag</p>")
    box = widgets.VBox([html])
    _update(kernel, html, value="<script>alert(1)</script>")
    _update(kernel, box, children=[])
    _send(kernel, html.model_id, {"method": "custom", "content": {"event": "click"}})
    assert html.value == "<p>uitslag</p>" and box.children == (html,)


@pytest.mark.parametrize(
    "data",
    [
        None,
        "update",
        [],
        {},
        {"method": "bestaat-niet"},
        {"method": "update"},
        {"method": "update", "state": "value=1"},
        {"method": "update", "state": {}},
        {"method": "update", "state": {"value": 3}, "buffer_paths": [["value"]]},
    ],
)
def test_malformed_messages_are_refused(kernel: FakeKernel, data: Any) -> None:
    slider = widgets.IntSlider(value=25, min=0, max=100)
    _send(kernel, slider.model_id, data)
    assert slider.value == 25 and kernel.delivered == []


def test_messages_without_a_readable_channel_are_refused(kernel: FakeKernel) -> None:
    handler = kernel.shell_handlers["comm_msg"]
    for msg in ({}, {"content": None}, {"content": {"comm_id": 5, "data": {}}}, {"content": {"data": {}}}):
        handler(None, None, msg)  # no exception escapes
    _send(kernel, "bestaat-niet", {"method": "update", "state": {"value": 1}})
    assert kernel.delivered == []


def test_a_request_for_state_is_allowed(kernel: FakeKernel) -> None:
    slider = widgets.IntSlider(value=25)
    _send(kernel, slider.model_id, {"method": "request_state"})
    assert len(kernel.delivered) == 1


def test_the_page_may_open_only_a_few_control_channels(kernel: FakeKernel) -> None:
    """The widget manager's control channel: yes (a few), and only to ask for the states; new widgets: never."""
    opener = kernel.shell_handlers["comm_open"]
    opener(None, None, {"content": {"comm_id": "w1", "target_name": "jupyter.widget", "data": {"state": {}}}})
    opener(None, None, {"content": {"comm_id": "x", "target_name": 12}})
    opener(None, None, {"content": None})
    assert kernel.opened == []
    for n in range(MAX_CONTROL_COMMS + 3):
        opener(None, None, {"content": {"comm_id": f"c{n}", "target_name": CONTROL_TARGET, "data": {}}})
    assert len(kernel.opened) == MAX_CONTROL_COMMS
    _send(kernel, "c0", {"method": "request_states"})
    _send(kernel, "c0", {"method": "update", "state": {}})
    assert [m["content"]["data"] for m in kernel.delivered] == [{"method": "request_states"}]


def test_check_widget_message_names_the_reason() -> None:
    with pytest.raises(Refused, match=r"buiten 0\.\.100"):
        check_widget_message(widgets.IntSlider(max=100), {"method": "update", "state": {"value": 101}})


def test_installing_twice_wraps_the_handlers_once() -> None:
    kernel = FakeKernel()
    first = install_widget_guard(kernel)
    handler = kernel.shell_handlers["comm_msg"]
    assert install_widget_guard(kernel) is first and kernel.shell_handlers["comm_msg"] is handler


def test_outside_a_kernel_there_is_nothing_to_guard() -> None:
    assert install_widget_guard() is None


def test_workshop_apps_install_the_guard(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """In a workshop kernel, a scenario app and the overview install the guard; outside a workshop they do not."""
    from handreiking.apps.overzicht import OverzichtApp
    from handreiking.apps.rollen import RollenApp

    fake = FakeKernel()
    monkeypatch.setattr(guard, "_current_kernel", lambda: fake)
    monkeypatch.delenv("HANDREIKING_SESSIE", raising=False)
    kernel_workshop.cache_clear()
    try:
        RollenApp.from_data()
        assert fake not in guard._installed
        monkeypatch.setenv("HANDREIKING_SESSIE", "TEST23")
        monkeypatch.setenv("HANDREIKING_OPSLAG", str(tmp_path / "w.sqlite3"))
        monkeypatch.setenv("HTTP_X_HANDREIKING_DEELNEMER", "Rode-Vos-12")
        kernel_workshop.cache_clear()
        OverzichtApp.from_data()
        assert fake in guard._installed
        other = FakeKernel()
        monkeypatch.setattr(guard, "_current_kernel", lambda: other)
        RollenApp.from_data()
        assert other in guard._installed
    finally:
        kernel_workshop.cache_clear()
