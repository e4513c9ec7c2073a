"""The trainer's side of the group questions: pick a question, open it, see the room answer, close, reveal.

A :class:`~handreiking.apps.dashboard.DashboardView` at the top of the dashboard. The questions come from the
oefeningen of the session's lesson and from the trainer's own question file (see
:func:`handreiking.scenarios.room.questions.catalogue`). While a round is open the projector shows the count
per option and nothing about which one is correct; after "Toon het antwoord" it shows the correct option, the
feedback per option (with its stap) and the worked answer, as every participant's screen does.

The rules of the life cycle are pure (:mod:`handreiking.scenarios.room.question_flow`); this view only
passes the trainer's clicks on and shows what the store says. Its own light poll (one kernel) keeps the
counts live; HTML comes from ``templates/room_views.html.j2`` (autoescaped).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import ipywidgets as widgets

from ..scenarios.room import Room
from ..scenarios.room.question_flow import QuestionState, RoundStatus
from ..scenarios.room.questions import GroupQuestion, QuestionGroup, Tally, tally
from ..templating import html_environment
from .polling import Poller

REFRESH = 1.5
"""Seconds between two looks at the current round and its counts."""
STATE_CLASS = {
    QuestionState.OPEN: "hr-q-open",
    QuestionState.CLOSED: "hr-q-closed",
    QuestionState.REVEALED: "hr-q-revealed",
}
STATE_TEXT = {
    QuestionState.OPEN: "open, de deelnemers kunnen antwoorden",
    QuestionState.CLOSED: "gesloten, het antwoord is nog niet getoond",
    QuestionState.REVEALED: "gesloten, het antwoord is getoond",
}


class TrainerDesk(Protocol):
    """What the view asks of the store (the workshop's ``GroupQuestions`` has these methods)."""

    def latest(self, session: str) -> RoundStatus | None: ...

    def round(self, session: str, number: int) -> Any: ...

    def rounds(self, session: str) -> Sequence[Any]: ...

    def counts(self, session: str, number: int) -> dict[str, int]: ...

    def open(self, session: str, question: GroupQuestion) -> Any: ...

    def close(self, session: str) -> Any: ...

    def reveal(self, session: str) -> Any: ...


def _fragments() -> Any:
    return html_environment("handreiking.apps").get_template("room_views.html.j2").module


def _problem_text(exc: Exception) -> str:
    return str(getattr(exc, "message", "") or exc)


class QuestionDeskView:
    """Pick, open, close and reveal group questions; the live count per option (a dashboard view)."""

    position = "top"

    def __init__(
        self,
        desk: TrainerDesk | Callable[[], TrainerDesk],
        session: str,
        groups: Sequence[QuestionGroup],
        *,
        problem: str = "",
        refresh_seconds: float = REFRESH,
        autostart: bool = True,
    ) -> None:
        from markupsafe import Markup

        self._desk_source = desk
        self._desk: TrainerDesk | None = None
        self.session = session
        self.groups = tuple(groups)
        self._html = _fragments()
        self._lock = threading.RLock()
        self.round: Any = None
        self.tally: Tally | None = None

        self.heading_html = widgets.HTML(str(Markup(str(self._html.style())) + self._html.desk_heading()))
        self.problem_html = widgets.HTML(str(self._html.desk_problem(problem)) if problem else "")
        self.group_select = widgets.Dropdown(
            options=[(g.label, i) for i, g in enumerate(self.groups)],
            value=0 if self.groups else None,
            description="Oefening",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="min(900px, calc(100% - 4px))"),
        )
        self.question_select = widgets.Dropdown(
            description="Vraag",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="min(900px, calc(100% - 4px))"),
        )
        self.preview_html = widgets.HTML()
        auto = widgets.Layout(width="auto")
        self.open_button = widgets.Button(
            description="Open de vraag",
            button_style="primary",
            tooltip="Laat de deelnemers deze vraag beantwoorden",
            layout=auto,
        )
        self.close_button = widgets.Button(
            description="Sluit de vraag", tooltip="Er kunnen geen antwoorden meer bij", layout=auto
        )
        self.reveal_button = widgets.Button(
            description="Toon het antwoord",
            tooltip="Sluit de vraag en toon het juiste antwoord en de feedback",
            layout=auto,
        )
        self.message_html = widgets.HTML()
        self.live_html = widgets.HTML()
        self.open_button.on_click(self.open_selected)
        self.close_button.on_click(self.close_round)
        self.reveal_button.on_click(self.reveal_round)
        self.group_select.observe(self._group_changed, names="value")
        self.question_select.observe(self._preview, names="value")
        if not self.groups:
            self.open_button.disabled = True
            self.preview_html.value = '<p class="hr-note">Er zijn geen vragen voor deze sessie.</p>'
        self.widget = widgets.VBox(
            [
                self.heading_html,
                self.problem_html,
                self.group_select,
                self.question_select,
                self.preview_html,
                widgets.HBox([self.open_button, self.close_button, self.reveal_button]),
                self.message_html,
                self.live_html,
            ]
        )
        self.widget.add_class("hr-view")
        self.widget.add_class("hr-desk")
        self.poller: Poller[tuple[Any, ...]] = Poller(
            self._look, self._show, interval=refresh_seconds, on_error=self._poll_failed, name="hr-vragen-trainer"
        )
        self._group_changed()
        self.refresh()
        if autostart:
            self.poller.start()

    # ---- data

    def desk(self) -> TrainerDesk:
        if self._desk is None:
            source = self._desk_source
            self._desk = source() if callable(source) and not hasattr(source, "latest") else source  # type: ignore[assignment]
        assert self._desk is not None
        return self._desk

    @property
    def selected(self) -> GroupQuestion | None:
        if self.group_select.value is None or self.question_select.value is None:
            return None
        return self.groups[self.group_select.value].questions[self.question_select.value]

    def _look(self) -> tuple[Any, ...]:
        """The newest round and its counts: what the projector shows (compared to decide on a redraw)."""
        status = self.desk().latest(self.session)
        if status is None:
            return (None, ())
        counts = self.desk().counts(self.session, status.number)
        return (status, tuple(sorted(counts.items())))

    def _poll_failed(self, exc: Exception) -> None:
        self.message_html.value = str(
            self._html.desk_message(f"De vragen kunnen nu niet worden gelezen: {_problem_text(exc)}", False)
        )

    def refresh(self) -> None:
        """Look at the current round now (also what the background poll does)."""
        self.poller.force()
        self.poller.tick()

    # ---- rendering

    def _group_changed(self, *_: Any) -> None:
        if self.group_select.value is None:
            self.question_select.options = []
            return
        group = self.groups[self.group_select.value]
        self.question_select.options = [
            (f"Vraag {i + 1}: {_short(q.prompt)}", i) for i, q in enumerate(group.questions)
        ]
        self.question_select.value = 0 if group.questions else None
        self._preview()

    def _asked(self, question: GroupQuestion) -> str:
        try:
            rounds = [r.number for r in self.desk().rounds(self.session) if r.key == question.key]
        except Exception:
            return ""
        if not rounds:
            return ""
        return ("ronde " if len(rounds) == 1 else "rondes ") + ", ".join(str(n) for n in rounds)

    def _preview(self, *_: Any) -> None:
        question = self.selected
        if question is None:
            self.preview_html.value = ""
            return
        current = self.round
        if current is not None and current.is_open and current.key == question.key:
            self.preview_html.value = '<p class="hr-note">Deze vraag staat nu open (zie hieronder).</p>'
            return
        self.preview_html.value = str(self._html.desk_preview(question, self._asked(question)))

    def _show(self, look: tuple[Any, ...]) -> None:
        from markupsafe import Markup

        from ..plots.debrief import debrief_svg, tally_chart

        status, counts = look
        with self._lock:
            if status is None:
                self.round, self.tally = None, None
                self.live_html.value = str(self._html.desk_live(None, None, "", "", ""))
            else:
                if self.round is None or self.round.number != status.number or self.round.state != status.state:
                    self.round = self.desk().round(self.session, status.number)
                current = self.round
                question = getattr(current, "question", None)
                if current is None or question is None:
                    self.tally = None
                    self.live_html.value = str(self._html.desk_live(current, None, "", "", ""))
                else:
                    self.tally = tally(question, dict(counts), revealed=current.revealed)
                    chart = Markup(debrief_svg(tally_chart(self.tally)))
                    self.live_html.value = str(
                        self._html.desk_live(
                            current, self.tally, chart, STATE_CLASS[current.state], STATE_TEXT[current.state]
                        )
                    )
            is_open = self.round is not None and self.round.is_open
            self.close_button.disabled = not is_open
            self.reveal_button.disabled = self.round is None or self.round.revealed
            self._preview()

    # ---- the trainer's actions

    def _act(self, action: Callable[[], Any]) -> None:
        try:
            result = action()
        except Exception as exc:
            self.message_html.value = str(self._html.desk_message(f"Dat lukte niet: {_problem_text(exc)}", False))
            return
        self.message_html.value = str(self._html.desk_message(str(getattr(result, "message", "")), True))
        self.refresh()

    def open_selected(self, *_: Any) -> None:
        question = self.selected
        if question is None:
            return
        self._act(lambda: self.desk().open(self.session, question))

    def close_round(self, *_: Any) -> None:
        self._act(lambda: self.desk().close(self.session))

    def reveal_round(self, *_: Any) -> None:
        self._act(lambda: self.desk().reveal(self.session))

    # ---- DashboardView

    def update(self, room: Room) -> None:
        """The room's scenario answers changed: nothing to do here (the view polls its own round)."""

    def stop(self) -> None:
        self.poller.stop()


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
