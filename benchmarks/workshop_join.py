"""How fast can a room join? N participants open an app at the same moment; workshop server vs plain Voila.

Each simulated participant does what a browser does before the app is usable, without a browser: GET the
app page (Voila runs the notebook or hands out a preheated one), then open the page's kernel websocket and
fetch the widget state the way Voila's widget manager does. Measured per participant: seconds until
usable; per server: failures, and the resident memory (VmRSS from /proc) of every kernel process.

Both servers run on 127.0.0.1 on a free port and are stopped at the end.

    .venv/bin/python benchmarks/workshop_join.py [--deelnemers 30] [--app rollen]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import requests  # noqa: E402
from workshop_support import KernelSocket, free_port, kernel_id_of, kernel_pids, make_apps_dir, read_vmrss_kb  # noqa: E402

from handreiking.workshop.config import WorkshopSettings  # noqa: E402
from handreiking.workshop.server import open_session, start_servers  # noqa: E402


@dataclass
class Result:
    seconds: float | None
    error: str = ""


def join(base: str, app: str, timeout: float) -> Result:
    """One participant: page, then widget state over the kernel websocket."""
    start = time.perf_counter()
    try:
        http = requests.Session()
        r = http.get(f"{base}/voila/render/{app}.ipynb", timeout=timeout)
        r.raise_for_status()
        kernel_id = kernel_id_of(r.text)
        remaining = max(1.0, timeout - (time.perf_counter() - start))
        with KernelSocket(base, kernel_id, http.cookies.get_dict(), timeout=remaining) as ks:
            states = ks.widget_states(timeout=remaining)
        if not states:
            return Result(None, "geen widgets")
        return Result(time.perf_counter() - start)
    except Exception as exc:  # a failure is a result here
        return Result(None, f"{type(exc).__name__}: {exc}"[:160])


def burst(base: str, app: str, n: int, timeout: float) -> list[Result]:
    results: list[Result] = [Result(None, "niet gestart")] * n
    go = threading.Event()

    def worker(i: int) -> None:
        go.wait()
        results[i] = join(base, app, timeout)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    go.set()
    for t in threads:
        t.join()
    return results


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def memory(server_pid: int) -> tuple[int, list[int]]:
    sizes = [kb for pid in kernel_pids(server_pid) if (kb := read_vmrss_kb(pid)) is not None]
    return sum(sizes), sizes


def wait_for(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def report(name: str, results: list[Result], server_pid: int, extra: str = "") -> None:
    ok = [r.seconds for r in results if r.seconds is not None]
    failures = [r.error for r in results if r.seconds is None]
    total_kb, sizes = memory(server_pid)
    print(f"\n== {name} {extra}")
    if ok:
        print(
            f"  bruikbaar na: p50 {statistics.median(ok):.2f} s, p95 {percentile(ok, 0.95):.2f} s, "
            f"max {max(ok):.2f} s  ({len(ok)}/{len(results)} gelukt)"
        )
    print(f"  mislukt: {len(failures)}" + (f"  (bijv. {failures[0]})" if failures else ""))
    if sizes:
        print(
            f"  kernels: {len(sizes)}, geheugen per kernel {statistics.median(sizes) / 1024:.0f} MB (mediaan), "
            f"totaal {total_kb / 1024:.0f} MB"
        )


def run_workshop_server(apps: Path, data: Path, app: str, n: int, timeout: float) -> None:
    settings = WorkshopSettings(apps_dir=apps, data_dir=data, address="127.0.0.1", port=free_port(), deelnemers=n)
    t0 = time.perf_counter()
    servers = start_servers(settings, open_session(settings, None, "benchmark"), dashboard=False, log_dir=data)
    try:
        pid = servers.processes["deelnemers"].pid
        log = servers.logs["deelnemers"]
        filled = wait_for(lambda: "is filled with" in log.read_text(errors="replace"), 600)
        ready = time.perf_counter() - t0
        time.sleep(5)  # let the last kernels settle
        idle_kb, idle_sizes = memory(pid)
        results = burst(servers.join_url.rstrip("/"), app, n, timeout)
        report(
            f"workshop-server (pool {n}, fill_delay {settings.fill_delay:g} s, refill 1 tegelijk)",
            results,
            pid,
            f"\n  pool gevuld na {ready:.0f} s{'' if filled else ' (niet gevuld!)'}: {len(idle_sizes)} kernels, "
            f"{idle_kb / 1024:.0f} MB in rust",
        )
    finally:
        servers.stop()


def run_plain_voila(apps: Path, app: str, n: int, timeout: float) -> None:
    port = free_port()
    env = {**os.environ, "MPLBACKEND": "agg"}
    env.pop("HANDREIKING_SESSIE", None)
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("voila")),
            str(apps),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_for(lambda: _up(base), 60):
            print("plain voila startte niet")
            return
        results = burst(base, app, n, timeout)
        report("plain voila (standaardinstellingen)", results, proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _up(base: str) -> bool:
    try:
        return requests.get(base, timeout=2).status_code < 500
    except requests.RequestException:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deelnemers", type=int, default=30)
    parser.add_argument("--app", default="rollen")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    print(f"{args.deelnemers} deelnemers openen tegelijk de app '{args.app}' ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="hr-bench-") as tmp:
        apps = make_apps_dir(Path(tmp) / "apps", (args.app,))
        run_workshop_server(apps, Path(tmp) / "data", args.app, args.deelnemers, args.timeout)
        run_plain_voila(apps, args.app, args.deelnemers, args.timeout)


if __name__ == "__main__":
    main()
