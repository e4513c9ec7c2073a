"""A busy port or a leftover server: a Dutch message that says which port, by what, and what to do.

And the two small routes that make this possible: ``/handreiking/status`` (who listens here) and the check page
``/verbinding`` for participants (with its websocket echo).
"""

from __future__ import annotations

import argparse
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
import websocket
from workshop_support import free_port, make_apps_dir, running_workshop

from handreiking.workshop.ports import OUR_404_MARKER, busy_port_message, probe
from handreiking.workshop.server import WorkshopServers, add_parser, run_workshop
from handreiking.workshop.status import is_local_request


def _args(tmp_path: Path, port: int) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    apps = make_apps_dir(tmp_path / "apps", ("rollen",))
    return parser.parse_args(
        [
            "workshop",
            "--adres",
            "127.0.0.1",
            "--poort",
            str(port),
            "--dashboard-poort",
            str(free_port()),
            "--apps",
            str(apps),
            "--opslag",
            str(tmp_path / "data"),
        ]
    )


def _http_server(status: int, body: str, server_header: str) -> tuple[http.server.HTTPServer, int]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def version_string(self) -> str:
            return server_header

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, int(server.server_address[1])


@pytest.mark.parametrize(
    ("status", "body", "header", "kind", "words"),
    [
        (404, "<html>not found</html>", "TornadoServer/6.4", "jupyter", "Jupyter- of Voila-server"),
        (404, f"<p>{OUR_404_MARKER}.</p>", "TornadoServer/6.4", "oude-workshop", "eerdere workshop van handreiking"),
        (200, "<html>hallo</html>", "nginx", "ander", "een ander programma"),
    ],
)
def test_message_names_what_holds_the_port(status: int, body: str, header: str, kind: str, words: str) -> None:
    server, port = _http_server(status, body, header)
    try:
        assert probe("127.0.0.1", port).kind == kind
        message = busy_port_message("127.0.0.1", port, "--poort")
    finally:
        server.shutdown()
        server.server_close()
    assert f"Poort {port} op 127.0.0.1 is al in gebruik" in message and words in message and "--poort" in message


def test_silent_listener_is_another_program(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A port held by something that does not speak HTTP: the command stops with code 2 and no traceback."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = run_workshop(_args(tmp_path, port))
    err = capsys.readouterr().err
    assert code == 2 and f"Poort {port}" in err and "ander programma" in err and "Traceback" not in err


@pytest.fixture(scope="module")
def earlier(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkshopServers]:
    """A workshop that is still running (as one left behind would be), participant server only."""
    root = tmp_path_factory.mktemp("earlier")
    with running_workshop(root, "eerder", ("rollen",), dashboard=False, deelnemers=1) as running:
        yield running


@pytest.mark.slow
def test_earlier_workshop_on_the_port(
    earlier: WorkshopServers, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The message says it is an earlier workshop of this package, which session, which process, how to go on."""
    port = earlier.settings.port
    code = run_workshop(_args(tmp_path, port))
    err = capsys.readouterr().err
    pid = earlier.processes["deelnemers"].pid
    assert code == 2 and "Traceback" not in err
    assert f"Poort {port} op 127.0.0.1 is al in gebruik door een eerdere workshop van handreiking" in err
    assert f"sessie {earlier.session}" in err and f"proces {pid}" in err and f"kill {pid}" in err
    assert f"--sessie {earlier.session}" in err and "--poort" in err


@pytest.mark.slow
def test_status_says_who_listens(earlier: WorkshopServers) -> None:
    """From this laptop: program, role, session, process, kernels and memory."""
    body = requests.get(f"http://127.0.0.1:{earlier.settings.port}/handreiking/status", timeout=30).json()
    assert body["programma"] == "handreiking" and body["rol"] == "deelnemers"
    assert body["sessie"] == earlier.session and body["pid"] == earlier.processes["deelnemers"].pid
    assert body["kernels"]["totaal"] >= body["kernels"]["klaargezet"] >= 0
    assert body["geheugen"]["totaal_mb"] >= body["geheugen"]["server_mb"] > 10


def test_details_only_for_this_laptop() -> None:
    def request(remote: str, local: str) -> SimpleNamespace:
        sock = SimpleNamespace(getsockname=lambda: (local, 8866))
        return SimpleNamespace(remote_ip=remote, connection=SimpleNamespace(stream=SimpleNamespace(socket=sock)))

    assert is_local_request(request("127.0.0.1", "127.0.0.1"))  # type: ignore[arg-type]
    assert is_local_request(request("192.168.1.23", "192.168.1.23"))  # type: ignore[arg-type]
    assert not is_local_request(request("192.168.1.40", "192.168.1.23"))  # type: ignore[arg-type]


@pytest.mark.slow
def test_check_page_works_without_a_kernel(earlier: WorkshopServers) -> None:
    """``/verbinding`` is Dutch, starts no kernel, and its websocket echo answers."""
    base = f"http://127.0.0.1:{earlier.settings.port}"
    before = requests.get(f"{base}/handreiking/status", timeout=30).json()["kernels"]["totaal"]
    r = requests.get(f"{base}/verbinding", timeout=30)
    assert r.status_code == 200 and '<html lang="nl">' in r.text
    assert "Je verbinding met de workshop werkt" in r.text and "/handreiking/echo" in r.text
    ws = websocket.create_connection(f"ws://127.0.0.1:{earlier.settings.port}/handreiking/echo", timeout=10)
    try:
        ws.send("hallo")
        assert ws.recv() == "hallo"
    finally:
        ws.close()
    assert requests.get(f"{base}/handreiking/status", timeout=30).json()["kernels"]["totaal"] == before
