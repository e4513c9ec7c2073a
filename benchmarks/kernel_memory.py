"""Benchmark (not a test): how much memory one participant's kernel holds per app, and how fast it starts.

Run: ``.venv/bin/python benchmarks/kernel_memory.py`` (all apps in ``notebooks/apps/``), or name apps:
``.venv/bin/python benchmarks/kernel_memory.py balans rollen``; ``--json`` prints the figures as JSON;
``--no-session`` leaves out the session measurement below.
``--env NAME=VALUE`` (repeatable) starts the kernels with extra environment variables, e.g.
``--env MALLOC_ARENA_MAX=2``, to try a setting the workshop server could give its kernels;
``--lean-kernel`` starts the kernels without debugpy and without the history database (see ``LEAN_ARGV``),
which a Voila participant never uses.

For each app it starts a fresh ``python3`` kernel (one at a time, as Voila does: ``ipykernel_launcher``),
runs the app notebook's code cell exactly as written (the app widget is the cell's result, so its comm
messages go out as in Voila), and reads from ``/proc/<kernel pid>``:

* RSS (``VmRSS`` in ``status``): what ``top`` shows;
* PSS (``smaps_rollup``): RSS with shared pages divided among the processes that share them;
* USS (``Private_Clean + Private_Dirty``): what the machine frees when this kernel stops, i.e. the
  real cost of one more participant.

A bare kernel that only imports ``ipywidgets`` is measured in the same run as the baseline; every app is
also given as a ratio to it. Per app it also prints the time to import the app module and to run
``from_data()`` inside the kernel (times are noisy on a busy machine; memory is stable).
Target (issue 12): at most 80 MB RSS per app kernel.

Then the session with the most apps (from the session plans in ``data/sessieplannen/``; Les 1: rollen,
zelfscan, beleidsnotitie): what a participant who uses all of them costs, against the target of at most
120 MB per participant, twice: the session page's ONE kernel (``notebooks/apps/sessie.ipynb`` with the
session's apps as its menu, every one of them opened, as a participant would from the menu), and three
separate kernels, one per app (their RSS added up, and their USS added up: what the machine really frees
when they stop).

``--workshop`` measures the kernels as a workshop runs them: the workshop's lean kernel (``--lean-kernel``)
in workshop mode (a session and a SQLite store in a temporary folder, a pseudonym), so every scenario app has
its "Deel met de groep" panel and every page its "Vraag van de trainer" panel, polling the store. That is
what a participant costs in the room; the issue's targets are read against it.
Linux only (``/proc``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
APPS_DIR = ROOT / "notebooks" / "apps"
BASELINE = "(kaal: ipywidgets)"
BASELINE_CODE = "import ipywidgets\nipywidgets.IntSlider()"
HEAVY = ("pandas", "numpy", "matplotlib", "matplotlib.pyplot", "PIL", "pydantic", "yaml", "scipy")
APP_TARGET_MB = 80.0
"""Issue 12: every participant app kernel at most this RSS."""
PARTICIPANT_TARGET_MB = 120.0
"""Issue 12: a participant who uses all the apps of the session with the most apps costs at most this."""

LEAN_ARGV = [
    sys.executable,
    "-c",
    "import sys; sys.modules['debugpy'] = None; from ipykernel import kernelapp; kernelapp.launch_new_instance()",
    "-f",
    "{connection_file}",
    "--HistoryManager.enabled=False",
]
"""A kernel command without the debugger (ipykernel imports debugpy when it can) and the history database."""

TIMING_BEFORE = "import time as _bench_time\n_bench_t0 = _bench_time.perf_counter()\n"
TIMING_AFTER = (
    "import json as _bench_json, sys as _bench_sys\n"
    "print('BENCH' + _bench_json.dumps({'seconds': _bench_time.perf_counter() - _bench_t0, "
    "'heavy': [m for m in " + repr(HEAVY) + " if m in _bench_sys.modules]}))\n"
)


def app_cell(notebook: Path) -> str:
    """The (single) code cell of an app notebook, as Voila runs it."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    return "\n".join(cells)


def app_module(cell: str) -> str | None:
    """``handreiking.apps.balans`` from ``from handreiking.apps.balans import BalansApp``."""
    for line in cell.splitlines():
        if line.startswith("from ") and " import " in line:
            return line.split()[1]
    return None


def memory(pid: int) -> dict[str, float]:
    """RSS, PSS and USS of ``pid`` in MB."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            out["rss"] = int(line.split()[1]) / 1024
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
            fields[parts[0][:-1]] = int(parts[1])
    out["pss"] = fields.get("Pss", 0) / 1024
    out["uss"] = (fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)) / 1024
    return out


def execute(client: Any, code: str, timeout: float = 120) -> str:
    """Run ``code`` in the kernel; return what it printed; raise if it failed."""
    msg_id = client.execute(code, store_history=False)
    printed: list[str] = []
    deadline = time.monotonic() + timeout
    while True:
        try:
            msg = client.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        except Empty as exc:
            raise TimeoutError(f"kernel did not finish within {timeout} s") from exc
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "stream":
            printed.append(msg["content"]["text"])
        elif kind == "error":
            raise RuntimeError("\n".join(msg["content"]["traceback"]))
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            return "".join(printed)


def workshop_env(folder: Path) -> dict[str, str]:
    """The environment of a workshop kernel: a session in a fresh SQLite store, and the participant's pseudonym."""
    from handreiking.workshop.store import open_store

    target = str(folder / "kernel-memory.sqlite3")
    with open_store(target) as store:
        code = store.create_session("kernel_memory.py").code
    return {"HANDREIKING_SESSIE": code, "HANDREIKING_OPSLAG": target, "HTTP_X_HANDREIKING_DEELNEMER": "Rode-Vos-12"}


def measure(name: str, cells: list[str], env: dict[str, str], lean: bool = False) -> dict[str, Any]:
    """Start a fresh kernel, run ``cells`` one after the other (timing the first import and the rest),
    read the kernel's memory."""
    km = KernelManager(kernel_name="python3")
    if lean:
        km.kernel_spec.argv = LEAN_ARGV  # type: ignore[union-attr]
    km.start_kernel(env={**os.environ, **env}, cwd=str(APPS_DIR), stderr=subprocess.DEVNULL)
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        pid = km.provisioner.process.pid  # type: ignore[union-attr]
        result: dict[str, Any] = {"app": name}
        module = app_module(cells[0])
        if module and len(cells) == 1:
            out = execute(client, TIMING_BEFORE + f"import {module}\n" + TIMING_AFTER)
            result["import_s"] = json.loads(out.split("BENCH", 1)[1])["seconds"]
        execute(client, TIMING_BEFORE)
        for cell in cells:
            execute(client, cell)
        out = execute(client, TIMING_AFTER)
        data = json.loads(out.split("BENCH", 1)[1])
        result["cell_s"] = data["seconds"]
        result["heavy"] = data["heavy"]
        time.sleep(0.3)
        result.update(memory(pid))
        return result
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)


def busiest_session() -> tuple[str, list[str]]:
    """The session plan that uses the most apps: its id and its apps (in order of first use)."""
    from handreiking.content import bundled_content

    plans = bundled_content().of_kind("sessieplan")
    plan = max(plans, key=lambda p: len(p.apps))
    return plan.id, list(plan.apps)


SESSION_NOTEBOOK = APPS_DIR / "sessie.ipynb"


def session_page_cells() -> list[str]:
    """The session page's cell as Voila runs it (its widget kept as ``_page``), then every app of its menu opened."""
    *start, last = app_cell(SESSION_NOTEBOOK).rstrip().splitlines()
    return [
        "\n".join([*start, f"_page = {last}", "_page"]),
        "for _name in _page.names:\n    assert _page.show_app(_name) is not None, _name\n",
    ]


def session(plan: str, apps: list[str], rows: list[dict[str, Any]], env: dict[str, str], lean: bool) -> dict[str, Any]:
    """The session page's one kernel with all ``apps`` of session ``plan`` opened, against the separate kernels
    measured in ``rows``."""
    page_env = {**env, "HANDREIKING_SESSIE_APPS": ",".join(apps)}
    one = measure(f"sessiepagina, {plan}: {', '.join(apps)}", session_page_cells(), page_env, lean)
    per_app = {r["app"]: r for r in rows if "rss" in r}
    missing = [app for app in apps if app not in per_app]
    for app in missing:  # the apps were filtered on the command line: measure these too
        per_app[app] = measure(app, [app_cell(APPS_DIR / f"{app}.ipynb")], env, lean)
    separate = {k: sum(per_app[a][k] for a in apps) for k in ("rss", "pss", "uss")}
    return {"plan": plan, "apps": apps, "one_kernel": one, "separate_kernels": separate}


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("apps", nargs="*", help="app names (default: every notebook in notebooks/apps/)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="extra kernel environment")
    parser.add_argument("--lean-kernel", action="store_true", help="kernels without debugpy and history (LEAN_ARGV)")
    parser.add_argument("--no-session", action="store_true", help="skip the session with the most apps")
    parser.add_argument(
        "--workshop", action="store_true", help="as a workshop runs them: lean kernels in workshop mode (store, panels)"
    )
    args = parser.parse_args(argv)
    env = dict(item.split("=", 1) for item in args.env)
    folder = Path(tempfile.mkdtemp(prefix="hr-kernel-memory-"))
    try:
        return run(args, env, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, env: dict[str, str], folder: Path) -> int:
    if args.workshop:
        env = {**workshop_env(folder), **env}
    notebooks = sorted(APPS_DIR.glob("*.ipynb"))
    if args.apps:
        notebooks = [nb for nb in notebooks if nb.stem in args.apps]

    lean = args.lean_kernel or args.workshop
    plan, session_apps = busiest_session()
    env = {"HANDREIKING_SESSIE_APPS": ",".join(session_apps), **env}  # the session page's menu (its preheated state)
    rows = [measure(BASELINE, [BASELINE_CODE], env, lean)]
    for nb in notebooks:
        try:
            rows.append(measure(nb.stem, [app_cell(nb)], env, lean))
        except RuntimeError as exc:  # an app that does not start (yet) is reported, not fatal
            rows.append({"app": nb.stem, "error": str(exc).strip().splitlines()[-1][:200]})
    base = rows[0]
    for row in rows[1:]:
        if "rss" in row:
            row["rss_ratio"] = row["rss"] / base["rss"]
            row["uss_ratio"] = row["uss"] / base["uss"]

    busiest = None if args.no_session else session(plan, session_apps, rows, env, lean)
    worst = max((r for r in rows[1:] if "rss" in r), key=lambda r: r["rss"], default=None)
    if args.json:
        out = {"env": env, "workshop": args.workshop, "lean_kernel": lean, "results": rows, "session": busiest}
        out["targets"] = {"app_kernel_mb": APP_TARGET_MB, "participant_mb": PARTICIPANT_TARGET_MB}
        print(json.dumps(out, indent=2))
        return 0
    settings = [*args.env, *(["workshop mode"] if args.workshop else []), *(["lean kernel"] if lean else [])]
    print(f"kernel memory per app (MB){' with ' + ', '.join(settings) if settings else ''}")
    print(f"{'app':<20} {'RSS':>7} {'PSS':>7} {'USS':>7} {'RSS/kaal':>9} {'import':>8} {'cel':>8}  heavy modules")
    for row in rows:
        if "error" in row:
            print(f"{row['app']:<20} start niet: {row['error']}")
            continue
        ratio = f"{row['rss_ratio']:.2f}" if "rss_ratio" in row else "1.00"
        imp = f"{1000 * row['import_s']:.0f} ms" if "import_s" in row else "-"
        print(
            f"{row['app']:<20} {row['rss']:>7.1f} {row['pss']:>7.1f} {row['uss']:>7.1f} {ratio:>9} "
            f"{imp:>8} {1000 * row['cell_s']:>5.0f} ms  {', '.join(row['heavy'])}"
        )
    if worst:
        ok = worst["rss"] <= APP_TARGET_MB
        print(
            f"largest app kernel: {worst['app']} {worst['rss']:.1f} MB RSS, {worst['rss'] - base['rss']:+.1f} MB on the"
            f" bare kernel (target: at most {APP_TARGET_MB:.0f} MB RSS): {verdict(ok)}"
        )
    if busiest:
        one, sep = busiest["one_kernel"], busiest["separate_kernels"]
        n = len(busiest["apps"])
        print(f"\nsession with the most apps: {busiest['plan']} ({', '.join(busiest['apps'])})")
        print(
            f"{'per participant':<28} {'RSS':>7} {'PSS':>7} {'USS':>7}  target at most {PARTICIPANT_TARGET_MB:.0f} MB"
        )
        print(
            f"{f'session page, {n} apps open':<28} {one['rss']:>7.1f} {one['pss']:>7.1f} {one['uss']:>7.1f}"
            f"  {verdict(one['rss'] <= PARTICIPANT_TARGET_MB)} (RSS)"
        )
        print(
            f"{f'{n} separate kernels (sum)':<28} {sep['rss']:>7.1f} {sep['pss']:>7.1f} {sep['uss']:>7.1f}"
            f"  {verdict(sep['rss'] <= PARTICIPANT_TARGET_MB)} (RSS)"
        )
        print(
            f"the session page saves {sep['rss'] - one['rss']:.1f} MB RSS and {sep['uss'] - one['uss']:.1f} MB USS per"
            f" participant ({one['rss'] / sep['rss']:.0%} of the RSS of separate kernels); the bare kernel"
            f" alone holds {base['rss']:.1f} MB RSS"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
