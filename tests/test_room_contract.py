"""The contract between the apps and the room: every shareable app's real ``answer()``, in several states,
goes through the share panel into a real store, and back out through the aggregation, the dashboard and the
export, with every number right and every field labelled.

The same holds for the group questions: taps in the real participant panel, through the store, to the
projector's count, the report's tally and the second CSV.

This is the test that would have caught ``gestapeld``: the rollen app sent the number of roles used, the
dashboard counted it only when it was ``True``, and a hand-written fixture hid the mismatch. Here nothing is
written by hand: what is stored is what the app builds, and what is expected is computed from the app's own
result.
"""

from __future__ import annotations

import csv
import importlib
import io
import pkgutil
import re
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

import handreiking.apps
from handreiking.apps.base import ScenarioApp, Sharing
from handreiking.apps.dashboard import DashboardApp
from handreiking.apps.share import SharePanel
from handreiking.scenarios.room import room_of, room_scenarios
from handreiking.workshop.export import csv_bytes, report_html, report_markdown
from handreiking.workshop.store import open_store

SESSION = "ZAAL23"
State = Callable[[Any], None]


def _balans_states() -> list[State]:
    def start(app: Any) -> None:
        app.apply(app.casus.start_aanpak)

    def everything(app: Any) -> None:
        for slider in [*app.sliders.values(), *app.asks.values()]:
            slider.value = 3
        app.pen.value = "gemeente"

    def nothing(app: Any) -> None:
        for slider in [*app.sliders.values(), *app.asks.values()]:
            slider.value = 0

    def other_case(app: Any) -> None:
        app.casus_select.value = app.casus_select.options[-1][1]
        app.procesbegeleider.value = True

    return [start, everything, nothing, other_case]


def _rollen_states() -> list[State]:
    def start(app: Any) -> None:
        app.apply_start_mix()

    def one_role(app: Any) -> None:
        app.set_mix({"rechtmatig": 100, "presterend": 0, "netwerkend": 0, "responsief": 0})

    def two_roles(app: Any) -> None:
        app.set_mix({"rechtmatig": 0, "presterend": 50, "netwerkend": 50, "responsief": 0})

    def slider_moved(app: Any) -> None:
        app.casus_select.value = app.casus_select.options[-1][1]
        app.sliders["responsief"].value = 70

    return [start, one_role, two_roles, slider_moved]


def _radio_states(group: str) -> list[State]:
    def untouched(app: Any) -> None:
        pass

    def first_options(app: Any) -> None:
        for radio in getattr(app, group).values():
            radio.value = radio.options[0][1]

    def last_options(app: Any) -> None:
        for radio in getattr(app, group).values():
            radio.value = radio.options[-1][1]

    return [untouched, first_options, last_options]


def _bril_states() -> list[State]:
    def with_measures(app: Any) -> None:
        for radio in app.oordelen.values():
            radio.value = radio.options[-1][1]
        for box in list(app.maatregelen.values())[:2]:
            box.value = True

    return [*_radio_states("oordelen"), with_measures]


def _beleidsnotitie_states() -> list[State]:
    def empty(app: Any) -> None:
        pass

    def two_parts(app: Any) -> None:
        first, second = list(app.fields)[:2]
        app.fields[first].value = "Waarom we dit doen."
        app.fields[second].value = "Hoe we initiatieven ontvangen."

    return [empty, two_parts]


STATES: dict[str, Callable[[], list[State]]] = {
    "balans": _balans_states,
    "rollen": _rollen_states,
    "zelfscan": lambda: _radio_states("vragen"),
    "routekiezer": lambda: _radio_states("vragen"),
    "bril": _bril_states,
    "beleidsnotitie": _beleidsnotitie_states,
}


def shareable_apps() -> dict[str, type[ScenarioApp]]:
    """Every ScenarioApp in handreiking.apps that shares something, by scenario key."""
    for info in pkgutil.iter_modules(handreiking.apps.__path__):
        importlib.import_module(f"handreiking.apps.{info.name}")
    found: dict[str, type[ScenarioApp]] = {}
    stack = list(ScenarioApp.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("handreiking.apps.") and cls.scenario:
            found[cls.scenario] = cls
    return found


def test_every_shareable_app_is_in_the_room() -> None:
    """Each app with a scenario key has exactly one registration, and every registration has an app."""
    apps = shareable_apps()
    assert set(apps) == {s.id for s in room_scenarios()} == set(STATES)
    assert all(cls.shared_type() is not None for cls in apps.values())


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Every shareable app, in every state, shared once by its own participant through the real panel."""
    store = open_store(tmp_path_factory.mktemp("room") / "w.sqlite3")
    store.create_session("Contracttest", code=SESSION)
    expected: dict[str, list[Any]] = {}
    number = 10
    for scenario, cls in sorted(shareable_apps().items()):
        for state in STATES[scenario]():
            app = cls.from_data()  # type: ignore[attr-defined]
            number += 1
            app.enable_sharing(Sharing(SESSION, store, participant=f"Rode-Vos-{number}"))
            state(app)
            panel = app.share_panel
            assert isinstance(panel, SharePanel)
            assert panel.summary_html.value.endswith(f"{_esc(app.summary())}</p>"), "the preview lags behind"
            panel.share()
            assert "Gedeeld met de groep" in panel.status.value, panel.status.value
            expected.setdefault(scenario, []).append(app)
    yield store, expected
    store.close()


def _balans_cases() -> list[Any]:
    from handreiking.content import bundled_content

    return bundled_content().of_kind("balans-casus")


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_everything_stored_is_read_back(shared: Any) -> None:
    """Every stored answer reads back into its type, equal to what the app built; nothing is skipped."""
    store, expected = shared
    room = room_of(store.answers(SESSION))
    for scenario, apps in expected.items():
        part = room.get(scenario)
        assert part is not None and part.skipped == 0 and part.count == len(apps)
        stored = {a.participant: a.answer for a in part.answers}
        built = {app.share_panel.participant(): app.shared_answer() for app in apps}
        assert stored == built, scenario


def test_room_numbers_follow_the_apps_results(shared: Any) -> None:
    """The aggregation gives what the apps' own results say, computed here independently."""
    store, expected = shared
    room = room_of(store.answers(SESSION))

    balans = room.get("balans").summary
    verdicts = [app.uitkomst.oordeel for app in expected["balans"]]
    assert balans.oordelen == {o: verdicts.count(o) for o in balans.oordelen}
    assert balans.mean == round(statistics.fmean(app.uitkomst.positie for app in expected["balans"]), 3)

    rollen = room.get("rollen").summary
    threshold = expected["rollen"][0].model.reflectie.gestapeld_vanaf
    stacked = sum(sum(v >= threshold for v in app.mix.values()) >= 2 for app in expected["rollen"])
    assert 0 < stacked < len(expected["rollen"])  # the states cover both kinds
    assert rollen.stacked == stacked

    bril = room.get("bril").summary
    assert bril.vergelijkingen["gelijk"] == sum(app.uitkomst.count("gelijk") for app in expected["bril"])

    zelfscan = room.get("zelfscan").summary
    assert sum(zelfscan.plekken.values()) == len(expected["zelfscan"])
    routekiezer = room.get("routekiezer").summary
    assert routekiezer.zonder_route == sum(not app.uitkomst.beste for app in expected["routekiezer"])
    notitie = room.get("beleidsnotitie").summary
    assert sum(notitie.per_onderdeel.values()) == sum(len(app.concept.ingevuld) for app in expected["beleidsnotitie"])


def test_dashboard_shows_every_scenario_with_the_right_numbers(shared: Any) -> None:
    """The dashboard has a section per scenario, with its chart and the counts, and skips nothing."""
    store, expected = shared
    dash = DashboardApp(store, SESSION, autostart=False)
    assert set(dash.scenario_html) == set(expected)
    participants = sum(len(apps) for apps in expected.values())
    assert f">{participants}</span> deelnemers deelden iets" in dash.count_html.value
    for scenario, apps in expected.items():
        html = dash.scenario_html[scenario].value
        assert f"{len(apps)} antwoorden" in html and "niet worden gelezen" not in html, scenario
        assert "<img" in html, f"{scenario}: no room chart"
    rollen = dash.room.get("rollen").summary  # type: ignore[union-attr]
    assert f"{rollen.stacked} keer een gestapelde mix" in dash.scenario_html["rollen"].value


def test_report_has_titles_labels_and_charts_for_every_scenario(shared: Any) -> None:
    """The report names every scenario by title, labels every column in Dutch and draws every room chart."""
    store, expected = shared
    html = report_html(store, SESSION)
    markdown = report_markdown(store, SESSION)
    for scenario in room_scenarios():
        assert scenario.heading in html and scenario.heading in markdown
        for field in scenario.report_fields:
            label = next(f.label for f in scenario.fields if f.path == field)
            assert str(escape(label.split("{")[0].strip())) in html, (scenario.id, field)
    room = room_of(store.answers(SESSION))
    cases = {a.answer.casus for a in room.get("balans").answers} & {c.id for c in _balans_cases()}
    vraagstukken = {a.answer.casus for a in room.get("rollen").answers}
    # one room chart per scenario, one debrief chart per balans case and per rollen vraagstuk with answers
    assert html.count('src="data:image/png;base64,') == len(expected) + len(cases) + len(vraagstukken)
    headers = re.findall(r'<th scope="col">([^<]*)</th>', html)
    assert not [h for h in headers if re.search(r"\w\.\w|_", h)], "machine keys as headers"


def test_csv_labels_every_field_and_keeps_every_answer(shared: Any) -> None:
    """The CSV has one row per answer, a Dutch label for every field of every scenario, and no unread rows."""
    store, expected = shared
    text = csv_bytes(store, SESSION).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == sum(len(apps) for apps in expected.values())
    header = text.splitlines()[0].split(";")
    assert "Antwoord dat niet gelezen kon worden (JSON)" not in header
    assert not [h for h in header if re.search(r"\w\.\w|_", h)], header
    for scenario in room_scenarios():
        assert any(h.startswith(scenario.id.capitalize() + ": ") for h in header), scenario.id


def test_preview_follows_each_change_in_the_real_apps(tmp_path: Path) -> None:
    """In balans and bril, "Wat je deelt" shows the state after the last change, not the one before."""
    store = open_store(tmp_path / "w.sqlite3")
    try:
        apps = shareable_apps()
        balans = apps["balans"].from_data()  # type: ignore[attr-defined]
        balans.enable_sharing(Sharing(SESSION, store, participant="Rode-Vos-77"))
        for value in (3, 0, 2):
            next(iter(balans.sliders.values())).value = value
            assert balans.share_panel.summary_html.value.endswith(f"{_esc(balans.summary())}</p>")
        bril = apps["bril"].from_data()  # type: ignore[attr-defined]
        bril.enable_sharing(Sharing(SESSION, store, participant="Rode-Vos-78"))
        radio = next(iter(bril.oordelen.values()))
        radio.value = radio.options[0][1]
        assert "nog geen oordeel" not in bril.share_panel.summary_html.value
        assert bril.share_panel.summary_html.value.endswith(f"{_esc(bril.summary())}</p>")
    finally:
        store.close()


# --------------------------------------------------------------------------- group questions


def test_group_question_results_agree_from_the_panels_to_the_projector_report_and_csv(tmp_path: Path) -> None:
    """Participants tap answers in the real panel; the store's tally, the projector, the report and the CSV
    all give what they tapped (counted here from the taps, not from any of those)."""
    from handreiking.apps.question import QuestionLink, QuestionPanel
    from handreiking.apps.question_desk import QuestionDeskView
    from handreiking.content import bundled_content
    from handreiking.scenarios.room.questions import catalogue
    from handreiking.workshop.export import questions_csv_text
    from handreiking.workshop.store.questions import GroupQuestions

    store = open_store(tmp_path / "w.sqlite3")
    try:
        store.create_session("Groepsvragen", code=SESSION)
        desk = GroupQuestions(store)
        projector = QuestionDeskView(
            desk, SESSION, catalogue(bundled_content().of_kind("oefening"), 6), autostart=False
        )
        question = projector.selected
        projector.open_button.click()
        people = [f"Rode-Vos-{n}" for n in range(20, 27)]
        panels = [QuestionPanel(QuestionLink(SESSION, desk, participant=p), autostart=False) for p in people]
        taps: dict[str, str] = {}
        for n, panel in enumerate(panels):
            panel.check()
            first = question.option_ids[n % len(question.option_ids)]
            panel.buttons[first].click()
            taps[people[n]] = first
            if n % 3 == 0:  # some change their mind while it is open
                second = question.option_ids[(n + 1) % len(question.option_ids)]
                panel.buttons[second].click()
                taps[people[n]] = second
        projector.reveal_button.click()
        late = QuestionPanel(QuestionLink(SESSION, desk, participant="Rode-Vos-30"), autostart=False)
        late.check()
        late.choose(question.option_ids[0])  # after the reveal: refused, not counted
        expected = {o: list(taps.values()).count(o) for o in question.option_ids}

        assert desk.counts(SESSION, 1) == {o: n for o, n in expected.items() if n}
        projector.refresh()
        assert {c.option.id: c.count for c in projector.tally.options} == expected
        assert f'<span class="hr-q-count">{len(taps)}</span>' in projector.live_html.value
        for panel in panels:
            panel.check()
            assert "✓ juist" in panel.reveal_html.value

        html = report_html(store, SESSION)
        for option in question.options:
            n = expected[option.id]
            percent = round(100 * n / len(taps))
            assert f"<td>{n} ({percent}%)</td>" in html, option.id
        rows = list(csv.DictReader(io.StringIO(questions_csv_text(store, SESSION).lstrip("\ufeff")), delimiter=";"))
        assert {r["Schuilnaam"]: r["Gekozen antwoord"] for r in rows} == {
            p: question.letter(o) for p, o in taps.items()
        }
        assert {r["Juist"] for r in rows} <= {"ja", "nee"}
        assert sum(r["Juist"] == "ja" for r in rows) == sum(expected[o] for o in question.correct_ids)
    finally:
        store.close()
