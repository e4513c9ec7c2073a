"""The workshop servers for real, on 127.0.0.1: what participants can reach, and what they cannot.

One participant server and one dashboard server are started for the module (on free ports, 127.0.0.1
only) and stopped at the end.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from workshop_support import (
    KernelSocket,
    cookie_pseudonym,
    find_model,
    free_port,
    kernel_id_of,
    make_apps_dir,
    open_app,
    wait_until,
)

from handreiking.workshop.config import WorkshopSettings
from handreiking.workshop.server import (
    WorkshopError,
    WorkshopServers,
    add_parser,
    check_apps,
    open_session,
    run_workshop,
    start_servers,
)
from handreiking.workshop.store import open_store

pytestmark = pytest.mark.slow

EXTERNAL_URL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//(?!127\.0\.0\.1|localhost)""", re.I)


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkshopServers]:
    root = tmp_path_factory.mktemp("workshop")
    apps = make_apps_dir(root / "apps", ("rollen",))
    settings = WorkshopSettings(
        apps_dir=apps,
        data_dir=root / "data",
        address="127.0.0.1",
        port=free_port(),
        dashboard_address="127.0.0.1",
        dashboard_port=free_port(),
        deelnemers=2,
        fill_delay=1.0,
    )
    session = open_session(settings, None, "servertest")
    running = start_servers(settings, session)
    try:
        yield running
    finally:
        running.stop()


def _base(servers: WorkshopServers) -> str:
    return servers.join_url.rstrip("/")


def _pseudonym(servers: WorkshopServers, http: requests.Session) -> str | None:
    return cookie_pseudonym(servers.settings.store_target, servers.session, http.cookies.get("hr_deelnemer"))


def test_landing_page_lists_apps_in_dutch(servers: WorkshopServers) -> None:
    """The join address is a Dutch page linking to the apps, and it gives a signed pseudonym cookie."""
    http = requests.Session()
    r = http.get(servers.join_url, timeout=30)
    assert r.status_code == 200 and '<html lang="nl">' in r.text
    assert "/voila/render/rollen.ipynb" in r.text
    pseudonym = _pseudonym(servers, http)
    assert pseudonym and re.fullmatch(r"[A-Z][a-z]+-[A-Z][a-z]+-\d\d", pseudonym)
    assert f"<strong>{pseudonym}</strong>" in r.text
    assert not EXTERNAL_URL.search(r.text)


def test_app_page_is_dutch_and_local(servers: WorkshopServers) -> None:
    """An app page is lang="nl", loads nothing from another host (no FontAwesome CDN) and has the retry box."""
    r = requests.get(f"{_base(servers)}/voila/render/rollen.ipynb", timeout=120)
    assert r.status_code == 200 and '<html lang="nl">' in r.text
    assert not EXTERNAL_URL.search(r.text), EXTERNAL_URL.search(r.text)
    assert "fontawesome" not in r.text.lower() and "cdn.jsdelivr" not in r.text
    assert "De app start niet" in r.text and "Probeer opnieuw" in r.text
    assert r.cookies.get("_xsrf"), "the _xsrf cookie is what lets the tab-close shutdown through"


def test_front_end_code_is_sent_compressed(servers: WorkshopServers) -> None:
    """The page's front-end script (the largest file) is gzip-compressed, so joining over venue Wi-Fi downloads
    far less."""
    page = requests.get(f"{_base(servers)}/voila/render/rollen.ipynb", timeout=120).text
    script = re.search(r'src="([^"]*hr-page\.js[^"]*)"', page)
    assert script, "hr-page.js not referenced by the page"
    url = script.group(1) if script.group(1).startswith("http") else _base(servers) + script.group(1)
    r = requests.get(url, headers={"Accept-Encoding": "gzip"}, timeout=60, stream=True)
    raw = r.raw.read(decode_content=False)
    assert r.status_code == 200 and r.headers.get("Content-Encoding") == "gzip"
    assert len(raw) * 2 < int(r.headers.get("X-Uncompressed-Length", 0) or len(gzip.decompress(raw)))


def test_execute_request_is_ignored(servers: WorkshopServers, tmp_path: Path) -> None:
    """Code sent over a participant's kernel websocket is not run."""
    http, kernel_id = open_app(_base(servers), "rollen")
    marker = tmp_path / f"uitgevoerd-{uuid.uuid4().hex}"
    with KernelSocket(_base(servers), kernel_id, http.cookies.get_dict()) as ks:
        ks.widget_states()  # the connection works
        msg_id = ks.send(
            "shell", "execute_request", {"code": f"open({str(marker)!r}, 'w').write('x')", "silent": False}
        )
        reply = ks.wait_for(lambda m: m.get("parent_header", {}).get("msg_id") == msg_id, timeout=6)
    assert reply is None
    assert not marker.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/voila/render/dashboard.ipynb",
        "/voila/render/..%2F..%2Fhandreiking%2Fworkshop%2Fnotebooks%2Fdashboard.ipynb",
        "/voila/files/rollen.ipynb",
        "/voila/files/..%2Fdata%2Fworkshop.sqlite3",
        "/voila/files/../data/workshop.sqlite3",
        "/voila/api/contents/rollen.ipynb",
        "/voila/api/contents",
        "/voila/tree",
        "/voila/render/..%2Fdata%2Fworkshop.sqlite3",
        "/api/kernels",
        "/api/contents/rollen.ipynb",
    ],
)
def test_private_things_are_not_reachable(servers: WorkshopServers, path: str) -> None:
    """The dashboard, notebook sources and the database cannot be fetched from the participant server."""
    r = requests.get(_base(servers) + path, timeout=60)
    assert r.status_code in (403, 404, 405), (path, r.status_code)
    assert "from handreiking" not in r.text and "SQLite format" not in r.text


def test_database_is_outside_the_served_folder(servers: WorkshopServers) -> None:
    """The answers database lives outside the folder the participant server serves."""
    db = Path(servers.settings.store_target)
    assert servers.settings.apps_dir not in db.parents


def test_closed_page_frees_its_kernel(servers: WorkshopServers) -> None:
    """The shutdown Voila's page sends on closing (with the _xsrf cookie) is accepted and the kernel is gone."""
    http, kernel_id = open_app(_base(servers), "rollen")
    assert http.get(f"{_base(servers)}/api/kernels/{kernel_id}", timeout=10).status_code == 200
    refused = requests.post(f"{_base(servers)}/voila/api/shutdown/{kernel_id}", timeout=10)
    assert refused.status_code == 403  # without the cookie's token, as before our fix
    token = http.cookies["_xsrf"]
    r = http.post(f"{_base(servers)}/voila/api/shutdown/{kernel_id}", files={"_xsrf": (None, token)}, timeout=30)
    assert r.status_code == 204
    assert http.get(f"{_base(servers)}/api/kernels/{kernel_id}", timeout=10).status_code == 404


def _share(base: str, http: requests.Session, reflectie: str) -> str:
    """Open the app as this participant, type a reflection and click "Deel met de groep"; returns the status."""
    r = http.get(f"{base}/voila/render/rollen.ipynb", timeout=120)
    kernel_id = kernel_id_of(r.text)
    with KernelSocket(base, kernel_id, http.cookies.get_dict()) as ks:
        states = ks.widget_states()
        ks.set_value(find_model(states, "TextareaModel"), reflectie)
        ks.click(find_model(states, "ButtonModel", description="Deel met de groep"))
        msg = ks.wait_for(
            lambda m: (
                m.get("msg_type") == "comm_msg"
                and any(w in json.dumps(m) for w in ("Gedeeld", "Bijgewerkt", "lukte niet"))
            ),
            timeout=30,
        )
    http.post(f"{base}/voila/api/shutdown/{kernel_id}", files={"_xsrf": (None, http.cookies["_xsrf"])}, timeout=30)
    assert msg is not None
    return json.dumps(msg, ensure_ascii=False)


def test_pseudonym_survives_reload_so_sharing_again_updates(servers: WorkshopServers) -> None:
    """The pseudonym from the cookie reaches the (preheated) kernel; after a reload a share updates, not duplicates."""
    http = requests.Session()
    first = _share(_base(servers), http, "eerste gedachte")
    assert "Gedeeld" in first
    second = _share(_base(servers), http, "na herladen")
    assert "Bijgewerkt" in second
    with open_store(servers.settings.store_target) as store:
        mine = [r for r in store.answers(servers.session) if r.participant == _pseudonym(servers, http)]
    assert [(r.revision, r.reflectie) for r in mine] == [(2, "na herladen")]


def test_client_cannot_choose_its_pseudonym(servers: WorkshopServers) -> None:
    """A header sent by the client is replaced by the server's own (from the cookie)."""
    http = requests.Session()
    http.headers["X-Handreiking-Deelnemer"] = "Boze-Wolf-66"
    _share(_base(servers), http, "poging")
    with open_store(servers.settings.store_target) as store:
        names = {r.participant for r in store.answers(servers.session)}
    assert "Boze-Wolf-66" not in names and _pseudonym(servers, http) in names


def test_dashboard_runs_on_its_own_local_port(servers: WorkshopServers) -> None:
    """The dashboard answers on 127.0.0.1 at its own port, in Dutch."""
    assert servers.settings.dashboard_address == "127.0.0.1"
    r = requests.get(servers.dashboard_url, timeout=120)
    assert r.status_code == 200 and '<html lang="nl">' in r.text
    kernel_id = kernel_id_of(r.text)
    requests.delete(f"{servers.dashboard_url.rstrip('/')}/api/kernels/{kernel_id}", timeout=30)


# --------------------------------------------------------------------------- messages for the trainer


def _args(tmp_path: Path, *extra: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    apps = make_apps_dir(tmp_path / "apps", ("rollen",))
    base = ["workshop", "--adres", "127.0.0.1", "--apps", str(apps), "--opslag", str(tmp_path / "data")]
    return parser.parse_args([*base, *extra])


def test_port_in_use_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A port already in use stops the command with a Dutch message and exit code 2."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = run_workshop(_args(tmp_path, "--poort", str(port), "--dashboard-poort", str(free_port())))
    err = capsys.readouterr().err
    assert code == 2 and f"Poort {port}" in err and "al in gebruik" in err and "--poort" in err


def test_unwritable_data_folder_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A data folder that cannot be written stops the command with a Dutch message."""
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")
    args = _args(tmp_path, "--poort", str(free_port()), "--dashboard-poort", str(free_port()))
    args.opslag = str(blocker / "data")
    code = run_workshop(args)
    err = capsys.readouterr().err
    assert code == 2 and "niet schrijfbaar" in err and "--opslag" in err


def test_missing_app_message(tmp_path: Path) -> None:
    """A missing app is named, with where it should be."""
    apps = make_apps_dir(tmp_path / "apps", ("rollen",))
    with pytest.raises(WorkshopError, match="De app 'balans' ontbreekt"):
        check_apps(apps, ("rollen", "balans"))


def test_app_with_missing_module_message(tmp_path: Path) -> None:
    """An app whose module is not installed is reported before anything starts."""
    apps = make_apps_dir(tmp_path / "apps", ("rollen",))
    nb = json.loads((apps / "rollen.ipynb").read_text())
    nb["cells"][0]["source"] = "from handreiking.apps.bestaatniet import XApp\nXApp.from_data()"
    (apps / "kapot.ipynb").write_text(json.dumps(nb))
    with pytest.raises(WorkshopError, match=r"handreiking\.apps\.bestaatniet ontbreekt"):
        check_apps(apps, ())


def test_empty_apps_folder_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An apps folder without apps stops the command with a Dutch message."""
    args = _args(tmp_path, "--poort", str(free_port()))
    args.apps = tmp_path / "leeg"
    args.apps.mkdir()
    assert run_workshop(args) == 2
    assert "geen enkele app" in capsys.readouterr().err


def test_unknown_session_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Resuming a session that does not exist says so and lists known sessions."""
    code = run_workshop(
        _args(tmp_path, "--sessie", "ZZZZ99", "--poort", str(free_port()), "--dashboard-poort", str(free_port()))
    )
    assert code == 2 and "geen sessie met code ZZZZ99" in capsys.readouterr().err


def test_servers_stop_with_their_kernels(tmp_path: Path) -> None:
    """Stopping the workshop ends the server processes and their kernels."""
    from workshop_support import kernel_pids

    settings = WorkshopSettings(
        apps_dir=make_apps_dir(tmp_path / "apps", ("rollen",)),
        data_dir=tmp_path / "data",
        port=free_port(),
        deelnemers=1,
    )
    running = start_servers(settings, open_session(settings, None), dashboard=False)
    pid = running.processes["deelnemers"].pid
    kernels = wait_until(lambda: kernel_pids(pid), timeout=60)
    running.stop()
    assert kernels and running.processes["deelnemers"].poll() is not None
    assert wait_until(lambda: not [k for k in kernels if _alive(k)], timeout=20), [k for k in kernels if _alive(k)]


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting for its parent."""
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return False
