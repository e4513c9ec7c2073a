"""The workshop server's static files are cached by the phone: a second app costs a fraction of the first.

Checks the cache headers (content-hashed and fingerprinted addresses immutable, the rest ``no-cache`` with an
ETag that answers 304) and what a second app in the same browser fetches over the network: bytes and
requests, counted with the Chrome DevTools Protocol. No timings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from browser_harness import ServerSpec, close_page_kernel, open_app, shutdown_kernel

from handreiking.workshop.static_cache import IMMUTABLE, REVALIDATE

STATIC = re.compile(r"/voila/(static|labextensions|templates)/")
HASHED = re.compile(r"/voila/static/h-[0-9a-f]+/|[?&]v=[0-9a-f]+|[./-][0-9a-f]{16,}\.[a-z0-9]+(\?|$)")

pytestmark = pytest.mark.parametrize("server", ["workshop"], indirect=True)


class Network:
    """What a page fetched: per request its URL, status, response headers and bytes on the wire."""

    def __init__(self, page: Any) -> None:
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.requests: dict[str, dict[str, Any]] = {}
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _entry(self, event: dict[str, Any]) -> dict[str, Any]:
        return self.requests.setdefault(event["requestId"], {"url": "", "status": None, "headers": {}, "bytes": 0})

    def _sent(self, event: dict[str, Any]) -> None:
        self._entry(event)["url"] = event["request"]["url"]

    def _response(self, event: dict[str, Any]) -> None:
        entry = self._entry(event)
        entry["status"] = event["response"]["status"]
        entry["headers"] = {k.lower(): v for k, v in event["response"]["headers"].items()}

    def _finished(self, event: dict[str, Any]) -> None:
        self._entry(event)["bytes"] = int(event.get("encodedDataLength", 0))

    def reset(self) -> None:
        self.requests.clear()

    @property
    def on_the_wire(self) -> list[dict[str, Any]]:
        """Requests that reached the server (a cache hit costs no bytes)."""
        return [r for r in self.requests.values() if r["bytes"] > 0]

    @property
    def bytes(self) -> int:
        return sum(r["bytes"] for r in self.requests.values())


@pytest.fixture
def network_page(browser: Any) -> Iterator[tuple[Any, Network]]:
    """A phone-sized page in a fresh context (empty cache) with its network recorded."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    network = Network(page)
    yield page, network
    close_page_kernel(page)
    context.close()


def test_static_files_have_cache_headers(network_page: tuple[Any, Network], server: ServerSpec) -> None:
    """Every static file is immutable when its address carries a hash, else revalidated with an ETag."""
    page, network = network_page
    open_app(page, server.app_url("balans"))
    page.wait_for_load_state("networkidle")
    static = [r for r in network.requests.values() if STATIC.search(r["url"]) and r["status"] == 200]
    names = {r["url"].split("?")[0].rsplit("/", 1)[-1] for r in static}
    assert {"hr-page.js", "hr-page.css"} <= names, f"the page should load its own front end: {sorted(names)}"
    assert "voila.js" not in names, "the page should not load Voila's front end as well"
    wrong = []
    for r in static:
        cache = r["headers"].get("cache-control", "")
        if HASHED.search(r["url"]):
            ok = cache == IMMUTABLE
        else:
            ok = cache == REVALIDATE and bool(r["headers"].get("etag"))
        if not ok:
            wrong.append(f"{r['url']}: {cache!r}")
    assert wrong == [], "static files with the wrong cache headers:\n" + "\n".join(wrong)
    unhashed = [r["url"] for r in static if not HASHED.search(r["url"])]
    assert len(unhashed) <= len(static) // 10, f"most static files should have a hashed address: {unhashed}"


def test_second_app_downloads_a_tenth_of_the_first(network_page: tuple[Any, Network], server: ServerSpec) -> None:
    """A participant who opens a second app on the same phone fetches at most a tenth of the bytes and no
    static file again (a revalidation is answered with a 304 without a body)."""
    page, network = network_page
    open_app(page, server.app_url("balans"))
    page.wait_for_load_state("networkidle")
    first_bytes, first_requests = network.bytes, len(network.on_the_wire)
    close_page_kernel(page)
    network.reset()
    open_app(page, server.app_url("rollen"))
    page.wait_for_load_state("networkidle")
    second = network.on_the_wire
    refetched = [r["url"] for r in second if STATIC.search(r["url"]) and r["status"] != 304]
    assert refetched == [], f"static files fetched again: {refetched}"
    assert network.bytes <= first_bytes / 10, f"second app {network.bytes} bytes, first {first_bytes}"
    assert len(second) < first_requests, f"second app {len(second)} requests, first {first_requests}"
    assert len(second) <= 2, f"the second app needs its page, not more: {[r['url'] for r in second]}"


def test_fingerprinted_address_and_revalidation(server: ServerSpec) -> None:
    """Another build's fingerprint is not found; an unhashed file answers a repeat with 304 (no body)."""
    page = requests.get(server.app_url("overzicht"), timeout=60).text
    kernel = re.search(r'"kernelId": "([0-9a-f-]+)"', page)
    if kernel:
        shutdown_kernel(server.base_url, kernel.group(1))
    found = re.search(r'"fullStaticUrl": "([^"]+/h-([0-9a-f]+))"', page)
    assert found, "the page should load its front end from the fingerprinted address"
    assert found.group(1) + "/hr-page.js" in page
    current = server.base_url + found.group(1)
    bundle = requests.get(current + "/hr-page.js", timeout=30)
    assert bundle.headers["cache-control"] == IMMUTABLE
    assert bundle.headers.get("content-encoding") == "gzip", "compressed once, kept in memory"
    other = current.replace(found.group(2), "0" * len(found.group(2)))
    assert requests.get(other + "/hr-page.js", timeout=30).status_code == 404
    plain = requests.get(server.base_url + "/voila/static/hr-page.js", timeout=30)
    assert plain.headers["cache-control"] == REVALIDATE and plain.headers.get("etag")
    again = requests.get(
        server.base_url + "/voila/static/hr-page.js", headers={"If-None-Match": plain.headers["etag"]}, timeout=30
    )
    assert again.status_code == 304 and again.content == b""
