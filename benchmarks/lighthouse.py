"""Lighthouse on the participant pages: every app and the dashboard through the workshop server, against a bare
one-slider notebook under plain Voila measured in the same run. Prints figures; not a test.

Run from the repository root (Chromium at /usr/bin/chromium; Lighthouse 12 from the npm registry)::

    npm ci --prefix benchmarks/lighthouse
    .venv/bin/python benchmarks/lighthouse.py                 # every app + dashboard, phone and desktop, 3 runs
    .venv/bin/python benchmarks/lighthouse.py --quick         # balans, rollen, dashboard; phone; 3 runs
    .venv/bin/python benchmarks/lighthouse.py --runs 5 --json /tmp/lighthouse.json

Profiles:

* ``phone``: a phone on the venue's Wi-Fi, the profile of issue 17: Lighthouse's mobile emulation, 4x slower
  CPU, 10 ms round trip, 40 Mbps, applied for real in the browser (``--throttling-method=devtools``; Lighthouse
  multiplies the latency by 3.75 and the bandwidth by 0.9 to match what a real network shows at the page);
* ``desktop``: Lighthouse's desktop preset.

Per page and profile it reports the median of ``--runs`` runs: performance and accessibility scores, first paint,
usable (time to interactive), total blocking time, JavaScript start-up (bootup time), bytes and requests. The
reference is ``benchmarks/reference/slider.ipynb`` under ``voila`` with Voila's own defaults (lab template, every
installed extension, a kernel started per page). A separate step (Chromium through Playwright, no throttling:
bytes do not depend on it) opens a first app and then each other app in the same browser and counts what the
second one fetches. Targets (issue 17, and the first-screen target of issue 12 on a phone): accessibility 100 on
every page; on the phone profile every app usable at <= 0.5x and blocking <= 0.5x the reference; a second app
<= 10% of the first app's bytes. Without Lighthouse, Node.js or Chromium the script says what is missing and
exits (code 0: skipped, not failed).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import browser_harness as h  # noqa: E402

LIGHTHOUSE_DIR = ROOT / "benchmarks" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
REFERENCE_DIR = ROOT / "benchmarks" / "reference"
QUICK_APPS = ("balans", "rollen")

PHONE_RTT_MS = 10
PHONE_MBPS = 40
PHONE_CPU = 4
PROFILES: dict[str, list[str]] = {
    "phone": [
        "--form-factor=mobile",
        "--throttling-method=devtools",
        f"--throttling.requestLatencyMs={PHONE_RTT_MS * 3.75}",
        f"--throttling.downloadThroughputKbps={PHONE_MBPS * 1000 * 0.9:.0f}",
        f"--throttling.uploadThroughputKbps={PHONE_MBPS * 1000 * 0.9:.0f}",
        f"--throttling.cpuSlowdownMultiplier={PHONE_CPU}",
    ],
    "desktop": ["--preset=desktop"],
}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"

TARGET_RATIO = 0.5
"""Usable (TTI) and total blocking time of every app, as a fraction of the reference (phone profile)."""
SECOND_APP_SHARE = 0.10
"""A second app on the same phone fetches at most this share of the first app's bytes."""

METRICS = {
    "perf": ("categories", "performance"),
    "a11y": ("categories", "accessibility"),
    "fcp_s": ("audits", "first-contentful-paint"),
    "tti_s": ("audits", "interactive"),
    "tbt_s": ("audits", "total-blocking-time"),
    "js_s": ("audits", "bootup-time"),
    "bytes": ("audits", "total-byte-weight"),
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def missing_tools() -> list[str]:
    missing = []
    if shutil.which("node") is None:
        missing.append("Node.js ontbreekt (apt-get install -y nodejs npm)")
    if not LIGHTHOUSE.exists():
        missing.append(f"Lighthouse ontbreekt ({LIGHTHOUSE}); installeer met: npm ci --prefix benchmarks/lighthouse")
    if not h.CHROMIUM.exists():
        missing.append(f"Chromium ontbreekt ({h.CHROMIUM}); installeer met: apt-get install -y chromium")
    return missing


# --------------------------------------------------------------------------- one Lighthouse run


def figures(report: dict[str, Any]) -> dict[str, float | None]:
    """The figures of the issue's table from one Lighthouse JSON report."""
    out: dict[str, float | None] = {}
    for key, (group, name) in METRICS.items():
        item = report.get(group, {}).get(name) or {}
        value = item.get("score") if group == "categories" else item.get("numericValue")
        if value is None:
            out[key] = None
        elif key in ("perf", "a11y"):
            out[key] = round(float(value) * 100)
        elif key.endswith("_s"):
            out[key] = float(value) / 1000.0
        else:
            out[key] = float(value)
    requests = ((report.get("audits", {}).get("network-requests") or {}).get("details") or {}).get("items")
    out["requests"] = float(len(requests)) if requests is not None else None
    return out


def failed_a11y_audits(report: dict[str, Any]) -> list[str]:
    audits = report.get("audits", {})
    refs = report.get("categories", {}).get("accessibility", {}).get("auditRefs", [])
    return [r["id"] for r in refs if r.get("weight") and audits.get(r["id"], {}).get("score") not in (None, 1)]


def run_lighthouse(url: str, profile: str, out: Path, timeout: float = 240.0) -> dict[str, Any]:
    """One Lighthouse run in its own Chromium (started and stopped by Lighthouse; killed on a timeout)."""
    argv = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-path={h.CHROMIUM}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=performance,accessibility",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        *PROFILES[profile],
    ]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"error": f"Lighthouse stopte niet binnen {timeout:.0f} s"}
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # a Chromium Lighthouse left behind
    if proc.returncode != 0 or not out.exists():
        return {"error": (err or b"").decode("utf-8", "replace")[-400:] or f"exit {proc.returncode}"}
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        return {"error": str(report["runtimeError"])[:400]}
    return report


def median(values: list[float | None]) -> float | None:
    ok = [v for v in values if v is not None]
    return statistics.median(ok) if ok else None


@dataclass
class PageResult:
    page: str
    profile: str
    runs: list[dict[str, float | None]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    a11y_failures: list[str] = field(default_factory=list)

    def get(self, key: str) -> float | None:
        return median([r.get(key) for r in self.runs])

    def low(self, key: str) -> float | None:
        values = [r.get(key) for r in self.runs if r.get(key) is not None]
        return min(values) if values else None  # type: ignore[type-var]


# --------------------------------------------------------------------------- second app (same browser)


async def second_app_bytes(base_url: str, first: str, others: list[str]) -> list[dict[str, Any]]:
    """Open ``first``, then each other app in the same browser context; bytes and requests on the wire."""
    from playwright.async_api import async_playwright

    rows = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(h.CHROMIUM), args=h.CHROMIUM_ARGS)
        try:
            for second in others:
                context = await browser.new_context(viewport=dict(h.PHONE))
                page = await context.new_page()
                cdp = await context.new_cdp_session(page)
                await cdp.send("Network.enable")
                sizes: dict[str, int] = {}
                cdp.on(
                    "Network.loadingFinished", lambda e, s=sizes: s.__setitem__(e["requestId"], e["encodedDataLength"])
                )
                counts = []
                for app in (first, second):
                    sizes.clear()
                    await page.goto(f"{base_url}/voila/render/{app}.ipynb", wait_until="commit", timeout=120_000)
                    await page.wait_for_function(h.READY_JS, timeout=120_000, polling=50)
                    with contextlib.suppress(Exception):
                        await page.wait_for_load_state("networkidle", timeout=15_000)
                    wire = [n for n in sizes.values() if n > 0]
                    counts.append((sum(wire), len(wire)))
                    kernel = await page.evaluate(h.KERNEL_ID_JS)
                    if kernel:
                        await asyncio.to_thread(h.shutdown_kernel, base_url, kernel)
                await context.close()
                (b1, r1), (b2, r2) = counts
                rows.append(
                    {
                        "first": first,
                        "second": second,
                        "first_bytes": b1,
                        "first_requests": r1,
                        "second_bytes": b2,
                        "second_requests": r2,
                        "share": b2 / b1 if b1 else None,
                    }
                )
                log(f"second app {second} after {first}: {b2} of {b1} bytes, {r2} of {r1} requests")
        finally:
            await browser.close()
    return rows


# --------------------------------------------------------------------------- report


def fmt(value: float | None, unit: str = "", digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}{unit}"


def ratio(value: float | None, ref: float | None) -> str:
    return "n/a" if value is None or not ref else f"{value / ref:.2f}x"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("MET" if ok else "MISSED")


def report(results: list[PageResult], second: list[dict[str, Any]], runs: int) -> list[str]:
    lines = []
    for profile in PROFILES:
        rows = [r for r in results if r.profile == profile]
        if not rows:
            continue
        ref = next((r for r in rows if r.page == "reference"), None)
        lines.append(f"== Lighthouse, profile {profile} (median of {runs} runs; ratios to the reference)")
        lines.append(
            "| page | perf score | first paint | usable (TTI) | blocking time | JS start-up | bytes | requests"
            " | a11y | TTI x ref | TBT x ref |"
        )
        lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            lines.append(
                f"| {r.page} | {fmt(r.get('perf'), digits=0)} | {fmt(r.get('fcp_s'), ' s', 1)}"
                f" | {fmt(r.get('tti_s'), ' s', 1)} | {fmt(r.get('tbt_s'), ' s', 2)} | {fmt(r.get('js_s'), ' s', 1)}"
                f" | {fmt((r.get('bytes') or 0) / 1e6 if r.get('bytes') else None, ' MB', 2)}"
                f" | {fmt(r.get('requests'), digits=0)} | {fmt(r.get('a11y'), digits=0)}"
                f" | {ratio(r.get('tti_s'), ref.get('tti_s') if ref else None)}"
                f" | {ratio(r.get('tbt_s'), ref.get('tbt_s') if ref else None)} |"
                + (f" errors: {r.errors[:2]}" if r.errors else "")
            )
        lines.append("")
    if second:
        lines.append("== A second app on the same phone (Chromium, same browser: what goes over the network)")
        lines.append("| first app | second app | first: bytes / requests | second: bytes / requests | share |")
        lines.append("|---|---|---|---|---|")
        for s in second:
            lines.append(
                f"| {s['first']} | {s['second']} | {s['first_bytes']} / {s['first_requests']}"
                f" | {s['second_bytes']} / {s['second_requests']} | {fmt((s['share'] or 0) * 100, ' %', 1)} |"
            )
        lines.append("")

    lines.append("== Targets")
    for r in results:
        if r.page == "reference":
            continue
        a11y = r.get("a11y")
        detail = f"{fmt(a11y, digits=0)}" + (f" (fails: {', '.join(r.a11y_failures)})" if r.a11y_failures else "")
        lines.append(
            f"{r.page:15} {r.profile:8} {verdict(None if a11y is None else a11y >= 100):7} accessibility 100: {detail}"
        )
    phone = [r for r in results if r.profile == "phone"]
    ref = next((r for r in phone if r.page == "reference"), None)
    for r in phone:
        if r.page in ("reference", "dashboard"):
            continue
        for key, label in (("tti_s", "usable (TTI)"), ("tbt_s", "total blocking time")):
            value, base = r.get(key), ref.get(key) if ref else None
            ok = None if value is None or not base else value <= TARGET_RATIO * base
            lines.append(
                f"{r.page:15} {'phone':8} {verdict(ok):7} {label} <= {TARGET_RATIO}x the reference:"
                f" {fmt(value, ' s')} vs {fmt(base, ' s')} ({ratio(value, base)})"
            )
    for s in second:
        ok = None if s["share"] is None else s["share"] <= SECOND_APP_SHARE
        lines.append(
            f"{s['second']:15} {'same':8} {verdict(ok):7}"
            f" second app <= {SECOND_APP_SHARE:.0%} of the first app's bytes:"
            f" {s['second_bytes']} of {s['first_bytes']} ({fmt((s['share'] or 0) * 100, ' %', 1)}),"
            f" {s['second_requests']} of {s['first_requests']} requests"
        )
    return lines


# --------------------------------------------------------------------------- main


def measure(
    pages: list[tuple[str, str]], profiles: list[str], runs: int, work: Path, before_run: Any
) -> list[PageResult]:
    """Runs interleaved (run 1 of every page, then run 2, ...), so the reference and the apps see the same
    load on a shared machine; the median per page and profile is reported."""
    results = {(profile, page): PageResult(page, profile) for profile in profiles for page, _url in pages}
    for profile in profiles:
        for n in range(runs):
            for page, url in pages:
                result = results[(profile, page)]
                before_run(page)
                log(f"{profile}/{page}: run {n + 1} of {runs}")
                rep = run_lighthouse(url, profile, work / f"{profile}-{page}-{n}.json")
                if "error" in rep:
                    result.errors.append(str(rep["error"]))
                    continue
                result.runs.append(figures(rep))
                result.a11y_failures = sorted(set(result.a11y_failures) | set(failed_a11y_audits(rep)))
    return list(results.values())


def main_with_servers(args: argparse.Namespace, work: Path) -> int:
    from handreiking.workshop.config import WorkshopSettings, kernel_pools
    from handreiking.workshop.server import open_session, start_servers

    apps = h.discover_apps() if args.apps == "all" else [a for a in args.apps.split(",") if a]
    if args.quick and args.apps == "all":
        apps = list(QUICK_APPS)
    profiles = ["phone"] if args.quick else [p for p in args.profiles.split(",") if p in PROFILES]
    pool = 2
    settings = WorkshopSettings(
        apps_dir=h.APPS_DIR,
        data_dir=work / "data",
        address="127.0.0.1",
        port=h.free_port(),
        dashboard_port=h.free_port(),
        deelnemers=pool,
        fill_delay=1.0,
    )
    reference = h.plain_voila(REFERENCE_DIR, repo_config=False)
    log("starting the reference (plain Voila) and the workshop server")
    with h.Server(reference, work / "reference.log"):
        servers = start_servers(settings, open_session(settings, None, "lighthouse"), log_dir=work / "logs")
        try:
            participant_pid = servers.processes["deelnemers"].pid
            pools = kernel_pools(settings)  # what the server keeps ready: the session page more than the rest
            kernels = sum(pools.get(f"{app}.ipynb", pools["default"])["pool_size"] for app in h.discover_apps())
            h.wait_quiet(participant_pid, kernels, 600.0)

            def before_run(page: str) -> None:
                if page not in ("reference", "dashboard"):  # a full pool, nothing starting in the background
                    h.wait_quiet(participant_pid, kernels, 300.0)

            base = servers.join_url.rstrip("/")
            pages = [("reference", reference.app_url("slider"))]
            pages += [(app, f"{base}/voila/render/{app}.ipynb") for app in apps]
            if not args.no_dashboard:
                pages.append(("dashboard", servers.dashboard_url))
            results = measure(pages, profiles, args.runs, work, before_run)
            second = []
            if len(apps) > 1 and not args.no_second:
                h.wait_quiet(participant_pid, kernels, 300.0)
                second = asyncio.run(second_app_bytes(base, apps[0], apps[1:]))
        finally:
            servers.stop()
    lines = report(results, second, args.runs)
    print("\n".join(lines))
    print(
        f"\n(Lighthouse {lighthouse_version()}, {h.CHROMIUM}; {os.cpu_count()} cores; "
        f"{time.strftime('%Y-%m-%d %H:%M')}; timings on a shared machine are noisy: read the ratios)"
    )
    if args.json:
        raw = {"pages": [r.__dict__ for r in results], "second_app": second}
        Path(args.json).write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")
    return 0


def lighthouse_version() -> str:
    try:
        package = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
        return str(json.loads(package.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and profile (median)")
    parser.add_argument("--apps", default="all", help="comma-separated app names, or 'all'")
    parser.add_argument("--profiles", default="phone,desktop", help="phone, desktop or both")
    parser.add_argument("--quick", action="store_true", help="balans and rollen (+ dashboard), phone only")
    parser.add_argument("--no-dashboard", action="store_true", help="leave out the trainer dashboard")
    parser.add_argument("--no-second", action="store_true", help="leave out the second-app measurement")
    parser.add_argument("--json", default="", help="also write the raw figures to this file")
    args = parser.parse_args(argv)
    missing = missing_tools()
    if missing:
        print("Lighthouse-benchmark overgeslagen: " + "; ".join(missing))
        return 0
    work = Path(tempfile.mkdtemp(prefix="hr-lighthouse-"))
    started = time.perf_counter()
    try:
        return main_with_servers(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        log(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    raise SystemExit(main())
