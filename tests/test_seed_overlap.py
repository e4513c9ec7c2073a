"""No passage of the handreiking is pasted: all text is in our own words."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import require_or_skip

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT.parent / "shared" / "tools" / "seed_overlap.py"


def test_no_ten_word_run_copied_from_the_handreiking() -> None:
    """The project's seed-overlap tool finds no run of ten or more words copied from the source."""
    require_or_skip(TOOL.is_file(), f"{TOOL} ontbreekt (alleen naast ../shared te draaien)", "CI")
    proc = subprocess.run([sys.executable, str(TOOL)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "no passage" in proc.stdout.lower()
