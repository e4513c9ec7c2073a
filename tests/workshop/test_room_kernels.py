"""Once the room is in, the workshop server preheats no second room: at most ``room_kernels`` kernels per app.

Voila refills a notebook's pool after every join, so after a room of N joined it would start N more kernels that
nobody comes for (for 60 participants: about 5 GB more). The workshop's kernel manager stops the refill at the
room and a small reserve; a newcomer beyond it still gets a kernel (started when asked for), and a place that
comes free is refilled. A real participant server on 127.0.0.1, with a room of one (so at most three kernels).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from workshop_support import kernel_pids, open_app, running_workshop, wait_until

from handreiking.workshop.config import room_kernels
from handreiking.workshop.server import WorkshopServers

pytestmark = pytest.mark.slow

ROOM = 1
FULL_LINE = "De zaal is binnen"


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkshopServers]:
    root = tmp_path_factory.mktemp("room")
    with running_workshop(root, "zaaltest", ("rollen",), dashboard=False, deelnemers=ROOM, fill_delay=0.2) as running:
        yield running


def _log(servers: WorkshopServers) -> str:
    return Path(servers.logs["deelnemers"]).read_text(encoding="utf-8", errors="replace")


def _kernels(servers: WorkshopServers) -> int:
    return len(kernel_pids(servers.processes["deelnemers"].pid))


def test_no_second_room_is_preheated_and_a_newcomer_is_still_served(servers: WorkshopServers) -> None:
    base = servers.join_url.rstrip("/")
    cap = room_kernels(ROOM)
    assert cap == 3  # the room of one and a reserve of two
    assert wait_until(lambda: _kernels(servers) == 1, timeout=120), "the pool of one did not start"
    held = [open_app(base, "rollen") for _ in range(cap)]  # the room and its reserve take a kernel each
    assert wait_until(lambda: FULL_LINE in _log(servers), timeout=120), "the server never says the room is in"
    assert _kernels(servers) == cap, "a refill started beyond the room"

    late_http, late_kernel = open_app(base, "rollen")  # a newcomer beyond the bound: a kernel started on request
    assert late_http.get(f"{base}/api/kernels/{late_kernel}", timeout=10).status_code == 200
    held.append((late_http, late_kernel))

    for http, kernel in held[:2]:  # two leave: one place below the bound comes free, and is refilled
        r = http.post(f"{base}/voila/api/shutdown/{kernel}", files={"_xsrf": (None, http.cookies["_xsrf"])}, timeout=30)
        assert r.status_code == 204
    assert wait_until(lambda: _kernels(servers) == cap, timeout=120), f"{_kernels(servers)} kernels, not {cap}"
    for http, kernel in held[2:]:
        http.post(f"{base}/voila/api/shutdown/{kernel}", files={"_xsrf": (None, http.cookies["_xsrf"])}, timeout=30)
