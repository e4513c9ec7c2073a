"""The project installs the same way everywhere: pip, conda/Binder, make and CI agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# conda-forge names that differ from PyPI names
CONDA_NAMES = {"psycopg[binary]": "psycopg"}


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^([A-Za-z0-9_.\-\[\]]+)\s*(.*)$", req.strip())
    assert m, req
    name, spec = m.group(1), m.group(2).replace(" ", "")
    name = CONDA_NAMES.get(name, name).lower().replace("_", "-")
    return name, spec


def pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["test"]
    return dict(_split(r) for r in reqs)


def environment_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for dep in env["dependencies"]:
        if not isinstance(dep, str) or dep.startswith(("python", "pip")):
            continue
        name, spec = _split(dep)
        out[name] = re.sub(r"^=(?!=)", "==", spec)  # conda's single '=' pins like pip's '=='
    return out


def test_environment_and_pyproject_name_the_same_dependencies() -> None:
    """Binder/conda users get exactly the dependencies pip users get, with the same versions."""
    assert environment_requirements() == pyproject_requirements()


def test_widget_stack_is_pinned_together() -> None:
    """ipywidgets, jupyterlab_widgets and voila are pinned to one known-good set."""
    reqs = pyproject_requirements()
    assert reqs["ipywidgets"].startswith("==8.1.")
    assert reqs["jupyterlab-widgets"].startswith("==3.0.")
    assert re.match(r"^==0\.5\.(\d+)$", reqs["voila"]) and int(reqs["voila"].split(".")[-1]) >= 6
    assert reqs["jupyter-server"].startswith(">=2.18")


def test_binder_installs_the_package() -> None:
    """postBuild installs the package itself, so Binder users can import it."""
    post = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert "pip install" in post and "-e ." in post


def test_readme_gives_the_two_commands() -> None:
    """The README names `make workshop` and `make test`, and the Makefile defines both."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make workshop" in readme and "make test" in readme
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^workshop:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run runs the README's test command and installs chromium for the browser tests."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test\b", ci, re.M)
    assert "apt-get install" in ci and "chromium" in ci


def test_readme_binder_links_point_at_existing_files() -> None:
    """The Binder badge's Voila link renders an app that exists."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"urlpath=voila(?:%2F|/)render(?:%2F|/)([^)\s&\"]+)", readme)
    assert targets
    for target in targets:
        assert (ROOT / target.replace("%2F", "/")).is_file(), target
