"""The soak benchmark in its short mode (``benchmarks/soak.py --kort``): a few participants against the real
workshop server for about two minutes; every check of the full soak must hold (see the script's text)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "soak.py"


def test_short_soak_meets_every_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("soak", SCRIPT)
    assert spec is not None and spec.loader is not None
    soak = importlib.util.module_from_spec(spec)
    sys.modules["soak"] = soak  # dataclasses look their module up here
    spec.loader.exec_module(soak)
    code = soak.main(["--kort", "--map", str(tmp_path)])
    out = capsys.readouterr().out
    print(out)
    assert "MISSED" not in out and out.count("MET ") == 5, out
    assert code == 0
