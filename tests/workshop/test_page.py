"""Whether a kernel's page is still connected, asked of its Voila server (handreiking/workshop/page.py)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from handreiking.workshop.page import kernel_url, page_connected

KERNELS = {"k-open": {"connections": 1}, "k-gone": {"connections": 0}, "k-odd": {"connections": "veel"}}


class _Kernels(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        kernel = self.path.rsplit("/", 1)[-1]
        if self.path.startswith("/api/kernels/") and kernel in KERNELS:
            body = json.dumps(KERNELS[kernel]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)
        elif kernel == "k-broken":
            self.send_response(500)
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Kernels)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


def test_connections_from_the_kernel_model(server: str) -> None:
    assert page_connected(f"{server}/api/kernels/k-open") is True
    assert page_connected(f"{server}/api/kernels/k-gone") is False
    assert page_connected(f"{server}/api/kernels/k-weg") is None  # 404: no trustworthy answer, keep polling
    assert page_connected(f"{server}/api/kernels/k-odd") is None
    assert page_connected(f"{server}/api/kernels/k-broken") is None
    assert page_connected("http://127.0.0.1:9/api/kernels/x", timeout=0.5) is None  # nobody listens


def test_the_address_comes_from_voilas_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("VOILA_KERNEL_ID", "VOILA_APP_PORT", "VOILA_APP_IP", "VOILA_SERVER_URL", "VOILA_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    assert kernel_url() is None and page_connected() is None
    monkeypatch.setenv("VOILA_KERNEL_ID", "abc")
    monkeypatch.setenv("VOILA_APP_PORT", "8866")
    monkeypatch.setenv("VOILA_APP_IP", "127.0.0.1")
    monkeypatch.setenv("VOILA_SERVER_URL", "/")
    assert kernel_url() == "http://127.0.0.1:8866/api/kernels/abc"
