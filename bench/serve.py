"""Throughput and latency of ``kg serve`` (and of Oxigraph's own server and Virtuoso, same data, same queries, same run).

The sample document is rebuilt under new document ids (and a jurisdiction per five documents, as a
province's districts would give) until the store holds about a million triples. ``kg serve`` is
started on it as a user would start it; Virtuoso (Debian's virtuoso-opensource) is started with
its own database in the work directory and loaded through :class:`kg.remote.RemoteStore`. Then
``--clients`` threads each send ``--queries`` mixed named queries (values bound, random documents,
tasks and units) over one keep-alive connection from its own loopback address (127.0.0.2, .3, …, as
analysts on their own machines; ``kg serve`` queues the queries of one address beyond ``--per-client``),
and the script prints throughput, p50/p95/max
latency and errors per endpoint, and whether both endpoints gave the same number of rows.

    python bench/serve.py                      # ~1M triples, 8 clients x 200 queries, + Virtuoso
    python bench/serve.py --docs 40 --no-virtuoso
    python bench/serve.py --workdir /tmp/kg-bench --keep   # reuse the stores next time
    python bench/serve.py --docs 420 --no-virtuoso --repeats 3   # kg serve vs `oxigraph serve-read-only`

Oxigraph's own server (PyPI ``oxigraph``, the CLI of the same version as pyoxigraph; ``pip install
policykg[bench]``) is started read-only on the same store directory with ``--union-default-graph``,
so both answer the same plain SPARQL over the union graph. With ``--repeats N`` the endpoints take
turns N times (the machine's other load hits both alike) and every round's figures are printed.

The stores are kept in ``--workdir`` and reused when they hold the same documents.
"""
from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

SAMPLE = ROOT / "data" / "sample" / "dongying_ip_2024.txt"
UNITS = ["区财政局", "区科技局", "区市场监管局", "区发改局", "区工信局", "各镇街", "高新区", "区司法局"]
KEYWORDS = ["专利", "知识产权", "品牌", "保护", "金融"]


def grown_graphs(n_docs: int, per_jurisdiction: int = 5):
    """The sample built ``n_docs`` times under new document ids (and a new jurisdiction every few)."""
    from extract.pipeline import extract_file
    from kg.build import build_document

    doc = extract_file(SAMPLE)
    out = []
    for i in range(n_docs):
        j = i // per_jurisdiction
        out.append(build_document(dataclasses.replace(doc, doc=f"{doc.doc}_{i:04d}",
                                                      jurisdiction=f"{doc.jurisdiction}{j:03d}")))
    return out


def _marker(built) -> str:
    return f"{len(built)} {sum(b.counts['triples'] for b in built)}"


def ensure_local(path: Path, built) -> None:
    """A store directory holding exactly these documents (reused when its marker matches)."""
    from kg.stores import open_store

    marker = path.parent / (path.name + ".marker")
    if path.is_dir() and marker.is_file() and marker.read_text() == _marker(built):
        return
    shutil.rmtree(path, ignore_errors=True)
    t = time.perf_counter()
    with open_store(path) as store:
        bulk = getattr(store, "bulk_replace", None)  # pyoxigraph's bulk loader: fast, no transaction
        for i in range(0, len(built), 50):
            part = built[i:i + 50]
            if bulk:
                bulk([(b.graph_iri, b.ntriples()) for b in part])
            else:
                for b in part:
                    store.import_built(b)
        store.ensure_ontology()
    marker.write_text(_marker(built))
    print(f"  loaded {len(built)} documents into {path} in {time.perf_counter() - t:.0f} s", file=sys.stderr)


def ensure_virtuoso(directory: Path, built, buffers: int = 100000):
    """Start Virtuoso on ``directory`` and load the documents unless its marker says they are there."""
    from virtuoso import start_virtuoso

    marker = directory.parent / (directory.name + ".marker")
    fresh = not (marker.is_file() and marker.read_text() == _marker(built))
    if fresh:
        shutil.rmtree(directory, ignore_errors=True)
    v = start_virtuoso(directory, buffers=buffers)
    try:
        if fresh:
            _load_virtuoso(v, built, marker)
    except BaseException:
        v.stop()
        raise
    return v


def _load_virtuoso(v, built, marker: Path) -> None:
    """Import every document through RemoteStore (4 threads), as ``kg build --store URL`` would."""
    from kg.remote import RemoteStore

    t = time.perf_counter()
    stores = threading.local()

    def load(b):
        if not hasattr(stores, "s"):
            stores.s = RemoteStore(v.sparql_url)
        stores.s.import_built(b)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(load, built))
    RemoteStore(v.sparql_url).ensure_ontology()
    v.isql("checkpoint;")
    marker.write_text(_marker(built))
    print(f"  loaded {len(built)} documents into Virtuoso in {time.perf_counter() - t:.0f} s", file=sys.stderr)


def query_mix(built, n: int, rng: random.Random) -> list[tuple[str, str]]:
    """``n`` (name, SPARQL) pairs: named queries with random documents, tasks, units and keywords bound."""
    from kg.queries import get_query
    from kg.store import bind_values

    from kg.store import IRI

    docs = [(b.doc_id, sorted({o.lex for s, p, o in b.triples if p.endswith("#path") and "/task/" in s}))
            for b in built]
    # the units of each document by name, as a client would have resolved them (one IRI per name)
    units = {b.doc_id: {o.lex: IRI(str(s)) for s, p, o in b.triples
                        if p.endswith("core#prefLabel") and "/unit/" in str(s) and o.lex in UNITS}
             for b in built}

    def one() -> tuple[str, str, dict]:
        doc_id, paths = rng.choice(docs)
        path = rng.choice(paths) if paths else "1"
        kind = rng.randrange(10)
        if kind == 0:
            return "units_of_task", {"doc_id": doc_id, "path": path}
        if kind == 1:
            return "task_detail", {"doc_id": doc_id, "path": path}
        if kind == 2:
            named = units[doc_id]
            return "tasks_of_unit", {"unit": named[rng.choice(sorted(named))] if named else None, "doc_id": doc_id}
        if kind == 3:
            return "targets", {"doc_id": doc_id}
        if kind == 4:
            return "people_by_group_role", {"group_role": "组长", "doc_id": doc_id}
        if kind == 5:
            return "co_responsibility", {"doc_id": doc_id}
        if kind == 6:
            return "tasks_by_keyword", {"keyword": rng.choice(KEYWORDS), "doc_id": doc_id}
        if kind == 7:
            return "documents", {"doc_id": doc_id}
        if kind == 8:
            return "section_overview", {"doc_id": doc_id}
        return "unit_task_counts", {"doc_id": doc_id}

    out = []
    for _ in range(n):
        name, params = one()
        out.append((name, bind_values(get_query(name).sparql, params)))
    return out


@dataclasses.dataclass
class Sample:
    name: str
    seconds: float
    status: int
    rows: int


def client(url: str, queries: list[tuple[str, str]], number: int = 0) -> list[Sample]:
    """One client: its queries in order over one keep-alive connection, SPARQL JSON results.

    On loopback each client sends from its own address (127.0.0.2, .3, …), as analysts on their
    own machines would: ``kg serve`` limits the queries one address runs at once.
    """
    parts = urllib.parse.urlsplit(url)
    source = (f"127.0.0.{2 + number % 250}", 0) if (parts.hostname or "").startswith("127.") else None
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120, source_address=source)
    out = []
    for name, sparql in queries:
        body = urllib.parse.urlencode({"query": sparql}).encode()
        t = time.perf_counter()
        try:
            conn.request("POST", parts.path, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                    "Accept": "application/sparql-results+json"})
            resp = conn.getresponse()
            data = resp.read()
            rows = len(json.loads(data)["results"]["bindings"]) if resp.status == 200 else -1
            status = resp.status
        except (OSError, http.client.HTTPException, ValueError, KeyError):
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120, source_address=source)
            status, rows = 0, -1
        out.append(Sample(name, time.perf_counter() - t, status, rows))
    conn.close()
    return out


def run_load(url: str, per_client: list[list[tuple[str, str]]]) -> tuple[list[Sample], float]:
    t = time.perf_counter()
    with ThreadPoolExecutor(len(per_client)) as pool:
        results = list(pool.map(lambda iq: client(url, iq[1], iq[0]), enumerate(per_client)))
    return [s for r in results for s in r], time.perf_counter() - t


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def summary(label: str, samples: list[Sample], wall: float) -> dict:
    ok = [s.seconds for s in samples if s.status == 200]
    return {"endpoint": label, "queries": len(samples), "errors": sum(s.status != 200 for s in samples),
            "seconds": round(wall, 1), "qps": round(len(samples) / wall, 1),
            "p50_ms": round(1000 * statistics.median(ok), 1) if ok else None,
            "p95_ms": round(1000 * pct(ok, 95), 1) if ok else None,
            "max_ms": round(1000 * max(ok), 1) if ok else None}


def per_query(samples: list[Sample]) -> dict[str, tuple[float, float]]:
    by: dict[str, list[float]] = {}
    for s in samples:
        if s.status == 200:
            by.setdefault(s.name, []).append(s.seconds)
    return {k: (round(1000 * statistics.median(v), 1), round(1000 * pct(v, 95), 1)) for k, v in sorted(by.items())}


def start_kg_serve(store: Path, timeout: float, workers: int | None,
                   extra: list[str] = ()) -> tuple[subprocess.Popen, str]:
    cmd = [sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store", str(store), "--port", "0", "--quiet",
           "--timeout", str(timeout)]
    if workers:
        cmd += ["--workers", str(workers)]
    cmd += list(extra)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    line = proc.stdout.readline()
    m = re.search(r"(http://\S+)", line)
    if not m:
        proc.kill()
        raise SystemExit(f"kg serve did not start: {line!r}")
    return proc, m.group(1)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_oxigraph(store: Path, timeout: float) -> tuple[subprocess.Popen, str] | None:
    """``oxigraph serve-read-only --union-default-graph`` on the store directory (None: not installed)."""
    exe = shutil.which("oxigraph")
    if exe is None:
        print("oxigraph (pip install oxigraph) not installed: skipping that comparison", file=sys.stderr)
        return None
    port = free_port()
    proc = subprocess.Popen([exe, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph", "--timeout-s", str(int(timeout))],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(600):
        try:
            with __import__("socket").create_connection(("127.0.0.1", port), timeout=1):
                return proc, url
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("oxigraph serve-read-only exited at start") from None
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("oxigraph serve-read-only did not start")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=385, help="copies of the sample (385 ≈ 1M triples)")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--queries", type=int, default=200, help="queries per client")
    ap.add_argument("--workers", type=int, default=None, help="kg serve --workers (default: its own)")
    ap.add_argument("--per-client", type=int, default=None, help="kg serve --per-client (default: its own)")
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/policykg-bench"))
    ap.add_argument("--no-virtuoso", action="store_true")
    ap.add_argument("--no-oxigraph", action="store_true", help="do not start Oxigraph's own server")
    ap.add_argument("--repeats", type=int, default=1, help="rounds; the endpoints take turns in each")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally: stop servers
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"building {args.docs} documents …", file=sys.stderr)
    built = grown_graphs(args.docs)
    triples = sum(b.counts["triples"] for b in built)
    ensure_local(args.workdir / "store", built)
    rng = random.Random(args.seed)
    per_client = [query_mix(built, args.queries, rng) for _ in range(args.clients)]
    # every client warms every endpoint (kg serve's worker processes each have their own cache)
    warm_rng = random.Random(args.seed + 1)
    warm = [query_mix(built, 40, warm_rng) for _ in range(args.clients)]

    endpoints: list[tuple[str, str]] = []
    procs: list = []
    virt = None
    try:
        proc, url = start_kg_serve(args.workdir / "store", args.timeout, args.workers,
                                    ["--per-client", str(args.per_client)] if args.per_client else [])
        procs.append(proc)
        endpoints.append(("kg serve (pyoxigraph)", url))
        if not args.no_oxigraph:
            started = start_oxigraph(args.workdir / "store", args.timeout)
            if started:
                procs.append(started[0])
                endpoints.append(("oxigraph serve-read-only 0.5", started[1]))
        if not args.no_virtuoso:
            from virtuoso import available

            if available():
                virt = ensure_virtuoso(args.workdir / "virtuoso", built)
                endpoints.append(("Virtuoso 7.2 /sparql", virt.sparql_url))
            else:
                print("virtuoso-t not installed: skipping the comparison", file=sys.stderr)
        results, rows_by_endpoint = [], {}
        for label, url in endpoints:
            run_load(url, warm)  # warm caches
        for r in range(args.repeats):
            for label, url in endpoints:
                samples, wall = run_load(url, per_client)
                name = label if args.repeats == 1 else f"{label} #{r + 1}"
                results.append((summary(name, samples, wall), per_query(samples)))
                rows_by_endpoint.setdefault(label, [s.rows for s in samples])
    finally:
        for p in procs:
            p.terminate()
            p.wait(10)
        if virt is not None:
            virt.stop(clean=True)

    print(f"\n{args.docs} documents, {triples:,} triples; {args.clients} clients x {args.queries} queries\n")
    print("| endpoint | queries | errors | q/s | p50 ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s, _ in results:
        print(f"| {s['endpoint']} | {s['queries']} | {s['errors']} | {s['qps']} | {s['p50_ms']} | {s['p95_ms']} "
              f"| {s['max_ms']} |")
    names = sorted({k for _, pq in results for k in pq})
    print("\n| query | " + " | ".join(f"{s['endpoint']} p50 / p95 ms" for s, _ in results) + " |")
    print("| --- |" + " ---: |" * len(results))
    for n in names:
        print(f"| {n} | " + " | ".join(f"{pq[n][0]} / {pq[n][1]}" if n in pq else "-" for _, pq in results) + " |")
    if args.repeats > 1:
        print("\n| endpoint (median of rounds) | p50 ms | p95 ms | errors |")
        print("| --- | ---: | ---: | ---: |")
        for label, _ in endpoints:
            mine = [s for s, _ in results if s["endpoint"].startswith(label + " #")]
            print(f"| {label} | {statistics.median(s['p50_ms'] or 0 for s in mine)} "
                  f"| {statistics.median(s['p95_ms'] or 0 for s in mine)} | {sum(s['errors'] for s in mine)} |")
    labels = list(rows_by_endpoint)
    for other in labels[1:]:
        a, b = rows_by_endpoint[labels[0]], rows_by_endpoint[other]
        same = sum(x == y for x, y in zip(a, b))
        print(f"\nsame row count on {labels[0]} and {other}: {same} of {len(a)} queries")
    if args.json:
        args.json.write_text(json.dumps({"docs": args.docs, "triples": triples,
                                         "results": [{**s, "per_query": pq} for s, pq in results]},
                                        ensure_ascii=False, indent=1))
    return 0 if all(s["errors"] == 0 for s, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
