"""'Vraag van de trainer': the participant's side of a group question, in every app and on its own page.

When the trainer opens a question on the dashboard, it appears in the panel without a reload: a background
:class:`~handreiking.apps.polling.Poller` asks the store for the newest round every second or two (one
cheap query; nothing while the page is gone). The participant taps one of the big option buttons; the answer
can be changed until the trainer closes the question. After the close the buttons are disabled; after the
reveal the panel shows the correct option and the feedback per option (each naming its stap), next to the
participant's own choice.

In a scenario app the panel sits under the title and stays out of sight while no question was asked; on the
dedicated page (``notebooks/apps/vraag.ipynb``, :class:`VraagApp`) it is the whole page, made for one thumb.
The panel is GIVEN what it needs (a :class:`QuestionLink`); :func:`workshop_question_link` takes it from the
workshop this kernel runs in. All text (also a trainer's own questions) is escaped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import ipywidgets as widgets

from ..scenarios.room.question_flow import QuestionState, RoundStatus
from ..scenarios.room.questions import GroupQuestion
from .base import APP_CSS, esc
from .polling import INTERVAL, Poller

QUESTION_CSS = """
<style>
.hr-question { border: 2px solid #1f4e99; border-radius: 10px; padding: 0.3em 0.9em 0.9em; margin: 0.6em 0 1.2em;
  background: #f6f8fb; max-width: 760px; box-sizing: border-box; }
.hr-question h2 { margin-top: 0.3em; }
.hr-question .hr-q-prompt { font-size: 1.2em; font-weight: 600; line-height: 1.4; }
.hr-app .hr-question button.hr-q-option { width: 100%; height: auto; min-height: 56px; white-space: normal;
  text-align: left; padding: 0.7em 0.9em; margin: 0.35em 0; font-size: 17px; line-height: 1.35;
  border: 2px solid #1f4e99; border-radius: 10px; background: #ffffff; color: #1a1a1a; overflow: visible; }
.hr-app .hr-question button.hr-q-option.mod-primary { background: #1f4e99; color: #ffffff; }
.hr-app .hr-question button.hr-q-option:disabled { color: #1a1a1a; background: #eceff3; border-color: #8a94a3; }
.hr-app .hr-question button.hr-q-option.mod-primary:disabled { background: #1f4e99; color: #ffffff; }
.hr-app .hr-question button.hr-q-hide { min-height: 48px; }
.hr-question .hr-q-ok { color: #1b7a3d; font-weight: 600; }
.hr-question .hr-q-bad { color: #b3261e; font-weight: 600; }
.hr-question ol.hr-q-reveal { padding-left: 0; list-style: none; }
.hr-question ol.hr-q-reveal li { border: 1px solid #c7cdd6; border-radius: 8px; padding: 0.5em 0.7em;
  margin: 0.4em 0; background: #ffffff; }
.hr-question ol.hr-q-reveal li.hr-q-right { border: 2px solid #1b7a3d; }
</style>
"""
"""Big targets for one thumb (at least 56 px high, the full column wide), text that wraps, AA contrast."""

WAITING = "Er staat nog geen vraag open. Zodra de trainer een vraag opent, verschijnt hij hier vanzelf."
UNREADABLE = "Deze vraag kan op dit scherm niet worden getoond. Kijk op het scherm van de trainer."
OUTSIDE_WORKSHOP = (
    "Deze pagina hoort bij een workshop: tijdens de workshop verschijnen hier de vragen van de trainer, "
    "en kun je ze met één tik beantwoorden."
)


RIGHT = '<span class="hr-q-ok">✓ juist</span>'
WRONG = '<span class="hr-q-bad">✗ niet juist</span>'


class QuestionDesk(Protocol):
    """What the panel asks of the store (the workshop's ``GroupQuestions`` has these methods)."""

    def latest(self, session: str) -> RoundStatus | None: ...

    def round(self, session: str, number: int) -> Any: ...

    def answer(self, session: str, number: int, participant: str, option: str) -> Any: ...

    def my_answer(self, session: str, number: int, participant: str) -> str | None: ...


class _Identity(Protocol):
    def start(self) -> None: ...

    def on_ready(self, listener: Callable[[str], None]) -> None: ...

    def get(self, timeout: float = ...) -> str | None: ...


@dataclass(frozen=True)
class QuestionLink:
    """What a question panel needs: the session, the store's group questions, who the participant is.

    ``desk``: the group questions, or a function that opens them on first use. ``identity`` finds the
    pseudonym (a workshop kernel); ``participant`` gives it directly (tests). ``page_open`` tells whether the
    kernel's page is still connected (the poll pauses while it is not).
    """

    session: str
    desk: QuestionDesk | Callable[[], QuestionDesk]
    identity: _Identity | None = None
    participant: str | None = None
    page_open: Callable[[], bool | None] | None = None


def workshop_question_link() -> QuestionLink | None:
    """The link of the workshop this kernel runs in, or None outside a workshop.

    Every workshop page with a question panel gets its link here while the kernel is preheated, so the store
    the panel will poll is opened here too (:meth:`KernelWorkshop.prepare`), before the room joins at once."""
    from ..workshop.kernel import kernel_workshop

    workshop = kernel_workshop()
    if workshop is None:
        return None
    workshop.prepare()
    return QuestionLink(
        workshop.session, workshop.group_questions, identity=workshop.identity, page_open=workshop.page_connected
    )


def workshop_question_panel() -> QuestionPanel | None:
    """A panel for the app this kernel shows, in workshop mode; None outside a workshop."""
    link = workshop_question_link()
    return None if link is None else QuestionPanel(link)


def _message(exc: Exception) -> str:
    text = getattr(exc, "message", None)
    if isinstance(text, str) and text:
        return text
    return f"Je antwoord kon niet worden doorgegeven ({type(exc).__name__}). Probeer het opnieuw."


class QuestionPanel(widgets.VBox):
    """The trainer's current question: big option buttons, the participant's choice, and the reveal.

    ``standalone``: always visible (the vraag page), with a waiting text while no question is open;
    otherwise hidden until the first question (inside a scenario app). ``autostart``: start polling once the
    participant's pseudonym is known (tests call :meth:`check` themselves).
    """

    def __init__(
        self,
        link: QuestionLink,
        *,
        standalone: bool = False,
        autostart: bool = True,
        interval: float = INTERVAL,
    ) -> None:
        self.link = link
        self.session = link.session
        self.standalone = standalone
        self._desk: QuestionDesk | None = None
        self._lock = threading.RLock()
        self.status: RoundStatus | None = None
        self.question: GroupQuestion | None = None
        self.mine: str | None = None
        self.dismissed: int | None = None

        self.heading_html = widgets.HTML(QUESTION_CSS + "<h2>Vraag van de trainer</h2>")
        self.prompt_html = widgets.HTML()
        self.options_box = widgets.VBox([], layout=widgets.Layout(width="100%"))
        self.buttons: dict[str, widgets.Button] = {}
        self.status_html = widgets.HTML()
        self.reveal_html = widgets.HTML()
        self.hide_button = widgets.Button(
            description="Verberg deze vraag",
            tooltip="Verberg de vraag tot de trainer een nieuwe vraag opent",
            layout=widgets.Layout(width="auto", display="none"),
        )
        self.hide_button.add_class("hr-q-hide")
        self.hide_button.on_click(self.dismiss)
        super().__init__(
            [
                self.heading_html,
                self.prompt_html,
                self.options_box,
                self.status_html,
                self.reveal_html,
                self.hide_button,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("hr-question")
        self.poller: Poller[RoundStatus | None] = Poller(
            self._latest,
            self.show,
            interval=interval,
            page_open=link.page_open,
            on_error=self._poll_failed,
            name="hr-vraag",
        )
        self._render()
        if autostart:
            self._start_when_known()

    # ---- plumbing

    def desk(self) -> QuestionDesk:
        if self._desk is None:
            source = self.link.desk
            self._desk = source() if callable(source) and not hasattr(source, "latest") else source  # type: ignore[assignment]
        assert self._desk is not None
        return self._desk

    def participant(self, timeout: float = 10.0) -> str | None:
        if self.link.participant:
            return self.link.participant
        return self.link.identity.get(timeout) if self.link.identity is not None else None

    def _start_when_known(self) -> None:
        """Poll once the page took this kernel (the pseudonym arrives then): a preheated kernel stays quiet."""
        identity = self.link.identity
        if identity is None:
            self.poller.start()
            return
        identity.on_ready(lambda _pseudonym: self.poller.start())
        identity.start()

    def _latest(self) -> RoundStatus | None:
        return self.desk().latest(self.session)

    def _poll_failed(self, exc: Exception) -> None:
        if self.status is not None:
            self.status_html.value = (
                '<p class="hr-note">De vragen van de trainer kunnen nu niet worden opgehaald; '
                "de pagina probeert het vanzelf opnieuw.</p>"
            )

    def check(self) -> None:
        """Poll once now (what the background thread does every second or two)."""
        self.poller.tick()

    def close(self) -> None:
        self.poller.stop()
        super().close()

    # ---- what the trainer did

    def show(self, status: RoundStatus | None) -> None:
        """Follow the newest round: a new question, or a state change of the current one."""
        with self._lock:
            if status is not None and (self.status is None or status.number != self.status.number):
                round_ = self.desk().round(self.session, status.number)
                self.question = getattr(round_, "question", None)
                participant = self.participant(timeout=0) if self.link.identity is not None else self.participant()
                self.mine = self.desk().my_answer(self.session, status.number, participant) if participant else None
                self._build_buttons()
                self.status_html.value = ""
            self.status = status
            self._render()

    def _build_buttons(self) -> None:
        self.buttons = {}
        if self.question is None:
            self.options_box.children = ()
            return
        for option in self.question.options:
            button = widgets.Button(
                description=f"{self.question.letter(option.id)}. {option.text}",
                tooltip=f"Kies antwoord {self.question.letter(option.id)}",
                layout=widgets.Layout(width="100%", height="auto"),
            )
            button.add_class("hr-q-option")
            button.on_click(lambda _b, option_id=option.id: self.choose(option_id))
            self.buttons[option.id] = button
        self.options_box.children = tuple(self.buttons.values())

    def _render(self) -> None:
        status, question = self.status, self.question
        hidden = status is None or (status is not None and self.dismissed == status.number)
        if not self.standalone:
            self.layout.display = "none" if hidden else None
        if status is None:
            self.prompt_html.value = f"<p>{esc(WAITING)}</p>" if self.standalone else ""
            self.options_box.layout.display = "none"
            self.status_html.value = ""
            self.reveal_html.value = ""
            self.hide_button.layout.display = "none"
            return
        if question is None:
            self.prompt_html.value = f"<p>{esc(UNREADABLE)}</p>"
            self.options_box.layout.display = "none"
            self.reveal_html.value = ""
            return
        self.prompt_html.value = (
            f'<p class="hr-note">Ronde {status.number} · {esc(question.where)}</p>'
            f'<p class="hr-q-prompt">{esc(question.prompt)}</p>'
        )
        revealed = status.state is QuestionState.REVEALED
        self.options_box.layout.display = "none" if revealed else None
        for option_id, button in self.buttons.items():
            chosen = option_id == self.mine
            button.button_style = "primary" if chosen else ""
            text = f"{question.letter(option_id)}. {question.option(option_id).text}"  # type: ignore[union-attr]
            button.description = f"✓ {text}" if chosen else text
            button.disabled = not status.is_open
        self.hide_button.layout.display = None if revealed and not self.standalone else "none"
        if status.is_open:
            self.reveal_html.value = ""
            if not self.status_html.value or "hr-q-closed" in self.status_html.value:
                self.status_html.value = self._open_text()
        elif status.state is QuestionState.CLOSED:
            self.reveal_html.value = ""
            self.status_html.value = (
                '<p role="status" class="hr-q-closed"><strong>De trainer heeft de vraag gesloten.</strong> '
                f"{esc(self._mine_text())} Het antwoord volgt zo.</p>"
            )
        else:
            self.status_html.value = ""
            self.reveal_html.value = self._reveal_html(question)

    def _open_text(self) -> str:
        if self.mine is None:
            return '<p role="status">Tik op je antwoord. Je kunt het veranderen tot de trainer de vraag sluit.</p>'
        return f'<p role="status">{esc(self._mine_text())} Je kunt het veranderen tot de trainer de vraag sluit.</p>'

    def _mine_text(self) -> str:
        if self.question is None or self.mine is None:
            return "Je hebt deze vraag niet beantwoord."
        return f"Jouw antwoord: {self.question.letter(self.mine)}."

    def _reveal_html(self, question: GroupQuestion) -> str:
        items = []
        for option in question.options:
            letter = question.letter(option.id)
            verdict = RIGHT if option.correct else WRONG
            yours = " <strong>(jouw antwoord)</strong>" if option.id == self.mine else ""
            css = "hr-q-right" if option.correct else ""
            items.append(
                f'<li class="{css}"><strong>{esc(letter)}. {esc(option.text)}</strong>'
                f"{yours}<br>{verdict} — {esc(option.feedback)}</li>"
            )
        if self.mine is None:
            own = "Je hebt deze vraag niet beantwoord."
        else:
            own = "Je koos een juist antwoord." if self.mine in question.correct_ids else "Je koos een ander antwoord."
        return (
            f'<p role="status"><strong>Het antwoord.</strong> {esc(own)}</p>'
            f'<ol class="hr-q-reveal">{"".join(items)}</ol>'
            f"<p><strong>Uitgewerkt antwoord:</strong> {esc(question.worked_answer)}</p>"
        )

    # ---- what the participant does

    def choose(self, option_id: str) -> None:
        """Pass the participant's choice on; a closed question refuses it, with the message shown."""
        with self._lock:
            status = self.status
            if status is None:
                return
            participant = self.participant()
            if not participant:
                self._fail("Je schuilnaam is nog niet bekend. Wacht een paar tellen en tik opnieuw.")
                return
            try:
                result = self.desk().answer(self.session, status.number, participant, option_id)
            except Exception as exc:
                self.poller.force()
                self.check()  # the trainer may have closed it: show that at once, then why it was refused
                self._fail(_message(exc))
                return
            self.mine = str(getattr(result, "option", option_id))
            message = str(getattr(result, "message", "Je antwoord is doorgegeven."))
            self._render()
            self.status_html.value = f'<p role="status" class="hr-q-ok">✓ {esc(message)}</p>'

    def _fail(self, text: str) -> None:
        self.status_html.value = f'<p role="alert" class="hr-q-bad">{esc(text)}</p>'

    def dismiss(self, *_: Any) -> None:
        """Hide a revealed question until the trainer opens the next one."""
        with self._lock:
            if self.status is not None:
                self.dismissed = self.status.number
            self._render()


HOW_IT_WORKS = (
    "De trainer opent een vraag; hij verschijnt hier vanzelf, je hoeft de pagina niet te verversen.",
    "Tik op je antwoord. Zolang de vraag open staat, kun je het nog veranderen: alleen je laatste keuze telt.",
    "Sluit de trainer de vraag, dan telt een nieuw antwoord niet meer mee.",
    "Toont de trainer het antwoord, dan zie je hier welk antwoord juist is, en bij elk antwoord waarom, "
    "met de stap uit de handreiking waar dat op rust.",
    "Je antwoordt onder een willekeurige schuilnaam. De trainer ziet alleen hoeveel mensen elk antwoord kozen.",
)


class VraagApp(widgets.VBox):
    """The dedicated page for group questions (``notebooks/apps/vraag.ipynb``): one question, big buttons."""

    title = "Vraag van de trainer"

    def __init__(self, link: QuestionLink | None, *, autostart: bool = True) -> None:
        self.link = link
        self.pseudonym_html = widgets.HTML()
        header = widgets.HTML(APP_CSS + QUESTION_CSS + f"<h1>{esc(self.title)}</h1>")
        self.help_button = widgets.ToggleButton(
            value=False,
            description="Hoe werkt dit?",
            tooltip="Toon of verberg de uitleg",
            layout=widgets.Layout(width="auto", min_height="48px"),
        )
        self.help_html = widgets.HTML()
        self.help_button.observe(self._toggle_help, names="value")
        self.panel: QuestionPanel | None = None
        if link is None:
            body: list[widgets.Widget] = [widgets.HTML(f"<p>{esc(OUTSIDE_WORKSHOP)}</p>")]
        else:
            self.panel = QuestionPanel(link, standalone=True, autostart=autostart)
            body = [self.pseudonym_html, self.panel]
            if link.participant:
                self._show_pseudonym(link.participant)
            elif link.identity is not None:
                self.pseudonym_html.value = '<p class="hr-note">Je schuilnaam wordt opgehaald…</p>'
                link.identity.on_ready(self._show_pseudonym)
        super().__init__([header, *body, self.help_button, self.help_html])
        self.add_class("hr-app")
        self.add_class("hr-vraag")

    def _toggle_help(self, change: dict[str, Any]) -> None:
        items = "".join(f"<li>{esc(line)}</li>" for line in HOW_IT_WORKS)
        self.help_html.value = f'<ul class="hr-q-help">{items}</ul>' if change["new"] else ""

    def _show_pseudonym(self, pseudonym: str) -> None:
        self.pseudonym_html.value = (
            f'<p class="hr-note">Je antwoordt als <strong>{esc(pseudonym)}</strong>, een willekeurige schuilnaam; '
            "je naam vragen we niet.</p>"
        )

    @classmethod
    def from_workshop(cls) -> VraagApp:
        """The page for the workshop this kernel runs in (a short explanation outside a workshop)."""
        return cls(workshop_question_link())

    @classmethod
    def from_data(cls) -> VraagApp:
        """The page as a participant app starts it (``notebooks/apps/vraag.ipynb``): :meth:`from_workshop`."""
        return cls.from_workshop()
