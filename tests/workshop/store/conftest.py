"""Fixtures for the store's tests: the ``store`` under test on SQLite and on a real PostgreSQL server.

The PostgreSQL server is started once per test run from Debian's packages in a
temp folder, as a non-root user (``postgres``, created if missing) on
127.0.0.1 at a free port, with its socket in the temp folder, and stopped
afterwards. Tests that need it are skipped only when no PostgreSQL binaries are
installed (CI installs them; HANDREIKING_REQUIRE_POSTGRES=1 turns the skip into
a failure).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import require_or_skip

from handreiking.workshop.store import Store, open_store


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_bindir() -> Path | None:
    candidates = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if (Path(p) / "initdb").is_file()]
    if not candidates:
        found = shutil.which("initdb")
        return Path(found).parent if found else None

    def major(p: Path) -> float:
        try:
            return float(p.parent.name)
        except ValueError:
            return 0.0

    return max(candidates, key=major)


def _server_user() -> str | None:
    """The user to run PostgreSQL as: None when we are not root; else ``postgres`` (created if missing)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"],
            check=True,
            capture_output=True,
        )
    return "postgres"


class PostgresServer:
    """A throwaway PostgreSQL server in a temp folder."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.user = _server_user()
        self.base = Path(tempfile.mkdtemp(prefix="handreiking-pg-"))
        self.data = self.base / "data"
        self.sockets = self.base / "sock"
        self.log = self.base / "server.log"
        self.port = free_port()

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.base)

    def start(self) -> None:
        self.sockets.mkdir()
        if self.user:
            shutil.chown(self.base, self.user)
            shutil.chown(self.sockets, self.user)
        init = self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "handreiking",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{init.stdout}\n{init.stderr}")
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        started = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o", options, "start"
        )
        if started.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed:\n{started.stdout}\n{started.stderr}\n{log}")

    def stop(self) -> None:
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://handreiking@127.0.0.1:{self.port}/{dbname}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole run, stopped and removed afterwards."""
    bindir = _pg_bindir()
    require_or_skip(
        bindir is not None,
        "Geen PostgreSQL gevonden (initdb ontbreekt); installeer met: apt-get install -y postgresql",
        "HANDREIKING_REQUIRE_POSTGRES",
    )
    assert bindir is not None
    server = PostgresServer(bindir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> Iterator[str]:
    """The address of a fresh, empty schema (dropped afterwards); a schema is much faster than a database."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server.url(), autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {name}")
    yield pg_server.url() + f"?options=-csearch_path%3D{name}"
    with psycopg.connect(pg_server.url(), autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The store under test, once on SQLite (a fresh folder) and once on PostgreSQL (a fresh schema)."""
    if request.param == "sqlite":
        s = open_store(tmp_path / "data")
    else:
        s = open_store(request.getfixturevalue("pg_url"))
    yield s
    s.close()
