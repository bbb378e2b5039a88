"""The query workers' round trip: kg serve's own pool against pebble's ProcessPool (why kg keeps its own).

Both send a job to a worker process and wait for its answer; kg's runner also runs ``ASK {}`` on
the store there, pebble's pool only echoes the payload back. A query's own time comes on top of
either, so the difference is what each query would pay for the library.

    python bench/pool.py --store /tmp/policykg-bench/store     # after bench/serve.py made that store
    python bench/pool.py                                        # a store of the sample, made here
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def echo(payload: bytes) -> bytes:
    return payload


def median_ms(call, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        call()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="a store directory (default: the sample, built in a temp dir)")
    ap.add_argument("--runs", type=int, default=500)
    args = ap.parse_args()
    from pebble import ProcessPool

    from kg.serve.workers import Job, ProcessRunner

    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            from kg.ingest import ingest
            from kg.stores import open_store

            store = Path(tmp) / "store"
            with open_store(store) as s:
                ingest(s, [str(ROOT / "data" / "sample" / "dongying_ip_2024.txt")])
        runner = ProcessRunner(str(store), 2)
        job = Job("ASK {}", "json", None, 10000, 30.0)
        try:
            runner.run(job)
            kg_ms = median_ms(lambda: runner.run(job), args.runs)
        finally:
            runner.close()
        with ProcessPool(max_workers=2, context=mp.get_context("forkserver")) as pool:
            payload = b"x" * 2000  # about an ASK/short SELECT answer
            pool.schedule(echo, args=(payload,)).result()
            pebble_ms = median_ms(lambda: pool.schedule(echo, args=(payload,), timeout=30).result(), args.runs)
    print("| pool | round trip, median ms |\n| --- | ---: |")
    print(f"| kg serve's workers (ASK {{}} run on the store) | {kg_ms} |")
    print(f"| pebble ProcessPool (echo only) | {pebble_ms} |")


if __name__ == "__main__":
    main()
