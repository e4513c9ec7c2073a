"""Run notebooks top to bottom in fresh kernels, so a hand-out shows what the notebook shows today."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat

from .catalog import HandoutError

TIMEOUT = 300
"""Seconds one cell may take (a lesson notebook needs a few seconds in all)."""
WORKERS = 2
"""Notebooks executed at the same time (a kernel start is mostly waiting; two fit on a two-core machine)."""


def kernel_env() -> dict[str, str]:
    """The kernel's environment: ours, without workshop mode (no "Deel met de groep" in a hand-out)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDREIKING_")}
    env["MPLBACKEND"] = "Agg"
    return env


async def _execute(path: Path, timeout: int) -> Any:
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    nb = nbformat.read(path, as_version=4)
    runtime = Path(tempfile.mkdtemp(prefix="hr-nb-"))  # short path: ipc socket names stay under 108 bytes
    km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(runtime / "kernel"))
    client = NotebookClient(
        nb, km=km, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    try:
        await client.async_execute(env=kernel_env())
    except (CellExecutionError, CellTimeoutError) as exc:
        lines = str(exc).strip().splitlines()
        raise HandoutError(
            f"Het notebook {path.name} loopt niet foutloos: {lines[-1] if lines else exc}. "
            "Open het in JupyterLab, voer alle cellen uit en los de fout op; bouw daarna opnieuw."
        ) from exc
    finally:
        if km.has_kernel:  # nbclient leaves a kernel it did not create running
            await km.shutdown_kernel(now=True)
        shutil.rmtree(runtime, ignore_errors=True)
    return nb


async def _execute_all(paths: Sequence[Path], timeout: int, workers: int) -> list[Any]:
    limit = asyncio.Semaphore(workers)

    async def one(path: Path) -> Any:
        async with limit:
            return await _execute(path, timeout)

    return list(await asyncio.gather(*(one(p) for p in paths)))


def execute_notebooks(paths: Sequence[Path], timeout: int = TIMEOUT, workers: int = WORKERS) -> list[Any]:
    """Each notebook executed in its own folder with a python3 kernel over ipc (no TCP ports), ``workers`` at a
    time; in the order given. Raises :class:`HandoutError` naming the notebook when a cell fails."""
    return asyncio.run(_execute_all(paths, timeout, workers))


def execute_notebook(path: Path, timeout: int = TIMEOUT) -> Any:
    """One notebook, executed (see :func:`execute_notebooks`)."""
    return execute_notebooks([path], timeout)[0]
