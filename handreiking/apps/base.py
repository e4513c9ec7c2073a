"""What every participant app shares: layout, styling, and the answer it can share.

A scenario app subclasses :class:`ScenarioApp`, builds its controls in
``__init__`` and implements :meth:`ScenarioApp.refresh` (recompute the model,
update the widgets) and :meth:`ScenarioApp.answer` (the participant's current
choice as the scenario's typed answer, what "Deel met de groep" stores in
workshop mode). Apps hold no logic of their own: they call the scenario model and
the plot builders and put the results in widgets.

After every refresh the base class sets the app's ``current_answer`` trait (the
typed answer of the state just computed); whoever shows what will be shared
observes that trait, not the widgets.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import html
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets as widgets
import traitlets

from ..scenarios.room.base import RoomAnswer

if TYPE_CHECKING:
    from .share import AnswerStore, Identity, Pacing

APP_CSS = """
<style>
.hr-app { max-width: 1180px; font-size: 16px; line-height: 1.45; color: #1a1a1a; }
.hr-app h1 { font-size: 1.6em; margin: 0.2em 0 0.3em; }
.hr-app h2 { font-size: 1.25em; margin: 0.6em 0 0.3em; }
.hr-app h3 { font-size: 1.05em; margin: 0.5em 0 0.2em; }
.hr-app .hr-note { color: #595959; font-size: 0.95em; }
.hr-app .hr-badge { display: inline-block; padding: 0 0.5em; border-radius: 0.6em; font-weight: 600; }
.hr-app .hr-laag { background: #e3f1e7; color: #1b7a3d; }
.hr-app .hr-midden { background: #fdf0dc; color: #7a4400; }
.hr-app .hr-hoog { background: #fbe4e2; color: #8c1d17; }
.hr-app .widget-label, .hr-app .widget-label-basic { color: #1a1a1a; }
.hr-app :focus-visible { outline: 3px solid #1f4e99; outline-offset: 2px; }
.hr-app .hr-columns { display: flex; flex-wrap: wrap; gap: 1.2em; }
.hr-app .hr-col { flex: 1 1 340px; min-width: 0; }
.hr-app .jupyter-widgets { box-sizing: border-box; }
.hr-app .jupyter-widgets:not(.widget-box) { max-width: calc(100% - 4px); }
.hr-app .widget-html-content, .hr-app .widget-label, .hr-app .widget-label-basic, .hr-app select,
.hr-app button, .hr-app .widget-readout, .hr-app .widget-radio-box label, .hr-app input,
.hr-app textarea { font-size: 16px; }
.hr-app .widget-html-content { line-height: 1.45; min-width: 0; }
.hr-app .widget-radio-box label { display: flex; align-items: center; height: auto; min-height: 28px;
  line-height: 1.35; }
.hr-app .widget-radio-box input { flex: 0 0 auto; width: 18px; height: 18px; }
.hr-app .hr-stack { flex-direction: column; align-items: stretch; }
.hr-app .hr-stack .widget-label { width: auto; max-width: 100%; white-space: normal; text-align: left; }
.hr-app .hr-stack textarea { width: 100%; min-height: 6em; box-sizing: border-box; }
.hr-app .widget-hslider .widget-readout { width: auto; min-width: 6.2em; max-width: none; overflow: visible;
  text-overflow: clip; white-space: nowrap; text-align: left; flex: 0 0 auto; }
.hr-app .widget-checkbox, .hr-app .widget-checkbox .widget-label-basic { height: auto; min-height: 28px; }
.hr-app .widget-checkbox .widget-label-basic { align-items: flex-start; }
.hr-app .widget-checkbox .widget-label-basic span { white-space: normal; overflow: visible; text-overflow: clip;
  line-height: 1.35; }
.hr-app .widget-checkbox input { flex: 0 0 auto; margin-top: 0.25em; }
.hr-app .hr-col { container-type: inline-size; }
@media (max-width: 600px) {
  .hr-app .widget-dropdown { flex-wrap: wrap; height: auto; row-gap: 4px; }
  .hr-app .widget-dropdown > .widget-label { flex: 1 1 100%; width: 100% !important; max-width: 100%;
    text-align: left; white-space: normal; height: auto; line-height: 1.35; }
  .hr-app .widget-dropdown > select { flex: 1 1 100%; max-width: 100%; }
  .hr-app .widget-hslider { flex-wrap: wrap; height: auto; row-gap: 2px; margin-bottom: 0.5em; }
  .hr-app .widget-hslider > .widget-label { flex: 1 1 100%; width: 100% !important; max-width: 100%;
    text-align: left; white-space: normal; height: auto; line-height: 1.35; }
  .hr-app .widget-hslider > .slider-container { flex: 1 1 auto; min-width: 0; margin-left: 10px; }
}
@container (max-width: 520px) {
  .hr-app .widget-hslider { flex-wrap: wrap; height: auto; row-gap: 2px; margin-bottom: 0.5em; }
  .hr-app .widget-hslider > .widget-label { flex: 1 1 100%; width: 100% !important; max-width: 100%;
    text-align: left; white-space: normal; height: auto; line-height: 1.35; }
  .hr-app .widget-hslider > .slider-container { flex: 1 1 auto; min-width: 0; margin-left: 10px; }
}
</style>
"""
"""Shared styles: readable type, AA contrast, a visible focus ring, columns that wrap on a phone. A slider's
readout is never cut off (it takes the room its word needs), a checkbox's label wraps instead of ending in
"…", and on a phone (or in a narrow column) every slider's label stands on its own line above the slider, so
all sliders start at the same place and every label is readable in full."""


def esc(text: object) -> str:
    """Escape anything shown as HTML (case text from a trainer's file included)."""
    return html.escape(str(text), quote=True)


def control_layout(width: str = "auto", max_width: str = "520px") -> widgets.Layout:
    """Full column width up to ``max_width``, never wider than the column (ipywidgets adds a 2px margin)."""
    return widgets.Layout(width=width, max_width=f"min({max_width}, calc(100% - 4px))")


LABEL_STYLE = {"description_width": "initial"}


def heading(text: str, level: int = 2) -> widgets.HTML:
    return widgets.HTML(f"<h{level}>{esc(text)}</h{level}>")


def two_columns(left: widgets.Widget, right: widgets.Widget) -> widgets.HBox:
    """Two columns side by side that wrap below each other on a narrow screen (see ``.hr-columns`` in APP_CSS)."""
    left.add_class("hr-col")
    right.add_class("hr-col")
    box = widgets.HBox([left, right], layout=widgets.Layout(width="100%"))
    box.add_class("hr-columns")
    return box


def question_radios(vragen: Any) -> tuple[dict[str, widgets.RadioButtons], list[widgets.Widget]]:
    """One radio group per question, labelled "Vraag n", with its prompt and explanation above it.

    ``vragen`` are data models with ``id``, ``prompt``, ``uitleg`` and ``antwoorden`` (each ``id``,
    ``text``). Returns the radio groups by question id and the widgets to show, in order.
    """
    radios: dict[str, widgets.RadioButtons] = {}
    rows: list[widgets.Widget] = []
    for n, vraag in enumerate(vragen, start=1):
        radio = widgets.RadioButtons(
            options=[(a.text, a.id) for a in vraag.antwoorden],
            value=None,
            description=f"Vraag {n}",
            style=LABEL_STYLE,
            layout=control_layout(max_width="100%"),
        )
        radios[vraag.id] = radio
        rows += [
            widgets.HTML(f"<h3>Vraag {n}. {esc(vraag.prompt)}</h3><p class='hr-note'>{esc(vraag.uitleg)}</p>"),
            radio,
        ]
    return radios, rows


@dataclass(frozen=True)
class Sharing:
    """What a scenario app needs to share in a workshop: the session, the store, who the participant is.

    ``store``: the store, or a function that opens it on the first share. ``identity`` finds the pseudonym
    (in a workshop kernel); ``participant`` gives it directly (tests, a notebook). ``pacing``: how often the
    panel may write (default: once per few seconds; tests pass their own clock).
    """

    session: str
    store: AnswerStore | Callable[[], AnswerStore]
    identity: Identity | None = None
    participant: str | None = None
    pacing: Pacing | None = None


class _FromWorkshop:
    """Marker: look the sharing up in the workshop this kernel runs in (the default)."""


FROM_WORKSHOP: Any = _FromWorkshop()


def workshop_sharing() -> Sharing | None:
    """The sharing of the workshop this kernel runs in, or None outside a workshop."""
    from ..workshop.kernel import kernel_workshop

    workshop = kernel_workshop()
    if workshop is None:
        return None
    return Sharing(workshop.session, workshop.store, identity=workshop.identity)


_HOSTED: contextvars.ContextVar[bool] = contextvars.ContextVar("handreiking_hosted_by_page", default=False)


@contextlib.contextmanager
def hosted_by_page() -> Iterator[None]:
    """Build apps inside this block as parts of a page that holds several apps (the session page).

    The page-level extras belong to the page, once: the "Vraag van de trainer" panel (and its poll). An app
    built inside this block leaves them out (:func:`page_level_extras` is False); the page adds them itself.
    Everything that belongs to the app stays: its title, its controls, its own "Deel met de groep" panel,
    and the widget guard (installed once per kernel anyway).
    """
    token = _HOSTED.set(True)
    try:
        yield
    finally:
        _HOSTED.reset(token)


def page_level_extras() -> bool:
    """True when the app being built is the whole page and adds the page-level extras itself; False while a
    page that hosts several apps builds it (:func:`hosted_by_page`)."""
    return not _HOSTED.get()


def workshop_question_panel() -> widgets.Widget | None:
    """The "Vraag van de trainer" panel in workshop mode (hidden until the trainer opens a question), else None.

    Apps ask :func:`page_question_panel` instead, which leaves the panel to a page that hosts them."""
    from ..workshop.kernel import kernel_workshop

    if kernel_workshop() is None:
        return None  # outside a workshop the question code is not even imported
    from .question import workshop_question_panel as panel

    return panel()


def page_question_panel() -> widgets.Widget | None:
    """The question panel for an app that is the page; None when a page hosts the app (the page has one)."""
    return workshop_question_panel() if page_level_extras() else None


def _publishing(refresh: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a subclass's ``refresh`` so the app's ``current_answer`` follows every recomputation."""

    @functools.wraps(refresh)
    def wrapper(self: ScenarioApp, *args: Any, **kwargs: Any) -> Any:
        result = refresh(self, *args, **kwargs)
        self._publish_answer()
        return result

    wrapper._publishes_answer = True  # type: ignore[attr-defined]
    return wrapper


class ScenarioApp(widgets.VBox):
    """Base class for a scenario app: a titled column that wraps on small screens, and sharing in a workshop."""

    scenario: ClassVar[str] = ""
    """Short scenario key (``balans``, ``rollen``); also the key answers are stored under."""

    title: ClassVar[str] = ""

    answer_type: ClassVar[type[RoomAnswer] | None] = None
    """The scenario's typed answer; by default the one registered for :attr:`scenario` in
    :mod:`handreiking.scenarios.room` (None there too: the app shares nothing)."""

    current_answer = traitlets.Instance(RoomAnswer, allow_none=True)
    """The typed answer of the state the last refresh computed (set by the base class after each refresh)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        refresh = cls.__dict__.get("refresh")
        if refresh is not None and not getattr(refresh, "_publishes_answer", False):
            cls.refresh = _publishing(refresh)  # type: ignore[method-assign]

    def __init__(
        self, children: list[widgets.Widget], *, sharing: Sharing | None = FROM_WORKSHOP, **kwargs: Any
    ) -> None:
        header = widgets.HTML(APP_CSS + f"<h1>{esc(self.title)}</h1>")
        self.question_panel = page_question_panel() if sharing is FROM_WORKSHOP else None
        top = [header] if self.question_panel is None else [header, self.question_panel]
        super().__init__([*top, *children], **kwargs)
        self.add_class("hr-app")
        self.share_panel: widgets.Widget | None = None
        self._answer_ready = True
        if sharing is FROM_WORKSHOP:
            from .guard import guard_workshop_kernel

            guard_workshop_kernel()  # in a workshop kernel: every widget message is checked before it applies
            sharing = workshop_sharing() if self.shared_type() is not None else None
        if sharing is not None:  # workshop mode: add "Deel met de groep"
            self.enable_sharing(sharing)

    def enable_sharing(self, sharing: Sharing) -> None:
        """Add the "Deel met de groep" panel (last), sharing through ``sharing``."""
        from .share import SharePanel

        if self.share_panel is not None:
            raise RuntimeError("this app already shares")
        self.share_panel = SharePanel(
            self,
            session=sharing.session,
            store=sharing.store,
            identity=sharing.identity,
            participant=sharing.participant,
            pacing=sharing.pacing,
        )
        self.children = (*self.children, self.share_panel)

    def _publish_answer(self) -> None:
        if not getattr(self, "_answer_ready", False):
            return  # a refresh before the base class is set up: the first one after it publishes
        try:
            self.current_answer = self.shared_answer()
        except Exception:  # a state the answer type refuses: nothing to share until the next change
            self.current_answer = None

    @classmethod
    def shared_type(cls) -> type[RoomAnswer] | None:
        """The typed answer this app shares: :attr:`answer_type`, else the one registered for :attr:`scenario`."""
        if cls.answer_type is not None:
            return cls.answer_type
        from ..scenarios.room import answer_type_of

        return answer_type_of(cls.scenario) if cls.scenario else None

    def shared_answer(self) -> RoomAnswer:
        """The current answer as the scenario's typed answer (validated; raises if it does not fit the type)."""
        answer_type = self.shared_type()
        if answer_type is None:
            raise TypeError(f"{type(self).__name__} shares nothing (no typed answer for '{self.scenario}')")
        return answer_type.model_validate(self.answer())

    def refresh(self, *_: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def answer(self) -> RoomAnswer | Mapping[str, Any]:  # pragma: no cover - abstract
        """The participant's current choice and its outcome: the typed answer (or its fields as a dict)."""
        raise NotImplementedError

    def summary(self) -> str:  # pragma: no cover - abstract
        """One Dutch line that describes :meth:`answer` (shown to the participant before sharing)."""
        raise NotImplementedError
