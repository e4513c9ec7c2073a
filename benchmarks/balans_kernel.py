"""Benchmark (not a test): how fast the balans app answers a control change inside a kernel.

Run: ``.venv/bin/python benchmarks/balans_kernel.py``. Prints the time to start the app,
the median and p95 time from a control change to the updated picture (model, play-out,
both figures and all HTML), and which heavy modules the app imported at start.
Target: well under 150 ms median per change; pandas not imported by the app.
"""

from __future__ import annotations

import statistics
import sys
import time

HEAVY = ("pandas", "numpy", "matplotlib", "matplotlib.pyplot", "scipy", "PIL", "pydantic", "yaml", "IPython")


def main(rounds: int = 60) -> None:
    before = set(sys.modules)
    t0 = time.perf_counter()
    from handreiking.apps.balans import BalansApp

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    app = BalansApp.from_data()
    t_start = time.perf_counter() - t0
    loaded = sorted(m for m in HEAVY if m in sys.modules and m not in before)

    controls = [*app.sliders.values(), *app.asks.values()]
    times: list[float] = []
    for i in range(rounds):
        control = controls[i % len(controls)]
        control.value = (control.value + 1) % 4
        t0 = time.perf_counter()
        if i % 7 == 6:
            app.pen.value = {"collectief": "samen", "samen": "gemeente", "gemeente": "collectief"}[app.pen.value]
        else:
            control.value = (control.value + 1) % 4
        times.append(time.perf_counter() - t0)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"import handreiking.apps.balans: {1000 * t_import:.0f} ms")
    print(f"BalansApp.from_data() (content load + first render): {1000 * t_start:.0f} ms")
    print(
        f"control change -> updated picture, {rounds} changes: median {1000 * statistics.median(times):.1f} ms, "
        f"p95 {1000 * p95:.1f} ms"
    )
    print("heavy modules imported at start:", ", ".join(loaded) or "none")
    print("pandas imported:", "yes" if "pandas" in sys.modules else "no")


if __name__ == "__main__":
    main()
