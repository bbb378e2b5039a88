"""A Virtuoso server for tests (and bench/serve.py): its own ini, database and log in a temp dir.

``start_virtuoso(dir)`` starts Debian's ``virtuoso-t +foreground`` on free loopback ports, waits
until ``/sparql`` answers, lets anonymous ``/sparql`` run updates (``GRANT SPARQL_UPDATE``) and
creates a user for ``/sparql-auth`` (digest auth); ``stop()`` ends it. The ``virtuoso`` fixture
does this once per test session. Import it in a test module::

    from virtuoso import virtuoso  # noqa: F401  (the fixture)

Without ``virtuoso-t`` the fixture skips (fails under ``POLICYKG_REQUIRE_ALL=1``): install it
with ``.ci/install-virtuoso.sh``.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"
DBA_PASSWORD = "dba"          # a fresh database's dba password
AUTH_USER, AUTH_PASSWORD = "kgtest", "kgtest-pw"
VSP = Path("/var/lib/virtuoso-opensource-7/vsp")

INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = 1G
ThreadsPerQuery = 2
DirsAllowed = ., {d}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {vsp}
ServerThreads = 16
MaxClientConnections = 16
MaxKeepAlives = 16
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""

SETUP_SQL = f"""
GRANT SPARQL_UPDATE TO "SPARQL";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7);
DB.DBA.USER_CREATE('{AUTH_USER}', '{AUTH_PASSWORD}');
GRANT SPARQL_UPDATE TO "{AUTH_USER}";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{AUTH_USER}', 7);
"""


def available() -> bool:
    """True when Debian's virtuoso-opensource is installed."""
    return shutil.which(VIRTUOSO) is not None and shutil.which(ISQL) is not None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Virtuoso:
    """A running Virtuoso: its directory, ports and process."""

    dir: Path
    sql_port: int
    http_port: int
    proc: subprocess.Popen

    @property
    def sparql_url(self) -> str:
        """The anonymous endpoint (queries and, after setup, updates)."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def auth_url(self) -> str:
        """The endpoint needing digest authentication (``AUTH_USER``/``AUTH_PASSWORD``)."""
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    def isql(self, sql: str) -> str:
        """Run SQL statements as dba; the output (raises on an error)."""
        out = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", DBA_PASSWORD, f"exec={sql}"],
                             capture_output=True, text=True, timeout=120)
        if out.returncode != 0 or "*** Error" in out.stdout + out.stderr:
            raise RuntimeError(f"isql failed: {out.stdout[-800:]} {out.stderr[-800:]}")
        return out.stdout

    def log_tail(self, n: int = 20) -> str:
        try:
            return "\n".join((self.dir / "virtuoso.log").read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def stop(self, clean: bool = False) -> None:
        """Stop the server: ``clean`` checkpoints first (for a database kept for next time)."""
        if clean and self.proc.poll() is None:
            try:
                self.isql("checkpoint;")
            except (RuntimeError, OSError, subprocess.TimeoutExpired):
                pass
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start_virtuoso(directory: Path, wait: float = 120.0, buffers: int = 20000) -> Virtuoso:
    """Start Virtuoso with a private ini/database in ``directory``; ready for updates when it returns.

    ``buffers`` is its page cache in 8 KB pages (20000 ≈ 160 MB; a million triples want ~100000).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    while http == sql:
        http = free_port()
    vsp = VSP if VSP.is_dir() else directory
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(d=directory, sql=sql, http=http, vsp=vsp, buffers=buffers,
                              dirty=buffers * 3 // 4))
    with open(directory / "stdout.log", "wb") as out:
        proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=directory,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    v = Virtuoso(directory, sql, http, proc)
    end = time.monotonic() + wait
    while not _answers(v.sparql_url):
        if proc.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {proc.returncode}:\n{v.log_tail()}")
        if time.monotonic() > end:
            v.stop()
            raise RuntimeError(f"virtuoso-t did not answer within {wait:g} s:\n{v.log_tail()}")
        time.sleep(0.2)
    done = directory / "setup.done"  # a reused database keeps its grants and user
    try:
        if not done.exists():
            v.isql(SETUP_SQL)
            done.write_text("ok\n")
    except Exception:
        v.stop()
        raise
    return v


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """One Virtuoso per test session, on free loopback ports, stopped at the end."""
    from conftest import require

    require(available(), "virtuoso-t / isql-vt not installed (run .ci/install-virtuoso.sh)")
    v = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield v
    v.stop()


if __name__ == "__main__":  # start one by hand: python tests/virtuoso.py DIR
    import sys

    v = start_virtuoso(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/kg-virtuoso"))
    print(v.sparql_url, "sql port", v.sql_port, "pid", v.proc.pid, flush=True)
    try:
        v.proc.wait()
    except KeyboardInterrupt:
        v.stop()
    os._exit(0)
