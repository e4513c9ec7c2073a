"""The "Deel met de groep" panel a scenario app shows in workshop mode.

:class:`handreiking.apps.base.ScenarioApp` appends a :class:`SharePanel` when the kernel runs in a workshop
(``HANDREIKING_SESSION`` is set). The panel shows the participant's random pseudonym and the one-line
summary of what will be shared, takes an optional reflection (at most 500 characters, with a warning not to
write personal data) and stores ``app.answer()`` in the session. Sharing again replaces the earlier answer
(the store keys answers by session, pseudonym and scenario) and the participant is told so. A failed save
says what went wrong in Dutch; the button and the text stay, so the participant can simply try again.

Where the pseudonym comes from: the participant server sets it in a cookie and passes it to the kernel as
the request header ``X-Handreiking-Deelnemer`` (``HTTP_X_HANDREIKING_DEELNEMER`` in the kernel's
environment). A preheated kernel ran the notebook before the request came, so it asks Voila for the request
(``voila.utils.wait_for_request``) in a background thread and shows the pseudonym once it arrives.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any, Protocol

import ipywidgets as widgets

from ..apps.base import LABEL_STYLE, control_layout, esc
from .config import ENV_SESSION, ENV_STORE, PARTICIPANT_ENV
from .pseudonym import is_pseudonym, new_pseudonym
from .store import MAX_REFLECTIE_CHARS, StoreError

WAIT_FOR_PSEUDONYM = 10.0
"""Seconds a click waits for the pseudonym of a preheated kernel before saying so."""

PRIVACY_WARNING = (
    "Schrijf geen namen, e-mailadressen of andere gegevens over jezelf of anderen: "
    "de trainer en de groep kunnen je tekst zien."
)


class AnswerStore(Protocol):
    def save_answer(
        self, session: str, participant: str, scenario: str, answer: dict[str, Any], reflectie: str | None = None
    ) -> Any: ...


class SharingApp(Protocol):
    scenario: str

    def answer(self) -> dict[str, Any]: ...

    def summary(self) -> str: ...


class ParticipantIdentity:
    """The participant's pseudonym in this kernel, looked up once (in the background for a preheated kernel)."""

    def __init__(self) -> None:
        self._pseudonym: str | None = None
        self._ready = threading.Event()
        self._listeners: list[Callable[[str], None]] = []
        self._lock = threading.Lock()
        self._started = False

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        found = os.environ.get(PARTICIPANT_ENV, "")
        if is_pseudonym(found) or os.environ.get("VOILA_PREHEAT") != "True":
            self._set(found if is_pseudonym(found) else new_pseudonym())
            return
        threading.Thread(target=self._wait_for_voila, name="hr-pseudoniem", daemon=True).start()

    def _wait_for_voila(self) -> None:
        try:
            found = str(voila_request_info().get(PARTICIPANT_ENV, ""))
        except Exception:  # no request info: fall back to a pseudonym of this kernel
            found = ""
        self._set(found if is_pseudonym(found) else new_pseudonym())

    def _set(self, pseudonym: str) -> None:
        self._pseudonym = pseudonym
        self._ready.set()
        for listener in list(self._listeners):
            listener(pseudonym)

    def on_ready(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)
        if self._ready.is_set() and self._pseudonym:
            listener(self._pseudonym)

    def get(self, timeout: float = WAIT_FOR_PSEUDONYM) -> str | None:
        self.start()
        self._ready.wait(timeout)
        return self._pseudonym


def voila_request_info(timeout: float | None = None) -> dict[str, str]:
    """The request that took this preheated kernel, from Voila's ``/voila/query/<kernel>`` websocket.

    Does what ``voila.utils.wait_for_request`` does (blocks until a participant's page took the kernel)
    without importing ``voila.utils``, which pulls in the Jupyter server (~40 MB more per kernel).
    """
    import json

    from websockets.sync.client import connect

    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL") or os.environ.get("VOILA_SERVER_URL", "/")
    url = f"ws://{host}:{port}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}"
    with connect(url, open_timeout=10, max_size=2**20) as ws:
        info = json.loads(ws.recv(timeout))
    return {str(k): str(v) for k, v in info.items()} if isinstance(info, dict) else {}


_identity = ParticipantIdentity()
_store: Any = None
_store_lock = threading.Lock()


def kernel_store() -> Any:
    """The answer store named in ``HANDREIKING_STORE`` (opened once per kernel)."""
    global _store
    with _store_lock:
        if _store is None:
            from .store import open_store

            _store = open_store(os.environ.get(ENV_STORE) or None)
        return _store


def _after_display(callback: Callable[[], None]) -> None:
    """Run ``callback`` once the current notebook cell has finished (the app is then fully built)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        get_ipython = None  # type: ignore[assignment]
    shell = get_ipython() if get_ipython else None
    if shell is None:
        return

    def once(*_: Any) -> None:
        shell.events.unregister("post_run_cell", once)
        callback()

    shell.events.register("post_run_cell", once)


class SharePanel(widgets.VBox):
    """Pseudonym, summary, optional reflection and the "Deel met de groep" button for one scenario app."""

    def __init__(
        self,
        app: SharingApp,
        *,
        session: str | None = None,
        store: AnswerStore | Callable[[], AnswerStore] | None = None,
        participant: str | None = None,
        identity: ParticipantIdentity | None = None,
    ) -> None:
        self.app = app
        self.session = session or os.environ.get(ENV_SESSION, "")
        self._store = store
        self._identity = identity or _identity
        self._participant = participant
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
        if participant is None:
            self._identity.on_ready(self._show_pseudonym)
            self._identity.start()
        self._watch_app()
        _after_display(self.update_summary)

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

    def _limit_reflectie(self, change: dict[str, Any]) -> None:
        text = change["new"] or ""
        if len(text) > MAX_REFLECTIE_CHARS:
            self.reflectie.value = text[:MAX_REFLECTIE_CHARS]  # triggers this observer again with the short text
            self.status.value = f"<p>Je reflectie is ingekort tot {MAX_REFLECTIE_CHARS} tekens.</p>"
            return
        self.counter.value = self._counter_text(len(text))

    def _watch_app(self) -> None:
        """Update the summary whenever a control of the app changes."""
        seen: set[int] = set()
        stack = list(getattr(self.app, "children", ()))
        while stack:
            w = stack.pop()
            if id(w) in seen or w is self:
                continue
            seen.add(id(w))
            if isinstance(w, widgets.ValueWidget) and not isinstance(
                w, widgets.HTML | widgets.HTMLMath | widgets.Label
            ):
                w.observe(self.update_summary, names="value")
            stack.extend(getattr(w, "children", ()))

    def update_summary(self, *_: Any) -> None:
        try:
            text = self.app.summary()
        except Exception:
            return
        self.summary_html.value = f"<p><strong>Wat je deelt:</strong> {esc(text)}</p>"

    # ---- sharing

    def _get_store(self) -> AnswerStore:
        if self._store is None:
            return kernel_store()
        if callable(self._store) and not hasattr(self._store, "save_answer"):
            return self._store()
        return self._store  # type: ignore[return-value]

    def participant(self) -> str | None:
        return self._participant or self._identity.get()

    def share(self, *_: Any) -> None:
        """Store the current answer (and reflection); report the outcome in Dutch."""
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
            result = self._get_store().save_answer(
                self.session, participant, self.app.scenario, self.app.answer(), reflectie
            )
        except StoreError as exc:
            extra = " Probeer het zo opnieuw." if exc.retryable else ""
            self._fail(f"{exc.message}{extra}")
        except Exception as exc:
            self._fail(f"er ging iets mis bij het opslaan ({type(exc).__name__}). Probeer het opnieuw.")
        else:
            self.shared_revision = int(getattr(result, "revision", 1))
            if getattr(result, "created", True):
                text = (
                    "Gedeeld met de groep. Verander je keuze gerust en klik nog eens: "
                    "dan wordt je antwoord bijgewerkt (niet dubbel geteld)."
                )
            else:
                text = (
                    f"Bijgewerkt: je eerdere antwoord is vervangen door dit antwoord (versie {self.shared_revision})."
                )
            self.status.value = f'<p style="color:#1b7a3d"><strong>✓ {esc(text)}</strong></p>'
        finally:
            self.button.disabled = False

    def _fail(self, reason: str) -> None:
        self.status.value = f'<p style="color:#b3261e"><strong>Delen lukte niet:</strong> {esc(reason)}</p>'
