"""The "Deel met de groep" panel a scenario app shows in workshop mode.

The panel shows the participant's random pseudonym and the one-line summary of what will be shared, takes
an optional reflection (at most 500 characters, with a warning not to write personal data) and stores the
app's typed answer in the session. Sharing again replaces the earlier answer (the store keys answers by
session, pseudonym and scenario) and the participant is told so; sharing the same answer again stores
nothing and says so. A failed save says what went wrong in Dutch; the button and the text stay, so the
participant can simply try again.

Writes keep a steady pace (:mod:`handreiking.workshop.throttle`): at most one per
:data:`~handreiking.workshop.throttle.SAVE_INTERVAL` seconds. A click within that window is held back and
saved when the window ends (the last click wins); the participant sees when it will be and when it was
saved. Held-back clicks are counted for the trainer (in the store, one number per participant) and noted in
the server's log.

The panel is GIVEN what it needs (see :class:`handreiking.apps.base.ScenarioApp`): the session code, an
:class:`AnswerStore` (or a function that opens one on first use) and an :class:`Identity` that knows the
pseudonym. It follows the app's own ``current_answer`` trait, which the app sets after every refresh, so
"Wat je deelt" always shows the state after the last change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import ipywidgets as widgets

from ..scenarios.room.base import RoomAnswer
from ..workshop.kernel_log import server_log
from ..workshop.throttle import SAVE_INTERVAL, Flushed, Outcome, PacedWriter, Schedule, Submitted, thread_timer
from .base import LABEL_STYLE, control_layout, esc

MAX_REFLECTIE_CHARS = 500
"""The longest reflection a participant can share (the store refuses longer ones)."""

PRIVACY_WARNING = (
    "Schrijf geen namen, e-mailadressen of andere gegevens over jezelf of anderen: "
    "de trainer en de groep kunnen je tekst zien."
)


class AnswerStore(Protocol):
    """Where the panel puts an answer (the workshop's store has this method)."""

    def save_answer(
        self,
        session: str,
        participant: str,
        scenario: str,
        answer: dict[str, Any],
        reflectie: str | None = None,
        *,
        schema_version: int = 1,
    ) -> Any: ...


@dataclass(frozen=True)
class Pacing:
    """How fast the panel may write: the window, and (for tests) the clock and the timer."""

    interval: float = SAVE_INTERVAL
    clock: Callable[[], float] | None = None
    schedule: Schedule = thread_timer


class Identity(Protocol):
    """Who the participant is: their pseudonym, perhaps only known after a while."""

    def start(self) -> None: ...

    def on_ready(self, listener: Callable[[str], None]) -> None: ...

    def get(self, timeout: float = ...) -> str | None: ...


class SharingApp(Protocol):
    scenario: str

    def shared_answer(self) -> RoomAnswer: ...

    def summary(self) -> str: ...

    def observe(self, handler: Callable[..., Any], names: Any = ...) -> None: ...


def store_answer(
    store: AnswerStore, session: str, participant: str, scenario: str, answer: RoomAnswer, reflectie: str | None
) -> Any:
    """Save a typed answer, with its schema version beside its JSON: the one place an answer goes into the store."""
    return store.save_answer(
        session, participant, scenario, answer.as_json(), reflectie, schema_version=answer.schema_version
    )


def _error_text(exc: Exception) -> str:
    """The store's Dutch message (``StoreError``), or a general one."""
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return message + (" Probeer het zo opnieuw." if getattr(exc, "retryable", False) else "")
    return f"er ging iets mis bij het opslaan ({type(exc).__name__}). Probeer het opnieuw."


class SharePanel(widgets.VBox):
    """Pseudonym, summary, optional reflection and the "Deel met de groep" button for one scenario app."""

    def __init__(
        self,
        app: SharingApp,
        *,
        session: str,
        store: AnswerStore | Callable[[], AnswerStore],
        identity: Identity | None = None,
        participant: str | None = None,
        pacing: Pacing | None = None,
    ) -> None:
        if identity is None and participant is None:
            raise ValueError("SharePanel needs an identity or a participant")
        self.app = app
        self.session = session
        self._store = store
        self._identity = identity
        self._participant = participant
        self._pacing = pacing or Pacing()
        self._writer: PacedWriter[tuple[RoomAnswer, str | None]] | None = None
        self._last_result: Any = None
        self.shared_revision = 0

        self.pseudonym_html = widgets.HTML(self._pseudonym_text(participant))
        self.summary_html = widgets.HTML("<p><strong>Wat je deelt:</strong> je keuze verschijnt hier.</p>")
        self.reflectie = widgets.Textarea(
            value="",
            placeholder="Wat valt je op, wat zou je in je eigen gemeente anders doen? (niet verplicht)",
            description="Je reflectie (niet verplicht)",
            style=LABEL_STYLE,
            layout=control_layout(max_width="640px"),
        )
        self.reflectie.add_class("hr-stack")  # label above the field: room to write on a phone
        self.counter = widgets.HTML(self._counter_text(0))
        self.warning = widgets.HTML(f'<p class="hr-note">{esc(PRIVACY_WARNING)}</p>')
        self.button = widgets.Button(
            description="Deel met de groep",
            button_style="primary",
            tooltip="Stuur je keuze (en je reflectie) naar het dashboard van de trainer",
            layout=widgets.Layout(width="auto"),
        )
        self.status = widgets.HTML("")
        self.reflectie.observe(self._limit_reflectie, names="value")
        self.button.on_click(self.share)
        super().__init__(
            [
                widgets.HTML("<h2>Deel met de groep</h2>"),
                self.pseudonym_html,
                self.summary_html,
                self.reflectie,
                self.counter,
                self.warning,
                self.button,
                self.status,
            ],
            layout=widgets.Layout(border="1px solid #c7cdd6", padding="0.4em 1em 0.8em", margin="1.2em 0 0"),
        )
        self.add_class("hr-share")
        if participant is None and identity is not None:
            identity.on_ready(self._show_pseudonym)
            identity.start()
        app.observe(self.update_summary, names="current_answer")
        self.update_summary()  # an app that is already built: show its state now

    # ---- texts

    @staticmethod
    def _pseudonym_text(pseudonym: str | None) -> str:
        if not pseudonym:
            return "<p>Je deelt onder een willekeurige schuilnaam (wordt opgehaald…).</p>"
        return (
            f"<p>Je deelt als <strong>{esc(pseudonym)}</strong>, een willekeurige schuilnaam. "
            "Je naam vragen we niet.</p>"
        )

    @staticmethod
    def _counter_text(n: int) -> str:
        return f'<p class="hr-note">{n} van de {MAX_REFLECTIE_CHARS} tekens</p>'

    def _show_pseudonym(self, pseudonym: str) -> None:
        self.pseudonym_html.value = self._pseudonym_text(pseudonym)

    def _limit_reflectie(self, change: Mapping[str, Any]) -> None:
        text = change["new"] or ""
        if len(text) > MAX_REFLECTIE_CHARS:
            self.reflectie.value = text[:MAX_REFLECTIE_CHARS]  # triggers this observer again with the short text
            self.status.value = f"<p>Je reflectie is ingekort tot {MAX_REFLECTIE_CHARS} tekens.</p>"
            return
        self.counter.value = self._counter_text(len(text))

    def update_summary(self, *_: Any) -> None:
        """Show the app's one-line summary of what a click would share now."""
        try:
            text = self.app.summary()
        except Exception:
            return
        self.summary_html.value = f"<p><strong>Wat je deelt:</strong> {esc(text)}</p>"

    # ---- sharing

    def _get_store(self) -> AnswerStore:
        if callable(self._store) and not hasattr(self._store, "save_answer"):
            return self._store()
        return self._store  # type: ignore[return-value]

    def participant(self) -> str | None:
        if self._participant:
            return self._participant
        return self._identity.get() if self._identity is not None else None

    def writer(self, participant: str) -> PacedWriter[tuple[RoomAnswer, str | None]]:
        """The paced writer of this panel (one participant, one scenario), made on the first share."""
        if self._writer is None:
            session, scenario = self.session, self.app.scenario

            def write(payload: tuple[RoomAnswer, str | None]) -> Any:
                answer, reflectie = payload
                return store_answer(self._get_store(), session, participant, scenario, answer, reflectie)

            pacing = self._pacing
            self._writer = PacedWriter(
                write,
                interval=pacing.interval,
                schedule=pacing.schedule,
                on_flush=lambda flushed: self._flushed(participant, flushed),
                **({"clock": pacing.clock} if pacing.clock is not None else {}),
            )
        return self._writer

    def share(self, *_: Any) -> None:
        """Store the current answer (and reflection), now or when the pacing window ends; report it in Dutch."""
        self.button.disabled = True
        self.status.value = "<p>Bezig met delen…</p>"
        try:
            self.update_summary()
            participant = self.participant()
            if not participant:
                self._fail("je schuilnaam is nog niet bekend. Wacht een paar tellen en probeer het opnieuw.")
                return
            if not self.session:
                self._fail("er loopt geen workshopsessie. Vraag de trainer om hulp.")
                return
            reflectie = self.reflectie.value.strip()[:MAX_REFLECTIE_CHARS] or None
            answer = self.app.shared_answer()  # the typed answer: validated before anything is stored
            submitted = self.writer(participant).submit((answer, reflectie))
        except Exception as exc:
            self._fail(_error_text(exc))
        else:
            self._report(submitted)
        finally:
            self.button.disabled = False

    def _report(self, submitted: Submitted) -> None:
        if submitted.outcome is Outcome.SAVED:
            self._saved(submitted.result)
        elif submitted.outcome is Outcome.UNCHANGED:
            moment = _clock_text(getattr(self._last_result, "updated_at", None))
            text = (
                f"Al gedeeld: dit antwoord heb je net gedeeld (versie {self.shared_revision}, om {moment}). "
                "Er is niets nieuws opgeslagen."
            )
            self.status.value = f'<p style="color:#1b7a3d"><strong>✓ {esc(text)}</strong></p>'
        else:
            due = _clock_text(datetime.now().astimezone() + timedelta(seconds=submitted.due_in))
            text = (
                f"Je wijziging wordt om {due} opgeslagen. We slaan hoogstens eens per "
                f"{self._pacing.interval:g} seconden op; je laatste keuze telt."
            )
            self.status.value = f"<p><strong>{esc(text)}</strong></p>"

    def _saved(self, result: Any) -> None:
        self._last_result = result
        self.shared_revision = int(getattr(result, "revision", 1))
        moment = _clock_text(getattr(result, "updated_at", None))
        if getattr(result, "created", True):
            text = (
                f"Gedeeld met de groep om {moment}. Verander je keuze gerust en klik nog eens: "
                "dan wordt je antwoord bijgewerkt (niet dubbel geteld)."
            )
        elif not getattr(result, "changed", True):
            text = (
                f"Al gedeeld: dit antwoord stond al zo bij de groep (versie {self.shared_revision}, "
                f"opgeslagen om {moment}). Er is niets nieuws opgeslagen."
            )
        else:
            text = (
                f"Bijgewerkt om {moment}: je eerdere antwoord is vervangen door dit antwoord "
                f"(versie {self.shared_revision})."
            )
        self.status.value = f'<p style="color:#1b7a3d"><strong>✓ {esc(text)}</strong></p>'

    def _flushed(self, participant: str, flushed: Flushed[tuple[RoomAnswer, str | None]]) -> None:
        """A held-back share was written (on the timer's thread): tell the participant, count it for the trainer."""
        if flushed.error is not None:
            self._fail(_error_text(flushed.error))
        else:
            self._saved(flushed.result)
        server_log().info(
            "Afgeremd: %s deelde %d keer binnen %g s in '%s'; samengevoegd tot één opslag.",
            participant,
            flushed.merged,
            self._pacing.interval,
            self.app.scenario,
        )
        try:
            store = self._get_store()
            counter = getattr(store, "record_throttled", None)
            if callable(counter):
                counter(self.session, participant, flushed.merged)
        except Exception as exc:  # counting is for the trainer; the participant's answer is already saved
            server_log().warning("Telling van afgeremde klikken niet opgeslagen: %s", _error_text(exc))

    def _fail(self, reason: str) -> None:
        self.status.value = f'<p style="color:#b3261e"><strong>Delen lukte niet:</strong> {esc(reason)}</p>'


def _clock_text(moment: datetime | None) -> str:
    """A moment as the participant's clock shows it (HH:MM:SS); now when unknown."""
    return (moment or datetime.now().astimezone()).astimezone().strftime("%H:%M:%S")
