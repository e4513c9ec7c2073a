"""Benchmark (not a test): how fast the rollen app answers a slider change inside a kernel.

Run: ``.venv/bin/python benchmarks/rollen_kernel.py``. Prints the time to start the app,
the median and p95 time from a slider change to the updated picture (rebalance, the
model, the mix chart as SVG, the table and the feedback HTML), the same for a case change
(which also draws the factor chart, once per case), and which heavy modules the app
imported. As a reference measured in the same run: the mix chart drawn by the matplotlib
renderer as PNG (what a notebook does) for the same mixes.
Target (issue 12): p95 at most 150 ms per change; no pandas, matplotlib, numpy or PIL in the app.
"""

from __future__ import annotations

import statistics
import sys
import time
from typing import Any

HEAVY = ("pandas", "numpy", "matplotlib", "matplotlib.pyplot", "scipy", "PIL", "pydantic", "yaml", "IPython")
P95_TARGET_MS = 150.0


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(rounds: int = 60) -> None:
    before = set(sys.modules)
    t0 = time.perf_counter()
    from handreiking.apps.rollen import RollenApp

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    app = RollenApp.from_data()
    t_start = time.perf_counter() - t0
    loaded = sorted(m for m in HEAVY if m in sys.modules and m not in before)

    roles = list(app.sliders)
    values = [10, 35, 60, 5, 80, 25, 50]
    slider_times: list[float] = []
    seen = []
    for i in range(rounds):
        slider = app.sliders[roles[i % len(roles)]]
        target = values[i % len(values)]
        if slider.value == target:
            target = (target + 7) % 101
        t0 = time.perf_counter()
        slider.value = target
        slider_times.append(time.perf_counter() - t0)
        assert sum(app.mix.values()) == 100 and app.uitkomst is not None
        seen.append((app.vraagstuk, app.uitkomst))
    svg_bytes = len(app.mix_html.value.encode())

    case_ids = list(app.vraagstukken)
    case_times: list[float] = []
    for i in range(2 * len(case_ids)):
        t0 = time.perf_counter()
        app.casus_select.value = case_ids[(i + 1) % len(case_ids)]
        case_times.append(time.perf_counter() - t0)

    print(f"import handreiking.apps.rollen: {1000 * t_import:.0f} ms")
    print(f"RollenApp.from_data() (content load + first render): {1000 * t_start:.0f} ms")
    print(
        f"slider change -> updated picture, {rounds} changes: median {1000 * statistics.median(slider_times):.1f} ms, "
        f"p95 {1000 * _p95(slider_times):.1f} ms"
    )
    print(
        f"case change -> updated picture, {len(case_times)} changes: median "
        f"{1000 * statistics.median(case_times):.1f} ms, p95 {1000 * _p95(case_times):.1f} ms"
    )
    loaded_after = sorted(m for m in HEAVY if m in sys.modules and m not in before)
    reference, png_bytes = _matplotlib_mix(app.model, seen)
    print(
        f"reference, the mix chart drawn by the matplotlib renderer as PNG for the same mixes: median "
        f"{1000 * reference:.1f} ms; the SVG mix chart is {svg_bytes / 1024:.1f} kB (PNG at 110 dpi:"
        f" {png_bytes / 1024:.1f} kB)"
    )
    print("heavy modules imported at start:", ", ".join(loaded) or "none")
    print("heavy modules imported after all changes:", ", ".join(loaded_after) or "none")
    p95 = 1000 * max(_p95(slider_times), _p95(case_times))
    verdict = "MET" if p95 <= P95_TARGET_MS else "MISSED"
    print(f"target: slider or case change -> new figure p95 at most {P95_TARGET_MS:.0f} ms: {verdict} ({p95:.1f} ms)")


def _matplotlib_mix(model: Any, seen: list[tuple[Any, Any]]) -> tuple[float, int]:
    """Median time to draw and encode the mix chart with matplotlib for each recorded mix; bytes of the last."""
    from handreiking.plots.render import figure_html
    from handreiking.plots.rollen import mix_figure

    times: list[float] = []
    size = 0
    for vraagstuk, uitkomst in seen:
        t0 = time.perf_counter()
        size = len(figure_html(mix_figure(model, vraagstuk, uitkomst), alt="", dpi=110).encode())
        times.append(time.perf_counter() - t0)
    return statistics.median(times), size


if __name__ == "__main__":
    main()
