"""The same store behaviour on a real PostgreSQL server, started from Debian's packages in a temp folder.

Every test in tests/test_store.py that takes the ``store`` fixture is collected
here again, with ``store`` parametrised over SQLite and PostgreSQL. The server
runs as a non-root user (``postgres``, created if missing) on 127.0.0.1 at a
free port, with its socket in the temp folder, and is stopped afterwards.
Skipped only when no PostgreSQL binaries are installed (CI installs them; set
HANDREIKING_REQUIRE_POSTGRES=1 to turn the skip into a failure).
"""

from __future__ import annotations

import glob
import importlib.util
import inspect
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import require_or_skip

from handreiking.workshop.store import Store, StoreError, open_store

pytestmark = pytest.mark.postgres

# --------------------------------------------------------------------------- the shared behaviour tests

_spec = importlib.util.spec_from_file_location("_store_behaviour", Path(__file__).with_name("test_store.py"))
assert _spec is not None and _spec.loader is not None
_behaviour = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_behaviour)
for _name, _func in vars(_behaviour).items():
    if _name.startswith("test_") and callable(_func) and "store" in inspect.signature(_func).parameters:
        globals()[_name] = _func
P1 = _behaviour.P1


# --------------------------------------------------------------------------- a throwaway PostgreSQL server


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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


class _Server:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.user = _server_user()
        self.base = Path(tempfile.mkdtemp(prefix="handreiking-pg-"))
        self.data = self.base / "data"
        self.sockets = self.base / "sock"
        self.log = self.base / "server.log"
        self.port = _free_port()

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


@pytest.fixture(scope="module")
def pg_server() -> Iterator[_Server]:
    """A PostgreSQL server for this module, stopped and removed afterwards."""
    bindir = _pg_bindir()
    require_or_skip(
        bindir is not None,
        "Geen PostgreSQL gevonden (initdb ontbreekt); installeer met: apt-get install -y postgresql",
        "HANDREIKING_REQUIRE_POSTGRES",
    )
    assert bindir is not None
    server = _Server(bindir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: _Server) -> Iterator[str]:
    """The address of a fresh, empty schema (dropped afterwards); a schema is much faster than a database."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server.url(), autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {name}")
    yield pg_server.url() + f"?options=-csearch_path%3D{name}"
    with psycopg.connect(pg_server.url(), autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The store under test, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        s = open_store(tmp_path / "data")
    else:
        s = open_store(request.getfixturevalue("pg_url"))
    yield s
    s.close()


# --------------------------------------------------------------------------- PostgreSQL specifics


def test_postgres_backend_is_used(pg_url: str) -> None:
    """A postgresql:// address opens PostgreSQL, migrates it, and the description hides no password."""
    s = open_store(pg_url.replace("handreiking@", "handreiking:geheim@"))
    try:
        assert s.backend == "postgresql" and s.path is None
        assert "geheim" not in s.describe() and "127.0.0.1" in s.describe()
        assert s.integrity_check() == "ok"
        assert s.schema_version() >= 1
    finally:
        s.close()


def test_concurrent_resubmits_of_one_answer_stay_one_row(pg_url: str) -> None:
    """Twelve threads saving the same participant's answer at once: one row, every version numbered once."""
    s = open_store(pg_url, busy_timeout_ms=20000)
    code = s.create_session().code
    results: list[int] = []
    errors: list[BaseException] = []
    gate = threading.Barrier(12)

    def work(n: int) -> None:
        try:
            gate.wait(timeout=30)
            results.append(s.save_answer(code, P1, "balans", {"n": n}).revision)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == list(range(1, 13))
    (row,) = s.answers(code)
    assert row.revision == 12
    assert [h.revision for h in s.history(code)] == list(range(1, 12))
    s.close()


def test_postgres_lock_beyond_timeout_is_retryable(pg_url: str) -> None:
    """A row locked by another transaction past the timeout gives StoreError(retryable=True) in Dutch."""
    import psycopg

    s = open_store(pg_url, busy_timeout_ms=300)
    code = s.create_session().code
    s.save_answer(code, P1, "balans", {"v": 1})
    with psycopg.connect(pg_url) as other:  # not autocommit: the lock is held until the block ends
        other.execute("SELECT 1 FROM answers WHERE participant = %s FOR UPDATE", (P1,))
        started = time.monotonic()
        with pytest.raises(StoreError) as info:
            s.save_answer(code, P1, "balans", {"v": 2})
        waited = time.monotonic() - started
        other.rollback()
    assert info.value.retryable is True and "bezet" in info.value.message
    assert 0.25 <= waited < 5
    assert s.save_answer(code, P1, "balans", {"v": 3}).revision == 2
    s.close()


def test_unreachable_server_is_retryable() -> None:
    """No server at the address: a retryable Dutch connection error naming host and port, not a traceback."""
    with pytest.raises(StoreError) as info:
        open_store(f"postgresql://handreiking@127.0.0.1:{_free_port()}/postgres")
    assert info.value.retryable is True and "verbinding" in info.value.message
