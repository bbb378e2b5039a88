"""Issue 15: one query, one client or one file must not spoil the tool for everyone.

Each test here failed on the code before the fix: a nested query crashed the app and ``kg sparql``
(SIGSEGV in pyoxigraph), SERVICE fetched from a loopback listener, the app's timeout left the query
computing (and four of them blocked the page), a short body held a connection, a chunked POST was
answered with the service description, a second client waited behind a busy one until 503.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from kg.build import build_document
from kg.serve import Endpoint, make_server
from kg.store import uses_service
from kg.stores import open_store
from kg_helpers import ROOT, SAMPLE, extracted
from tests.docgen import zip_part


NESTED = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000  # 12 KB; overflows pyoxigraph's stack
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://policykg.org/ns#Task> }"
ENV = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), str(ROOT / "tests"),
                                                              os.environ.get("PYTHONPATH")) if p))


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("harden") / "store"
    with open_store(path) as s:
        s.ensure_ontology()
        s.import_built(build_document(extracted(SAMPLE)))
    return path


def kg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", *args], capture_output=True,
                          text=True, timeout=timeout, env=ENV)


class Listener:
    """A loopback TCP listener that counts the connections it receives (and closes them)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.hits = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


def post(url: str, query: str, headers: dict | None = None) -> tuple[int, bytes]:
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(), headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def serving(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop(server) -> None:
    server.shutdown()
    server.server_close()


# ------------------------------------------------------------------ 1. a query that crashes the engine

def test_nested_query_is_one_line_from_kg_sparql(store_dir, tmp_path):
    q = tmp_path / "nested.rq"
    q.write_text(NESTED)
    res = kg("sparql", str(q), "--store", str(store_dir))
    assert res.returncode == 1, (res.returncode, res.stderr[-500:])  # was 139 (SIGSEGV), no message
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: [E498]") and "nest" in lines[0], res.stderr
    res = kg("sparql", COUNT, "--store", str(store_dir), "--format", "csv")
    assert res.returncode == 0 and res.stdout.split() == ["n", "17"]


APP_SCRIPT = textwrap.dedent("""
    import json, os, sys
    from streamlit.testing.v1 import AppTest
    os.environ["POLICYKG_STORE"] = sys.argv[1]
    at = AppTest.from_file(sys.argv[2], default_timeout=120).run()
    at.switch_page("views/sparql.py").run()
    out = {}
    for name, query in json.loads(sys.argv[3]):
        at.text_area(key="sparql_text").set_value(query)
        next(b for b in at.button if b.label == "运行查询").click().run()
        res = at.session_state["sparql_result"]
        out[name] = {"kind": res.kind, "message": res.message, "rows": res.rows[:3],
                     "errors": [e.value for e in at.error], "exception": [str(e.value) for e in at.exception]}
    print("RESULT " + json.dumps(out, ensure_ascii=False))
""")


def run_app_queries(store_dir: Path, queries: list[tuple[str, str]], extra_env: dict | None = None) -> dict:
    """Queries typed into the app's SPARQL page, in a process of its own (so a crash fails, not kills, pytest)."""
    pytest.importorskip("streamlit")
    res = subprocess.run([sys.executable, "-c", APP_SCRIPT, str(store_dir), str(ROOT / "app" / "main.py"),
                          json.dumps(queries)], capture_output=True, text=True, timeout=300,
                         env=dict(ENV, **(extra_env or {})))
    assert res.returncode == 0, f"the app process ended with {res.returncode}: {res.stderr[-800:]}"
    line = next(x for x in res.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def test_nested_query_on_the_app_page_is_one_error_and_the_app_goes_on(store_dir, listener):
    out = run_app_queries(store_dir, [("nested", NESTED), ("count", COUNT),
                                      ("service", f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")])
    assert out["nested"]["kind"] == "error" and "崩溃" in out["nested"]["message"]
    assert len(out["nested"]["errors"]) == 1 and not out["nested"]["exception"]
    assert out["count"]["kind"] == "select" and out["count"]["rows"] == [{"n": 17}]
    # 2. SERVICE from the app's page: refused, nothing sent
    assert out["service"]["kind"] == "refused" and "SERVICE" in out["service"]["message"]
    assert listener.hits == 0


def test_endpoint_survives_a_crashing_query(store_dir):
    server = serving(make_server(store_dir, port=0, workers=1, log=False))
    try:
        status, body = post(server.url, NESTED)
        assert status == 500 and body.decode().count("\n") == 1 and b"[E498]" in body and b"SIGSEGV" in body
        status, body = post(server.url, COUNT, {"Accept": "text/csv"})
        assert status == 200 and body.split() == [b"n", b"17"]
    finally:
        stop(server)


# ------------------------------------------------------------------ 2. SERVICE, federation, CORS

@pytest.mark.parametrize("query", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ ?a ?b ?c .service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
])
def test_service_reaches_no_listener_from_the_endpoint_or_kg_sparql(store_dir, listener, query):
    text = query.format(url=listener.url)
    server = serving(make_server(store_dir, port=0, workers=1, log=False))
    try:
        status, body = post(server.url, text)
        assert status == 400 and b"[E430]" in body and b"SERVICE" in body
        # the service description no longer advertises federation
        import urllib.request

        with urllib.request.urlopen(server.url, timeout=60) as r:
            assert b"BasicFederatedQuery" not in r.read()
    finally:
        stop(server)
    res = kg("sparql", text, "--store", str(store_dir))
    assert res.returncode == 1 and "[E430]" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert listener.hits == 0


def test_allow_service_is_an_explicit_operator_choice(store_dir, listener):
    """With --allow-service the endpoint does federate (so the refusal above is what kept the listener quiet)."""
    server = serving(make_server(store_dir, port=0, workers=1, log=False, allow_service=True))
    try:
        post(server.url, f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}")
        with __import__("urllib.request").request.urlopen(server.url, timeout=60) as r:
            assert b"BasicFederatedQuery" in r.read()
    finally:
        stop(server)
    deadline = time.monotonic() + 10
    while listener.hits == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert listener.hits >= 1


@pytest.mark.parametrize("text,expected", [
    ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { ?s ?p ?o .SERVICE <http://x/> {} }", True),
    ("SELECT * WHERE { ?s ?p '''it's''' . SERVICE <http://x/> {} }", True),
    ('SELECT * WHERE { ?s ?p "a\\"b" . service silent ?x {} }', True),
    ("SELECT * WHERE { \\u0053ERVICE <http://x/> {} }", True),
    ('SELECT ?service WHERE { ?service <http://x/SERVICE> "SERVICE" ; ex:SERVICE ?o } # SERVICE', False),
    ('SELECT * WHERE { ?s ?p """SERVICE <http://x/> { }""" }', False),
])
def test_uses_service(text, expected):
    assert uses_service(text) is expected


# ------------------------------------------------------------------ 4. the app's timeout stops the work

def test_app_timeout_kills_the_query_and_the_page_keeps_answering(store_dir):
    from app import console

    threads_before = set(threading.enumerate())  # other tests' in-memory endpoints may leave some
    st = open_store(store_dir, read_only=True)
    endpoint = console.make_endpoint(st, timeout=0.5)
    try:
        for _ in range(5):  # four used to fill every slot until a restart
            before = list(endpoint.runner._all)
            res = console.run_query(endpoint, CROSS_JOIN)
            assert res.kind == "timeout" and "超时" in res.message
            # nothing computes it any more: its worker was killed (or stopped it itself at the deadline, between
            # steps, and is idle again); before, a thread went on computing in the app's process
            idle = list(endpoint.runner._idle.queue)
            assert all(w.proc.poll() is not None or w in idle for w in before)
        assert not [t for t in set(threading.enumerate()) - threads_before if t.name == "kg-serve-query"]
        res = console.run_query(endpoint, COUNT)
        assert res.kind == "select" and res.rows == [{"n": 17}]
    finally:
        endpoint.close()
        st.close()


# ------------------------------------------------------------------ 9. slow bodies, chunked bodies, fair share

def _raw(url: str, payload: bytes, wait: float = 60) -> bytes:
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=wait) as s:
        s.sendall(payload)
        chunks = []
        while True:
            try:
                data = s.recv(65536)
            except socket.timeout:
                break
            if not data:
                break
            chunks.append(data)
            if b"\r\n\r\n" in b"".join(chunks):
                head, _, rest = b"".join(chunks).partition(b"\r\n\r\n")
                length = next((int(h.split(b":")[1]) for h in head.split(b"\r\n")
                               if h.lower().startswith(b"content-length:")), None)
                if length is not None and len(rest) >= length:
                    break
        return b"".join(chunks)


def test_short_body_is_timed_out_and_chunked_post_is_read(store_dir):
    server = serving(make_server(store_dir, port=0, workers=1, log=False, read_timeout=1))
    try:
        short = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                 b"Content-Length: 100\r\n\r\nquery=ASK")
        answer = _raw(server.url, short, wait=60)
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        form = urllib.parse.urlencode({"query": COUNT}).encode()
        chunked = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                   b"Accept: text/csv\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                   + b"".join(b"%x\r\n%s\r\n" % (len(form[i:i + 10]), form[i:i + 10]) for i in range(0, len(form), 10))
                   + b"0\r\n\r\n")
        answer = _raw(server.url, chunked)
        assert answer.startswith(b"HTTP/1.1 200") and answer.split(b"\r\n\r\n", 1)[1].split() == [b"n", b"17"]
    finally:
        stop(server)


def test_a_busy_client_does_not_make_others_time_out(store_dir):
    """Client A keeps the only worker busy until its deadline; B's query waits in line, then runs (was 503)."""
    ep = Endpoint(store_dir, timeout=1, workers=1, log=False)
    try:
        out: dict[str, int] = {}
        a = threading.Thread(target=lambda: out.__setitem__("a", ep.query(CROSS_JOIN, None, "csv", client="a").status))
        a.start()
        time.sleep(0.3)  # A holds the worker
        out["b"] = ep.query(COUNT, None, "csv", client="b").status
        a.join()
        assert out == {"a": 503, "b": 200}
    finally:
        ep.close()


# ------------------------------------------------------------------ 3. decompression bombs, over-long text

def zip_bomb(path: Path, mb: int = 400) -> Path:
    """A .docx whose document.xml inflates to ``mb`` MB (of zeros; ~0.1% of that on disk)."""
    return zip_part(path, "word/document.xml", (b"\0" * 1_000_000 for _ in range(mb)))


def xml_bomb(path: Path, mb: int = 100) -> Path:
    """A .docx of valid WordprocessingML: one short paragraph repeated to ``mb`` MB."""
    para = "<w:p><w:r><w:t>一、推进数据共享。</w:t></w:r></w:p>".encode() * 10_000
    head = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
            b'2006/main"><w:body>')
    return zip_part(path, "word/document.xml",
                 [head, *(para for _ in range(mb * 1_000_000 // len(para))), b"</w:body></w:document>"])


MEASURE = textwrap.dedent("""
    import json, resource, sys
    from extract.errors import PolicyKGError
    from extract.readers import read_text
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        read_text(sys.argv[1])
        err = None
    except PolicyKGError as e:
        err = str(e)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"error": err, "grew_kb": peak - base, "peak_kb": peak}))
""")


@pytest.mark.parametrize("make,code,name", [(zip_bomb, "E132", "bomb.docx"), (xml_bomb, "E132", "xml.docx")])
def test_decompression_bombs_are_one_line_under_a_memory_bound(tmp_path, make, code, name):
    path = make(tmp_path / name)
    assert path.stat().st_size < 1_000_000
    res = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=300,
                         env=ENV)
    assert res.returncode == 0, res.stderr[-500:]
    out = json.loads(res.stdout)
    assert out["error"].startswith(f"[{code}] {name}: ") and "\n" not in out["error"]
    # was: 6.3 GB for a 3 GB bomb, and the XML bomb never finished; now it is refused before inflating
    assert out["grew_kb"] < 50_000, out
    cli = kg("extract", str(path))
    assert cli.returncode == 1 and cli.stderr.strip().splitlines() == [f"Error: [{code}] {path}: "
                                                                       + out["error"].split(": ", 1)[1]]


def test_over_long_text_is_refused_before_extraction(tmp_path):
    from extract.readers_common import Limits

    line = "一、推进数据共享工作。(责任单位:区财政局)\n"
    path = tmp_path / "long.txt"
    path.write_text(line * (Limits.MAX_CHARS // len(line) + 1), encoding="utf-8")
    res = kg("extract", str(path))
    assert res.returncode == 1 and "[E131]" in res.stderr and len(res.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------------ 6. bad paths among good ones

def test_build_goes_on_past_a_missing_path_and_a_symlink_loop(tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes(SAMPLE.read_bytes())
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "self").symlink_to(folder)  # a loop inside a folder is skipped
    store = tmp_path / "store"
    res = kg("build", str(tmp_path / "missing.txt"), str(loop), str(good), str(folder), "--store", str(store), "-q")
    assert res.returncode == 1  # was 2 (click's usage error) with nothing imported
    errors = res.stderr.strip().splitlines()
    assert errors == [f"Error: [E102] {tmp_path / 'missing.txt'}: no such file; check the path",
                      f"Error: [E105] {loop}: cannot read the file (Too many levels of symbolic links); "
                      "check the path and the disk"]
    assert "文件 documents: 1" in res.stdout and "失败 failed: 2" in res.stdout
    with open_store(store, read_only=True) as st:
        assert st.document_ids() == ["good"]


def test_extract_reports_a_directory_as_one_line_and_goes_on(tmp_path):
    out = tmp_path / "out"
    res = kg("extract", str(tmp_path), str(SAMPLE), "--out", str(out))
    assert res.returncode == 1  # was 2: click's usage error, nothing extracted
    assert res.stderr.strip().splitlines() == [f"Error: [E103] {tmp_path}: is a directory, not a file; "
                                               "give one document file"]
    assert (out / "dongying_ip_2024.json").exists()


# ------------------------------------------------------------------ 7. queries while a build writes

def test_a_worker_answers_from_its_last_view_while_a_fresh_one_opens(tmp_path):
    """A reopen that takes long (seconds on a big store during a build) no longer holds the query."""
    import dataclasses

    from kg.serve import _View

    path = tmp_path / "store"
    with open_store(path) as s:
        s.import_built(build_document(extracted(SAMPLE)))
    view = _View(str(path), False)
    old = view.store
    gate = threading.Event()
    real_open = view._open
    view._open = lambda: (gate.wait(60), real_open())[1]

    def write(doc: str) -> None:
        with open_store(path) as writer:
            writer.import_built(build_document(dataclasses.replace(extracted(SAMPLE), doc=doc)))
            writer.flush()

    try:
        write("second")
        view.grace = 0.0
        assert view.current() is old  # a fresh view is opening; the query is answered from the last one
        write("third")  # the build goes on writing
        view.grace = 30.0
        threading.Timer(5.0, gate.set).start()  # a query waiting for the slow reopen would get it…
        assert view.current() is old  # …but while the directory keeps changing nobody waits
        assert old.document_ids() == ["dongying_ip_2024"]  # answered, from the last consistent view
        gate.set()
        view._pending[0].join(60)
        fresh = view.current()
        assert fresh is not old and "second" in fresh.document_ids()
    finally:
        gate.set()
        view.store.close()


def test_queries_are_answered_while_a_build_writes(tmp_path):
    import dataclasses

    path = tmp_path / "store"
    with open_store(path) as s:
        s.import_built(build_document(extracted(SAMPLE)))
    server = serving(make_server(path, port=0, workers=2, log=False, timeout=30))
    built = [build_document(dataclasses.replace(extracted(SAMPLE), doc=f"copy{i}")) for i in range(12)]
    done = threading.Event()

    def build() -> None:
        with open_store(path) as writer:
            for b in built:
                writer.import_built(b)
                writer.flush()
        done.set()

    statuses, counts = [], []
    writer = threading.Thread(target=build)
    writer.start()
    try:
        while not done.is_set() or len(statuses) < 5:
            status, body = post(server.url, COUNT, {"Accept": "text/csv"})
            statuses.append(status)
            if status == 200:
                counts.append(int(body.split()[1]))
        writer.join()
        for _ in range(100):  # the workers catch up within about a second of the build's last commit
            status, body = post(server.url, COUNT, {"Accept": "text/csv"})
            if status != 200 or int(body.split()[1]) == 17 * 13:
                break
            time.sleep(0.1)
    finally:
        stop(server)
    assert set(statuses) == {200}, statuses
    assert all(n % 17 == 0 for n in counts)  # whole documents only: never a half-written one
    assert status == 200 and int(body.split()[1]) == 17 * 13  # and the build's data once it is done
