"""Issue 14 against the real workshop server: nobody writes as someone else, and nobody floods the session.

A participant server and a dashboard (127.0.0.1, free ports) run for the module; the restart test starts
and stops its own. Participants are scripted like a curious participant would: cookies set by hand, and
messages sent over the page's own kernel websocket (tests/workshop_support.py).
"""

from __future__ import annotations

import base64
import json
import math
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from workshop_support import (
    KernelSocket,
    cookie_pseudonym,
    find_model,
    free_port,
    kernel_id_of,
    make_apps_dir,
    wait_until,
)

from handreiking.workshop.config import WorkshopSettings
from handreiking.workshop.gate import PseudonymSigner
from handreiking.workshop.server import WorkshopServers, open_session, start_servers
from handreiking.workshop.store import open_store
from handreiking.workshop.throttle import SAVE_INTERVAL

pytestmark = pytest.mark.slow

SHARE = "Deel met de groep"
PSEUDONYM_IN_PAGE = "Je schuilnaam in deze workshop: <strong>"


def _settings(root: Path, deelnemers: int = 2) -> WorkshopSettings:
    return WorkshopSettings(
        apps_dir=make_apps_dir(root / "apps", ("rollen",)),
        data_dir=root / "data",
        address="127.0.0.1",
        port=free_port(),
        dashboard_address="127.0.0.1",
        dashboard_port=free_port(),
        deelnemers=deelnemers,
        fill_delay=1.0,
        refresh_seconds=1.0,
    )


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkshopServers]:
    settings = _settings(tmp_path_factory.mktemp("guard"))
    running = start_servers(settings, open_session(settings, None, "guardtest"))
    try:
        yield running
    finally:
        running.stop()


def _base(servers: WorkshopServers) -> str:
    return servers.join_url.rstrip("/")


def _landing_pseudonym(servers: WorkshopServers, http: requests.Session) -> str:
    """Open the landing page; the pseudonym it greets with (which must be the one in the signed cookie)."""
    page = http.get(servers.join_url, timeout=30)
    assert page.status_code == 200, page.status_code
    shown = page.text.split(PSEUDONYM_IN_PAGE, 1)[1].split("</strong>", 1)[0]
    assert cookie_pseudonym(servers.settings.store_target, servers.session, http.cookies.get("hr_deelnemer")) == shown
    return shown


def _with_cookie(value: str) -> requests.Session:
    """A participant who set the pseudonym cookie by hand (as the server would scope it: this host, path /)."""
    http = requests.Session()
    http.cookies.set("hr_deelnemer", value, domain="127.0.0.1", path="/")
    return http


def _answers(servers: WorkshopServers) -> dict[str, Any]:
    with open_store(servers.settings.store_target) as store:
        return {row.participant: row for row in store.answers(servers.session)}


def _status(msg: dict[str, Any]) -> str:
    return str(msg.get("content", {}).get("data", {}).get("state", {}).get("value", ""))


def _is_status(msg: dict[str, Any], *words: str) -> bool:
    return msg.get("msg_type") == "comm_msg" and any(w in _status(msg) for w in words)


def _share(base: str, http: requests.Session, reflectie: str) -> str:
    """Open the app as this participant, type a reflection and click "Deel met de groep"; returns the status."""
    kernel_id = kernel_id_of(http.get(f"{base}/voila/render/rollen.ipynb", timeout=120).text)
    with KernelSocket(base, kernel_id, http.cookies.get_dict()) as ks:
        states = ks.widget_states()
        ks.set_value(find_model(states, "TextareaModel"), reflectie)
        ks.click(find_model(states, "ButtonModel", description=SHARE))
        msg = ks.wait_for(lambda m: _is_status(m, "Gedeeld", "Bijgewerkt", "Al gedeeld", "lukte niet"), timeout=30)
    http.post(f"{base}/voila/api/shutdown/{kernel_id}", files={"_xsrf": (None, http.cookies["_xsrf"])}, timeout=30)
    assert msg is not None
    return _status(msg)


# --------------------------------------------------------------------------- pseudonyms that cannot be forged


def test_a_forged_cookie_gets_another_pseudonym_and_cannot_change_the_others_answer(servers: WorkshopServers) -> None:
    """Setting the cookie to someone's pseudonym (plainly, or signed with another secret) gives a fresh one."""
    victim = requests.Session()
    victim_name = _landing_pseudonym(servers, victim)
    assert "Gedeeld" in _share(_base(servers), victim, "mijn eigen gedachte")

    forgeries = {
        "plain": victim_name,
        "other secret": PseudonymSigner("x" * 43, servers.session).sign(victim_name),
    }
    for what, cookie in forgeries.items():
        attacker = _with_cookie(cookie)
        given = _landing_pseudonym(servers, attacker)
        assert given != victim_name, what
        assert "Gedeeld" in _share(_base(servers), attacker, f"overgenomen ({what})"), what
        answers = _answers(servers)
        assert (answers[victim_name].reflectie, answers[victim_name].revision) == ("mijn eigen gedachte", 1), what
        assert answers[given].reflectie == f"overgenomen ({what})"


def test_a_tampered_or_foreign_signature_is_refused(servers: WorkshopServers) -> None:
    """A valid cookie with one character changed, or one signed for another session, is not accepted."""
    owner = requests.Session()
    name = _landing_pseudonym(servers, owner)
    valid = owner.cookies["hr_deelnemer"]
    with open_store(servers.settings.store_target) as store:
        other = store.create_session("een andere sessie").code
        foreign = PseudonymSigner(store.session_secret(other), other).sign(name)
    flipped = valid[:-1] + ("0" if valid[-1] != "0" else "1")
    fields = valid.split("|")
    claimed = base64.b64encode(f"{servers.session}/Rode-Vos-17/".encode()).decode()
    fields[4] = f"{len(claimed)}:{claimed}"  # another pseudonym under the original signature
    for cookie in (flipped, "|".join(fields), foreign):
        assert _landing_pseudonym(servers, _with_cookie(cookie)) != name
    assert _landing_pseudonym(servers, _with_cookie(valid)) == name  # the untouched cookie still works


def test_a_restart_with_sessie_keeps_a_valid_cookie_valid(tmp_path: Path) -> None:
    """Stop the workshop and resume the session: a participant's cookie still gives the same pseudonym."""
    settings = _settings(tmp_path, deelnemers=1)
    session = open_session(settings, None, "herstart")
    http = requests.Session()
    with start_servers(settings, session, dashboard=False) as first:
        name = _landing_pseudonym(first, http)
    resumed = open_session(settings, session)
    assert resumed == session
    with start_servers(settings, resumed, dashboard=False) as second:
        assert _landing_pseudonym(second, http) == name
        fresh = requests.Session()
        assert _landing_pseudonym(second, fresh) != name


# --------------------------------------------------------------------------- widget messages are input


def _values(states: dict[str, Any]) -> dict[str, Any]:
    """Every widget's state without the view bookkeeping, to compare before and after."""
    return {k: {n: v for n, v in s["state"].items() if n != "_view_count"} for k, s in states.items()}


def test_out_of_range_and_malformed_widget_messages_change_nothing(servers: WorkshopServers) -> None:
    """Bad values, new constraints, odd methods and foreign channels: no change, nothing stored, no traceback."""
    http = requests.Session()
    name = _landing_pseudonym(servers, http)
    kernel_id = kernel_id_of(http.get(f"{_base(servers)}/voila/render/rollen.ipynb", timeout=120).text)
    with KernelSocket(_base(servers), kernel_id, http.cookies.get_dict()) as ks:
        states = ks.widget_states()
        slider = find_model(states, "IntSliderModel")
        dropdown = find_model(states, "DropdownModel")
        text = find_model(states, "TextareaModel")
        button = find_model(states, "ButtonModel", description=SHARE)
        html = find_model(states, "HTMLModel")

        def update(model: str, **state: Any) -> None:
            ks.send("shell", "comm_msg", {"comm_id": model, "data": {"method": "update", "state": state}})

        for value in (999, -5, "50", 12.5, None, True, math.nan):
            update(slider, value=value)
        update(slider, max=1000)
        update(slider, value=100, max=1000)
        for index in (99, -1, "1", None, 1.0):
            update(dropdown, index=index)
        update(dropdown, _options_labels=["<b>nep</b>"])
        update(text, value="x" * 10_000)
        update(text, value=42)
        update(html, value="<script>alert(1)</script>")
        update(button, disabled=True, description="Weg")
        ks.send("shell", "comm_msg", {"comm_id": button, "data": {"method": "custom", "content": {"event": "boem"}}})
        ks.send("shell", "comm_msg", {"comm_id": button, "data": "kapot"})
        ks.send("shell", "comm_msg", {"comm_id": button, "data": {"method": "vreemd"}})
        ks.send("shell", "comm_msg", {"comm_id": uuid.uuid4().hex, "data": {"method": "update", "state": {}}})
        ks.send(
            "shell",
            "comm_open",
            {"comm_id": uuid.uuid4().hex, "target_name": "jupyter.widget", "data": {"state": {"_model_name": "X"}}},
        )
        ks.send("shell", "comm_msg", {"comm_id": slider})
        ks.send("shell", "comm_msg", {"data": {"method": "update", "state": {"value": 3}}})
        after = ks.widget_states()  # handled after every message above (one shell queue)
        received = list(ks.received)
        assert _values(after) == _values(states)

        # the app still works: a real click shares the real (in-range) state
        ks.click(button)
        msg = ks.wait_for(lambda m: _is_status(m, "Gedeeld", "lukte niet"), timeout=30)
        assert msg is not None and "Gedeeld" in _status(msg)
    assert "Traceback" not in json.dumps(received + ks.received)
    assert not [m for m in received if m.get("msg_type") in ("error", "stream")]
    stored = _answers(servers)[name]
    assert stored.reflectie is None and all(0 <= v <= 100 for v in stored.answer["mix"].values())
    assert sum(stored.answer["mix"].values()) == 100
    log = servers.logs["deelnemers"].read_text(encoding="utf-8", errors="replace")
    assert "Widgetbericht geweigerd" in log


# --------------------------------------------------------------------------- floods


def test_a_flood_of_shares_leaves_a_handful_of_versions_and_the_dashboard_refreshes(servers: WorkshopServers) -> None:
    """300 shares over the page's websocket (100 identical, 200 changing): a few versions, counted for the trainer."""
    dash_page = requests.get(servers.dashboard_url, timeout=180)
    dash_kernel = kernel_id_of(dash_page.text)
    dashboard = KernelSocket(servers.dashboard_url.rstrip("/"), dash_kernel, dash_page.cookies.get_dict())
    try:
        dash_states = dashboard.widget_states()
        throttle_view = next(k for k, s in dash_states.items() if "<h2>Afgeremd</h2>" in str(s["state"].get("value")))

        http = requests.Session()
        name = _landing_pseudonym(servers, http)
        kernel_id = kernel_id_of(http.get(f"{_base(servers)}/voila/render/rollen.ipynb", timeout=120).text)
        with KernelSocket(_base(servers), kernel_id, http.cookies.get_dict()) as ks:
            states = ks.widget_states()
            text = find_model(states, "TextareaModel")
            button = find_model(states, "ButtonModel", description=SHARE)
            started = time.monotonic()
            for _ in range(100):
                ks.click(button)
            for i in range(100):
                ks.set_value(text, f"gedachte {i}")
                ks.click(button)
            ks.widget_states()  # every click above has been handled
            elapsed = time.monotonic() - started
            saved = wait_until(
                lambda: (row := _answers(servers).get(name)) is not None and row.reflectie == "gedachte 99" and row,
                timeout=SAVE_INTERVAL * 6,
            )
            assert saved, "the last change was never saved"
            assert ks.wait_for(lambda m: _is_status(m, "Bijgewerkt om"), timeout=SAVE_INTERVAL * 3) is not None
        with open_store(servers.settings.store_target) as store:
            versions = 1 + len(store.history(servers.session, participant=name))
            counted = {t.participant: t.clicks for t in store.throttled(servers.session)}
        windows = math.ceil(elapsed / SAVE_INTERVAL)
        print(f"flood: 300 shares handled in {elapsed:.1f} s, {versions} versions, {counted.get(name)} clicks merged")
        assert saved.revision == versions <= 2 + windows and versions <= 8
        assert counted.get(name, 0) >= 50  # changes held back and merged (identical clicks are not counted)
        log = servers.logs["deelnemers"].read_text(encoding="utf-8", errors="replace")
        assert f"Afgeremd: {name}" in log

        # the dashboard keeps refreshing, and shows who was throttled
        assert dashboard.wait_for_update(throttle_view, name, timeout=30) is not None
        status = next(k for k, s in dash_states.items() if "ververst elke" in str(s["state"].get("value", "")))
        assert dashboard.wait_for_update(status, "Bijgewerkt om", timeout=30) is not None
    finally:
        dashboard.close()
        requests.delete(f"{servers.dashboard_url.rstrip('/')}/api/kernels/{dash_kernel}", timeout=30)


def test_a_script_that_drops_its_cookies_is_slowed_down(servers: WorkshopServers) -> None:
    """New pseudonyms come at a bounded pace: after a burst, newcomers are asked to wait (429, Dutch page).

    Runs last in this module: it uses up the server's pace for new pseudonyms.
    """
    codes = [requests.get(servers.join_url, timeout=30) for _ in range(80)]
    refused = [r for r in codes if r.status_code == 429]
    assert refused, [r.status_code for r in codes]
    assert "Even wachten" in refused[0].text and int(refused[0].headers["Retry-After"]) > 0
    assert "hr_deelnemer" not in refused[0].cookies
    app_page = requests.get(f"{_base(servers)}/voila/render/rollen.ipynb", timeout=60)
    assert app_page.status_code == 429 and "kernelId" not in app_page.text
    with open_store(servers.settings.store_target) as store:
        assert store.pseudonym_count(servers.session) <= 80
    log = servers.logs["deelnemers"].read_text(encoding="utf-8", errors="replace")
    assert "nieuwe bezoeker(s) zonder geldige schuilnaam geweigerd" in log
