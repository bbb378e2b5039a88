"""Graph store benchmark: build rate, load rate and query latency, pyoxigraph vs rdflib.

Grows the corpus to at least ``--triples`` triples by re-minting document ids (each copy of a
document gets a new id, so a new named graph) and, unless ``--same-jurisdiction``, the local
jurisdiction (copy 7 of a 东营区 document speaks for 东营7区, so its relative units are that place's;
national bodies stay one node and gather the tasks of every copy), loads
it into the on-disk LocalStore (one transaction per document) and into rdflib's in-memory
Dataset, then times the named queries "tasks of a unit" and "units of a task" with bound values
on both, in the same run, and reports p50/p95 and the ratios.

    python bench/store.py                      # ≥1M triples, 1,000-document build, 2 workers
    python bench/store.py --triples 100000 --build-docs 100 --rdflib-queries 10   # quick look

The asv-style class :class:`StoreSuite` (``setup`` + ``time_*``) runs the same queries on a
small store for comparing commits.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build_document  # noqa: E402
from kg.queries import get_query  # noqa: E402
from kg.local import LocalStore  # noqa: E402
from kg.store import IRI, bind_values  # noqa: E402

CORPUS = Path(os.environ.get("POLICYKG_SHARED", ROOT.parent / "shared")) / "corpus"
SAMPLE = ROOT / "data" / "sample" / "dongying_ip_2024.txt"


def corpus_files() -> list[str]:
    files = sorted(str(p) for p in CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    return files or [str(SAMPLE)]


def _extract(path: str):
    from extract.pipeline import extract_file

    return extract_file(path)


def remint_jurisdiction(j: str | None, i: int) -> str | None:
    """Copy i of a local document speaks for another place of the same level (东营区 → 东营7区);
    national documents stay national, so national bodies gather every copy's tasks."""
    from kg.units import is_national_jurisdiction

    if not j or i == 0 or is_national_jurisdiction(j):
        return j
    return f"{j[:-1]}{i}{j[-1]}"


def _build_copy(args):
    """Build one re-minted copy: (graph IRI, N-Triples, triple count)."""
    doc, i, same_place = args
    j = doc.jurisdiction if same_place else remint_jurisdiction(doc.jurisdiction, i)
    built = build_document(dataclasses.replace(doc, doc=f"{doc.doc}__{i:05d}", jurisdiction=j))
    nt = built.ntriples()
    return built.graph_iri, nt, nt.count("\n")


def _extract_and_build(args):
    path, i = args
    doc = _extract(path)
    built = build_document(dataclasses.replace(doc, doc=f"{doc.doc}__{i:05d}"))
    return len(built.ntriples())


def without_graph_blocks(sparql: str) -> str:
    """The same query over the union default graph: ``GRAPH ?g { P }`` → ``{ P }`` (rdflib's best shape)."""
    out, i = sparql, 0
    while True:
        i = out.find("GRAPH ?g {")
        if i < 0:
            return out
        out = out[:i] + out[i + len("GRAPH ?g "):]


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def timed(fn, n: int, budget_s: float | None = None) -> list[float]:
    """Milliseconds of ``fn(i)`` for i < n, stopping early (after at least one) past ``budget_s``."""
    out = []
    start = time.perf_counter()
    for i in range(n):
        if out and budget_s is not None and time.perf_counter() - start > budget_s:
            break
        t = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="grow the store to at least this many triples")
    ap.add_argument("--build-docs", type=int, default=1000, help="documents to extract+build for the build rate")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for extraction and building")
    ap.add_argument("--queries", type=int, default=300, help="timed queries per kind on pyoxigraph")
    ap.add_argument("--rdflib-queries", type=int, default=30, help="timed queries per kind on rdflib")
    ap.add_argument("--rdflib-budget", type=float, default=120, help="seconds of rdflib timing per query kind")
    ap.add_argument("--same-jurisdiction", action="store_true",
                    help="keep every copy in its original jurisdiction (a unit then has every copy's tasks)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args(argv)
    rnd = random.Random(7)
    res: dict = {"cores": os.cpu_count(), "jobs": args.jobs, "same_jurisdiction": args.same_jurisdiction}
    files = corpus_files()

    # 1. the real pipeline: extract + build N documents (files cycled, ids re-minted)
    t = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        list(pool.map(_extract_and_build, [(files[i % len(files)], i) for i in range(args.build_docs)],
                      chunksize=4))
    res["build_docs"] = args.build_docs
    res["build_s"] = round(time.perf_counter() - t, 1)
    print(f"extract+build {args.build_docs} documents with {args.jobs} workers: {res['build_s']} s", flush=True)

    # 2. grow the corpus to the triple target by re-minting ids
    with ProcessPoolExecutor(args.jobs) as pool:
        docs = list(pool.map(_extract, files))
    per_round = sum(build_document(d).counts["triples"] for d in docs)
    copies = -(-args.triples // per_round)
    t = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        graphs = list(pool.map(_build_copy, [(d, i, args.same_jurisdiction) for i in range(copies) for d in docs],
                               chunksize=16))
    res["rdf_build_s"] = round(time.perf_counter() - t, 1)
    total = sum(n for _, _, n in graphs)
    res["documents"], res["triples"] = len(graphs), total
    print(f"{len(graphs)} documents, {total} triples (built in {res['rdf_build_s']} s)", flush=True)

    # 3. load: pyoxigraph on disk (one transaction per document) vs rdflib in memory
    with tempfile.TemporaryDirectory() as tmp:
        store = LocalStore(Path(tmp) / "store")
        store.ensure_ontology()
        t = time.perf_counter()
        for g, nt, _ in graphs:
            store.replace_graph(g, nt)
        store.flush()
        ox_load = time.perf_counter() - t
        res["oxigraph_load_tps"] = round(total / ox_load)
        print(f"pyoxigraph load (one transaction per document): {ox_load:.1f} s, "
              f"{res['oxigraph_load_tps']} triples/s", flush=True)

        bulk = LocalStore(Path(tmp) / "bulk")
        t = time.perf_counter()
        for i in range(0, len(graphs), 200):
            bulk.bulk_replace([(g, nt) for g, nt, _ in graphs[i:i + 200]])
        bulk.flush()
        bulk_load = time.perf_counter() - t
        bulk.close()
        res["oxigraph_bulk_tps"] = round(total / bulk_load)
        print(f"pyoxigraph bulk load (kg build --bulk, no transaction): {bulk_load:.1f} s, "
              f"{res['oxigraph_bulk_tps']} triples/s", flush=True)

        import rdflib

        ds = rdflib.Dataset(default_union=True)
        t = time.perf_counter()
        for g, nt, _ in graphs:
            ds.graph(rdflib.URIRef(g)).parse(data=nt, format="nt")
        rd_load = time.perf_counter() - t
        res["rdflib_load_tps"] = round(total / rd_load)
        res["load_ratio"] = round(res["oxigraph_load_tps"] / res["rdflib_load_tps"], 1)
        print(f"rdflib load: {rd_load:.1f} s, {res['rdflib_load_tps']} triples/s", flush=True)

        # 4. queries with bound values: the same text on both stores
        units = [r["unit"] for r in store.select(
            "PREFIX pkg: <https://policykg.org/ns#> SELECT DISTINCT ?unit WHERE { ?a pkg:unit ?unit }")]
        tasks = [r["t"] for r in store.select(
            "PREFIX pkg: <https://policykg.org/ns#> SELECT ?t WHERE { ?t a pkg:Task }")]
        rnd.shuffle(units)
        rnd.shuffle(tasks)
        kinds = {
            "tasks_of_unit": (get_query("tasks_of_unit").sparql, "unit", units),
            "units_of_task": (get_query("units_of_task").sparql, "task", tasks),
        }
        for name, (sparql, var, pool_) in kinds.items():
            texts = [bind_values(sparql, {var: IRI(pool_[i % len(pool_)])}) for i in range(args.queries)]
            for q in texts[:5]:  # warm-up
                store.raw_query(q) and list(store.raw_query(q))
            ox_ms = timed(lambda i: list(store.raw_query(texts[i])), args.queries)
            union = [without_graph_blocks(q) for q in texts]
            shapes = {"GRAPH ?g": texts, "union": union}
            # rdflib: the union shape (its faster one) timed; the GRAPH ?g shape once, for the record
            rd = {"union": timed(lambda i: list(ds.query(union[i])), args.rdflib_queries, args.rdflib_budget)}
            if statistics.median(rd["union"]) < 5000:
                rd["GRAPH ?g"] = timed(lambda i: list(ds.query(texts[i])), 1)
            best = "union"
            rd_ms = rd[best]
            same = len(list(store.raw_query(texts[0]))) == len(list(ds.query(shapes[best][0])))
            res[name] = {
                "oxigraph_p50_ms": round(statistics.median(ox_ms), 2), "oxigraph_p95_ms": round(pct(ox_ms, 0.95), 2),
                "rdflib_p50_ms": round(statistics.median(rd_ms), 1), "rdflib_p95_ms": round(pct(rd_ms, 0.95), 1),
                "speedup_p50": round(statistics.median(rd_ms) / statistics.median(ox_ms), 1),
                "speedup_p95": round(pct(rd_ms, 0.95) / pct(ox_ms, 0.95), 1), "same_rows": same,
                "rdflib_queries_timed": len(rd_ms), "rdflib_shape": best,
                "rdflib_graph_shape_ms": round(rd["GRAPH ?g"][0], 1) if "GRAPH ?g" in rd else None,
            }
            print(f"{name}: pyoxigraph p50 {res[name]['oxigraph_p50_ms']} ms p95 {res[name]['oxigraph_p95_ms']} ms | "
                  f"rdflib p50 {res[name]['rdflib_p50_ms']} ms p95 {res[name]['rdflib_p95_ms']} ms | "
                  f"×{res[name]['speedup_p50']} (p50) ×{res[name]['speedup_p95']} (p95) same rows: {same} "
                  f"(rdflib's faster shape: {best})",
                  flush=True)
        store.close()
    print(json.dumps(res, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return res


class StoreSuite:
    """asv-style: ``setup`` builds a small store once per run; one ``time_*`` per named query."""

    params = [5]
    param_names = ["copies"]

    def setup(self, copies: int):
        from tests.examples import example_document

        self.store = LocalStore(":memory:")
        doc = example_document()
        for i in range(copies):
            self.store.import_built(build_document(dataclasses.replace(doc, doc=f"d{i}")))
        self.unit = IRI(self.store.select(
            "PREFIX pkg: <https://policykg.org/ns#> SELECT ?u WHERE { ?a pkg:unit ?u } LIMIT 1")[0]["u"])
        self.task = IRI(self.store.select(
            "PREFIX pkg: <https://policykg.org/ns#> SELECT ?t WHERE { ?t a pkg:Task } LIMIT 1")[0]["t"])

    def time_load(self, copies: int):
        from tests.examples import example_document

        s = LocalStore(":memory:")
        s.import_built(build_document(example_document()))

    def time_query_tasks_of_unit(self, copies: int):
        self.store.select(get_query("tasks_of_unit").sparql, {"unit": self.unit})

    def time_query_units_of_task(self, copies: int):
        self.store.select(get_query("units_of_task").sparql, {"task": self.task})


if __name__ == "__main__":
    main()
