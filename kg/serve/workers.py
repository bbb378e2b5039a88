"""Running user SPARQL where it cannot hurt the endpoint: worker processes over a store directory.

Each worker process opens the store read-only once (and reopens it in the background after a
build writes, :class:`_View`), runs a query, writes the result with :func:`kg.serve.results.render`
and sends the bytes back. A query still running at its deadline has its worker killed (so its CPU is
really released) and replaced; a query that crashes its worker (pyoxigraph overflowing its stack)
is a one-line 500. Stores that cannot be shared with a process (in memory, remote) run queries in
threads (:class:`ThreadRunner`).

Why not pebble's ProcessPool (issue 13 asked to consider it): its round trip costs about twice ours
before any query runs (``python bench/pool.py``: 0.36–0.40 ms to echo a short answer against
0.19–0.23 ms for ours to run ``ASK {}`` and answer), it has no place for a worker's long-lived store view
(:class:`_View`) nor for sending a job to the warmest worker, and its workers start through
multiprocessing (spawn or forkserver re-import the caller's ``__main__``, which is Streamlit's in the
app; fork is unsafe beside the store's threads). Ours are started with ``python -c`` and talked to
over two pipes.
"""
from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from extract.errors import PolicyKGError
from kg.errors import QueryError, StoreError
from kg.serve.results import Deadline, Reply, render
from kg.store import Store, check_service

__all__ = ["Job", "run_job", "ProcessRunner", "ThreadRunner", "QUEUE_WAIT"]

#: how long a query may wait in line for a worker (its own timeout starts when a worker takes it)
QUEUE_WAIT = 120.0

@dataclass
class Job:
    """One query to run: text, negotiated formats and limits."""

    sparql: str
    result_fmt: str | None
    graph_fmt: str | None
    max_rows: int | None
    timeout: float
    allow_service: bool = False


def _timeout_reply(timeout: float) -> Reply:
    return Reply.error(503, f"query timed out after {timeout:g} s (the endpoint's --timeout); "
                            f"narrow the query (LIMIT, more specific patterns) or raise the timeout")


def run_job(store: Store, job: Job, deadline: float) -> Reply:
    """Run one query on a store and render it; errors become 400/403/500/503 replies."""
    try:
        check_service(job.sparql, job.allow_service)
        res = store.raw_query(job.sparql)
        if time.monotonic() > deadline:
            raise Deadline()
        return render(res, job.result_fmt, job.graph_fmt, max_rows=job.max_rows, deadline=deadline,
                      again=lambda: store.raw_query(job.sparql))
    except Deadline:
        return _timeout_reply(job.timeout)
    except QueryError as e:
        code = getattr(e, "code", "")
        if code == "E405":
            return Reply.error(403, str(e))
        if code in ("E406", "E401", "E402", "E403", "E404", "E430"):
            return Reply.error(400, str(e))
        return Reply.error(500, str(e))
    except StoreError as e:
        return Reply.error(503, str(e))
    except Exception as e:  # noqa: BLE001 - the endpoint answers, it does not die
        return Reply.error(500, f"[E499] internal error while answering the query: {type(e).__name__}: {e}")


def _store_stamp(path: str) -> tuple[int, int]:
    """Changes whenever a writer touches the store directory (new files or a longer log)."""
    newest, count = 0, 0
    try:
        for entry in os.scandir(path):
            if not entry.is_file():  # e.g. kg ask's ask-index folder: not the store's data
                continue
            st = entry.stat()
            newest = max(newest, st.st_mtime_ns)
            count += st.st_size if entry.name.endswith(".log") else 1
    except OSError:
        pass
    return newest, count


class _Stamp:
    """:func:`_store_stamp`, cheaply: the full scan only when the directory's own mtime moved.

    A writer creates files (new tables, a new log, a new manifest: the directory changes) or appends
    to files other than the immutable ``.sst`` tables (the logs, the manifest: those few are stat'ed
    each time), so the value always equals a full scan's.
    """

    def __init__(self, path: str):
        self.path = path
        self.dir_mtime: int | None = None
        self.appended: list[str] = []
        self.value = (0, 0)
        self._lock = threading.Lock()

    def __call__(self) -> tuple[int, int]:
        with self._lock:
            return self._now()

    def _now(self) -> tuple[int, int]:
        try:
            mtime = os.stat(self.path).st_mtime_ns
        except OSError:
            return 0, 0
        if mtime != self.dir_mtime:
            self.dir_mtime = mtime
            self.value = _store_stamp(self.path)
            try:
                self.appended = [e.path for e in os.scandir(self.path) if e.is_file() and not e.name.endswith(".sst")]
            except OSError:
                self.appended = []
            self.sizes = self._sizes()
            return self.value
        sizes = self._sizes()
        if sizes != self.sizes:  # appended to: scan again (also sets the new sizes)
            self.dir_mtime = None
            return self._now()
        return self.value

    def _sizes(self) -> tuple:
        out = []
        for path in self.appended:
            try:
                st = os.stat(path)
                out.append((st.st_size, st.st_mtime_ns))
            except OSError:
                out.append(None)
        return tuple(out)


class _View:
    """A worker's read-only view of the store, refreshed in the background after a build writes.

    Queries keep being answered from the last view that opened while a fresh one opens (which can
    take seconds during a big build); the fresh view is taken as soon as it is ready. While the
    directory keeps changing (a build is writing) nobody waits for it; once it is quiet, a query
    waits up to ``grace`` seconds for the pending view, so one asked after a build sees its data.
    During a long build a reopen starts at most once every ``min_interval`` seconds (a later one is
    scheduled, so the view catches up within about that time after the build's last commit).
    """

    grace = 3.0
    min_interval = 1.0  # during a long build: at most one reopen started a second

    def __init__(self, location: str, allow_service: bool):
        from kg.local import LocalStore

        self._open = lambda: LocalStore(location, read_only=True)
        self.location = location
        self.allow_service = allow_service
        self._stamp = _Stamp(location)
        self.stamp = self._stamp()
        self.store = self._open()
        self.store.allow_service = allow_service
        self._pending: tuple[threading.Thread, tuple[int, int], list, float] | None = None
        self._last = 0.0  # when the last reopen started (or is due to start)

    def current(self):
        """The freshest view ready now (or within ``grace`` when the directory has gone quiet)."""
        new = self._stamp()
        now = time.monotonic()
        if self._pending is None and new != self.stamp:
            delay = max(0.0, self._last + self.min_interval - now)
            box: list = []  # [(stamp when it opened, store or error)]

            def opener() -> None:
                if delay:
                    time.sleep(delay)
                stamp = self._stamp()
                try:
                    box.append((stamp, self._open()))
                except StoreError as e:
                    box.append((stamp, e))

            t = threading.Thread(target=opener, daemon=True)
            t.start()
            self._pending = (t, new, box, delay)
            self._last = now + delay
        if self._pending is not None:
            t, started, box, delay = self._pending
            quiet = started == new and not delay  # no writes since it started: worth waiting for
            t.join(self.grace if quiet else 0)
            if not t.is_alive():
                self._pending = None
                if box and not isinstance(box[0][1], Exception):
                    old, (self.stamp, self.store) = self.store, box[0]
                    self.store.allow_service = self.allow_service
                    old.close()
        return self.store

    def reopen(self):
        """A fresh view now (after the old one failed to read files a build compacted away)."""
        if self._pending is not None:
            self._pending[0].join()
            self._pending = None
        try:
            fresh = self._open()
        except StoreError:
            return self.store
        old, self.store, self.stamp = self.store, fresh, self._stamp()
        self.store.allow_service = self.allow_service
        self._last = time.monotonic()
        old.close()
        return self.store


def _worker_main(conn, location: str, allow_service: bool = False) -> None:
    """A worker process: open the store read-only, answer jobs until the pipe closes."""
    try:
        try:
            view = _View(location, allow_service)
            conn.send(("ready", None))
        except (BrokenPipeError, EOFError):
            raise
        except Exception as e:  # noqa: BLE001
            conn.send(("failed", str(e)))
            return
    except (BrokenPipeError, EOFError):  # nobody waits for this worker any more
        return
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        op, job, deadline_in = msg
        deadline = time.monotonic() + deadline_in
        store = view.current()
        if op == "graphs":
            conn.send(store.graphs())
            continue
        if op == "call":  # a store method for the CLI: (name, text, bindings) → ("ok", result) / ("error", exc)
            name, text, bindings = job
            try:
                conn.send(("ok", getattr(store, name)(text, bindings)))
            except PolicyKGError as e:
                conn.send(("error", e))
            except Exception as e:  # noqa: BLE001 - one line for the user, never a traceback
                conn.send(("error", QueryError(f"the query failed: {type(e).__name__}: {e}", code="E407")))
            continue
        reply = run_job(store, job, deadline)
        if reply.status == 500 and b"[E407]" in reply.body and view._stamp() != view.stamp:
            reply = run_job(view.reopen(), job, deadline)  # files of the old view went in a compaction
        try:
            conn.send((reply.status, reply.content_type, reply.body, reply.headers))
        except (BrokenPipeError, EOFError):
            return


class _Pipes:
    """One duplex channel over two OS pipes (what a worker process is talked to through)."""

    def __init__(self, reader: Connection, writer: Connection):
        self.reader, self.writer = reader, writer

    def send(self, obj: Any) -> None:
        self.writer.send(obj)

    def recv(self) -> Any:
        return self.reader.recv()

    def poll(self, timeout: float) -> bool:
        return self.reader.poll(timeout)

    def close(self) -> None:
        for c in (self.reader, self.writer):
            try:
                c.close()
            except OSError:
                pass


def _worker_entry(read_fd: int, write_fd: int, location: str, allow_service: bool = False) -> None:
    """``python -c`` entry of a worker: its pipes, a watchdog on the parent, then :func:`_worker_main`."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the endpoint stops its workers itself
    parent = os.getppid()

    def watchdog() -> None:  # the endpoint was killed: do not compute on for nobody
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watchdog, daemon=True).start()
    _worker_main(_Pipes(Connection(read_fd, writable=False), Connection(write_fd, readable=False)), location,
                 allow_service)


class _Worker:
    """A worker process started with ``python -c`` (no re-import of the caller's ``__main__``)."""

    def __init__(self, location: str, allow_service: bool = False):
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p))
        code = ("import sys; from kg.serve.workers import _worker_entry; "
                "_worker_entry(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4] == '1')")
        try:
            self.proc = subprocess.Popen([sys.executable, "-c", code, str(to_child_r), str(from_child_w), location,
                                          "1" if allow_service else "0"],
                                         pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL, env=env)
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self.conn = _Pipes(Connection(from_child_r, writable=False), Connection(to_child_w, readable=False))
        try:
            ready = self.conn.poll(120)
            status, detail = self.conn.recv() if ready else ("failed", "it did not start within 120 s")
        except (EOFError, OSError) as e:
            status, detail = "failed", f"it exited ({type(e).__name__})"
        if status != "ready":
            self.kill()
            raise StoreError(f"a query worker cannot open {location}: {detail}", code="E331")

    def exit_note(self) -> str:
        """How the worker process ended (for the one-line error), e.g. "signal 11 (SIGSEGV)"."""
        import signal

        try:
            rc = self.proc.wait(2)
        except subprocess.TimeoutExpired:
            return "it stopped answering"
        if rc < 0:
            try:
                return f"signal {-rc} ({signal.Signals(-rc).name})"
            except ValueError:
                return f"signal {-rc}"
        return f"exit status {rc}"

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.conn.close()


class ProcessRunner:
    """Queries on a store directory, in worker processes that are killed at the deadline."""

    def __init__(self, location: str, workers: int, allow_service: bool = False, queue_wait: float = QUEUE_WAIT,
                 respawn: bool = True):
        self.location = location
        self.respawn = respawn  # replace a killed or crashed worker (not for a one-query runner)
        self.allow_service = allow_service
        self.queue_wait = queue_wait
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()  # the warmest worker (its store cache) first
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self._closed = False
        errors: list[StoreError] = []

        def add() -> None:
            try:
                self._add()
            except StoreError as e:
                errors.append(e)

        starters = [threading.Thread(target=add, daemon=True) for _ in range(max(1, workers))]
        for t in starters:  # the workers start side by side (each imports and opens the store)
            t.start()
        for t in starters:
            t.join()
        if errors:
            self.close()
            raise errors[0]

    def _add(self) -> None:
        w = _Worker(self.location, self.allow_service)
        with self._lock:
            if self._closed:
                w.kill()
                return
            self._all.append(w)
        self._idle.put(w)

    def _replace(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            if w in self._all:
                self._all.remove(w)
        if not self._closed and self.respawn:
            threading.Thread(target=self._add_quietly, daemon=True).start()

    def _add_quietly(self) -> None:
        try:
            self._add()
        except StoreError as e:
            print(f"kg serve: {e}", file=sys.stderr)

    def _call(self, op: str, job: Any, timeout: float) -> tuple[bool, Any]:
        """Send one job to an idle worker; ``timeout`` counts from when a worker takes it.

        Waiting for a worker (first come, first served) is bounded by ``queue_wait`` apart.
        """
        try:
            w = self._idle.get(timeout=max(timeout, self.queue_wait))
        except queue.Empty:
            return False, Reply.error(503, f"all query workers stayed busy for {max(timeout, self.queue_wait):g} s; "
                                           "try again later")
        try:
            w.conn.send((op, job, timeout))
            if w.conn.poll(timeout + 0.5):
                out = w.conn.recv()
                self._idle.put(w)
                return True, out
            failure = _timeout_reply(timeout)
        except (EOFError, OSError):
            failure = Reply.error(500, f"[E498] the query crashed the query engine's process ({w.exit_note()}): "
                                       "it nests too deeply or is too large; simplify it (nothing else was "
                                       "affected)")
        self._replace(w)  # still computing at the deadline (or died): kill it, start another
        return False, failure

    def call(self, method: str, text: str, bindings: dict | None, timeout: float) -> Any:
        """``store.<method>(text, bindings)`` in a worker process; a crash or a timeout is a QueryError."""
        ok, out = self._call("call", (method, text, bindings), timeout)
        if not ok:
            if out.status == 500:
                raise QueryError(out.body.decode("utf-8").strip().removeprefix("[E498] "), code="E498")
            raise QueryError(f"the query ran past the timeout ({timeout:g} s) and was stopped; narrow it (LIMIT, "
                             "more specific patterns) or raise --timeout", code="E497")
        status, value = out
        if status == "error":
            raise value
        return value

    def run(self, job: Job) -> Reply:
        ok, out = self._call("query", job, job.timeout)
        if ok:
            status, ctype, body, headers = out
            return Reply(status, ctype, body, headers)
        return out

    def graphs(self) -> list[str]:
        ok, out = self._call("graphs", None, 30.0)
        return out if ok else []

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all = self._all, []
        for w in workers:
            w.kill()


class ThreadRunner:
    """Queries on an in-process store (in memory, remote) in daemon threads; abandoned at the deadline.

    An abandoned query stops at its next row; one still computing its first row (a sort, an
    aggregate) runs on in the background, which is why store directories use :class:`ProcessRunner`.
    """

    def __init__(self, store: Store, workers: int, allow_service: bool = False):
        self.store = store
        if allow_service:
            store.allow_service = True
        self._slots = threading.BoundedSemaphore(max(4, workers * 4))

    def run(self, job: Job) -> Reply:
        start = time.monotonic()
        deadline = start + job.timeout
        if not self._slots.acquire(timeout=job.timeout):
            return Reply.error(503, f"all query slots are busy (waited {job.timeout:g} s); try again")
        box: list[Reply] = []

        def work() -> None:
            try:
                box.append(run_job(self.store, job, deadline))
            finally:
                self._slots.release()

        t = threading.Thread(target=work, name="kg-serve-query", daemon=True)
        t.start()
        t.join(max(0.0, deadline - time.monotonic()) + 0.5)
        return box[0] if box else _timeout_reply(job.timeout)

    def graphs(self) -> list[str]:
        return self.store.graphs()

    def close(self) -> None:
        pass
