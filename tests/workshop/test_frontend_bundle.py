"""The participant page's front end (frontend/src/participant.js) is committed built, in the template's static
folder: the committed files must be what the build makes from the committed source and lockfile, and the widget
packages in it must be the ones the installed ipywidgets front end (jupyterlab_widgets) is built against."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, require_or_skip

from handreiking.workshop.config import TEMPLATE_DIR

FRONTEND = ROOT / "frontend"
STATIC = TEMPLATE_DIR / "static"
BUILT = ("hr-page.js", "hr-page.css", "hr-page.LICENSES.txt")
WIDGET_PACKAGES = ("@jupyter-widgets/base", "@jupyter-widgets/base-manager", "@jupyter-widgets/controls")


def locked_versions() -> dict[str, str]:
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    return {path.removeprefix("node_modules/"): meta["version"] for path, meta in lock["packages"].items() if path}


def satisfies_caret(version: str, wanted: str) -> bool:
    """``version`` within npm's ``^x.y.z`` range (same major version, not older); plain x.y.z: equal."""
    have = tuple(int(p) for p in version.split("."))
    low = tuple(int(p) for p in wanted.lstrip("^").split("."))
    if not wanted.startswith("^"):
        return have == low
    return have[0] == low[0] and have >= low


def test_caret_ranges_are_read_as_npm_reads_them() -> None:
    assert satisfies_caret("6.0.12", "^6.0.12") and satisfies_caret("6.1.0", "^6.0.12")
    assert not satisfies_caret("6.0.11", "^6.0.12") and not satisfies_caret("7.0.0", "^6.0.12")
    assert satisfies_caret("1.0.13", "1.0.13") and not satisfies_caret("1.0.14", "1.0.13")


def test_built_files_are_committed_and_named_in_the_page() -> None:
    for name in BUILT:
        assert (STATIC / name).stat().st_size > 0, name
    page = (TEMPLATE_DIR / "index.html.j2").read_text(encoding="utf-8")
    assert "/hr-page.js" in page and "/hr-page.css" in page
    assert "voila_setup_labextensions" not in page, "the page must not load Voila's own front end as well"
    licences = (STATIC / "hr-page.LICENSES.txt").read_text(encoding="utf-8")
    for package in (*WIDGET_PACKAGES, "@jupyterlab/services", "@lumino/widgets"):
        assert f"\n{package}@" in licences, package


def test_widget_packages_match_the_installed_ipywidgets_front_end() -> None:
    """jupyterlab_widgets (what JupyterLab and Voila use for this ipywidgets) names the widget packages it is built
    with; the page bundles versions in those ranges, so both speak the same widget protocol."""
    manager = Path(sys.prefix, "share", "jupyter", "labextensions", "@jupyter-widgets", "jupyterlab-manager")
    wanted = json.loads((manager / "package.json").read_text(encoding="utf-8"))["dependencies"]
    locked = locked_versions()
    for package in WIDGET_PACKAGES:
        assert satisfies_caret(locked[package], wanted[package]), (package, locked[package], wanted[package])


@pytest.mark.slow
def test_committed_bundle_is_what_the_build_makes(tmp_path: Path) -> None:
    """npm ci from the lockfile, then frontend/build.mjs: the same bytes as the committed files."""
    npm, node = shutil.which("npm"), shutil.which("node")
    require_or_skip(
        bool(npm and node), "Node.js en npm ontbreken (apt-get install -y nodejs npm)", "HANDREIKING_REQUIRE_BROWSER"
    )
    work = tmp_path / "frontend"
    shutil.copytree(FRONTEND, work, ignore=shutil.ignore_patterns("node_modules"))
    installed = subprocess.run(
        [str(npm), "ci", "--silent", "--no-audit", "--no-fund"], cwd=work, capture_output=True, text=True, timeout=600
    )
    require_or_skip(
        installed.returncode == 0,
        f"npm ci lukt niet (geen npm-register?): {installed.stderr[-400:]}",
        "HANDREIKING_REQUIRE_BROWSER",
    )
    out = tmp_path / "out"
    built = subprocess.run(
        [str(node), str(work / "build.mjs"), str(out)], cwd=work, capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr
    for name in BUILT:
        assert (out / name).read_bytes() == (STATIC / name).read_bytes(), (
            f"{name} is not what frontend/build.mjs makes: run `make frontend` and commit the result"
        )
    assert re.search(r"\d+ packages", built.stdout)
