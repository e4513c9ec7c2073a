"""Benchmark (not a test): how fast the balans app answers a control change inside a kernel.

Run: ``.venv/bin/python benchmarks/balans_kernel.py``. Prints the time to start the app,
the median and p95 time from a control change to the updated picture (model, play-out,
both figures as SVG and all HTML), the size of the two figures the widgets send, and which
heavy modules the app imported at start.
As a reference measured in the same run, it prints the time to draw both figures with the
matplotlib renderer as PNG (what a notebook does) for the same outcomes, with their size, and
the oordelen the changes passed through (the 'beide' picture has its own marks).
Target (issue 12): p95 at most 150 ms per change; no pandas, matplotlib, numpy or PIL in the app.
"""

from __future__ import annotations

import statistics
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported for real inside main(), so the import time can be measured
    from handreiking.content.balans import BalansModel
    from handreiking.scenarios.balans import Uitkomst

Seen = list[tuple["Uitkomst", list[dict[str, float]]]]

HEAVY = ("pandas", "numpy", "matplotlib", "matplotlib.pyplot", "scipy", "PIL", "pydantic", "yaml", "IPython")
P95_TARGET_MS = 150.0


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
    seen: Seen = []
    for i in range(rounds):
        control = controls[i % len(controls)]
        control.value = (control.value + 1) % 4
        t0 = time.perf_counter()
        if i % 7 == 6:
            app.pen.value = {"collectief": "samen", "samen": "gemeente", "gemeente": "collectief"}[app.pen.value]
        else:
            control.value = (control.value + 1) % 4
        times.append(time.perf_counter() - t0)
        assert app.uitkomst is not None
        seen.append((app.uitkomst, list(app.records)))
        if i == rounds // 2:
            app.casus_select.value = "cpo-groep"  # its start approach is 'beide'
    times.sort()
    svg_bytes = len(app.balance_html.value.encode()) + len(app.play_out_html.value.encode())
    loaded_after = sorted(m for m in HEAVY if m in sys.modules and m not in before)
    reference, png_bytes = _matplotlib_redraw(app.model, seen)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"import handreiking.apps.balans: {1000 * t_import:.0f} ms")
    print(f"BalansApp.from_data() (content load + first render): {1000 * t_start:.0f} ms")
    print(
        f"control change -> updated picture, {rounds} changes: median {1000 * statistics.median(times):.1f} ms, "
        f"p95 {1000 * p95:.1f} ms"
    )
    print(
        f"reference, both figures drawn by the matplotlib renderer as PNG for the same outcomes: median "
        f"{1000 * reference:.1f} ms (the app takes {statistics.median(times) / reference:.1%} of that)"
    )
    print(
        f"both figures as the app sends them: {svg_bytes / 1024:.1f} kB SVG"
        f" (as PNG at 90 dpi: {png_bytes / 1024:.1f} kB)"
    )
    oordelen = sorted({u.oordeel for u, _ in seen})
    print("oordelen passed through:", ", ".join(oordelen))
    print("heavy modules imported at start:", ", ".join(loaded) or "none")
    print("heavy modules imported after all changes:", ", ".join(loaded_after) or "none")
    verdict = "MET" if 1000 * p95 <= P95_TARGET_MS else "MISSED"
    print(f"target: control change -> new figure p95 at most {P95_TARGET_MS:.0f} ms: {verdict} ({1000 * p95:.1f} ms)")


def _matplotlib_redraw(model: BalansModel, seen: Seen) -> tuple[float, int]:
    """Median time to draw and encode both figures with matplotlib for each recorded outcome; bytes of the last."""
    from handreiking.plots.balans import balance_figure, play_out_figure
    from handreiking.plots.render import figure_html

    times: list[float] = []
    size = 0
    for uitkomst, records in seen:
        t0 = time.perf_counter()
        html = figure_html(balance_figure(model, uitkomst), alt="", dpi=90)
        html += figure_html(play_out_figure(model, records), alt="", dpi=90)
        times.append(time.perf_counter() - t0)
        size = len(html.encode())
    return statistics.median(times), size


if __name__ == "__main__":
    main()
