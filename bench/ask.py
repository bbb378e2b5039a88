"""Question answering benchmark: answer time of ``kg.ask.ask`` in one process, store already open.

    python3 bench/ask.py [--qa DIR] [--corpus DIR] [--repeat 3]

Builds one on-disk store per document named in the question files (and one of the whole corpus for
``"store": "all"`` lines), opens each once, asks every question once to build the entity index and the
segmenter (that first-question cost is reported apart, as "cold"), then times every question ``--repeat``
times and prints p50 / p95 / max per question and the accuracy of the answers. Without ../shared it asks the
built-in questions about the bundled sample. Figures go into README.md ("Asking questions" → Benchmark).

The asv-style :class:`AskSuite` (``setup`` + ``time_*``) times a few questions on the sample store for
comparing commits.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "data" / "sample" / "dongying_ip_2024.txt"
SAMPLE_QUESTIONS = [
    ("区财政局负责哪些任务?", "task", ["2.1.1", "2.2.3"]),
    ("区科技局负责几项任务?", "value", [7]),
    ("专利导航由哪些单位负责?", "unit", ["区市场监管局", "区科技局", "各镇街", "高新区"]),
    ("区财政局和区科技局共同负责哪些任务?", "task", ["2.1.1"]),
    ("领导小组组长是谁?", "person", ["燕雪英"]),
    ("区财政局局长是谁?", "person", ["刘明明"]),
    ("到2026年每万人有效发明专利拥有量目标是多少?", "value", [46]),
    ("哪些任务涉及地理标志?", "task", ["2.2.4", "2.3.1"]),
    ("哪个单位负责的任务最多?", "unit", ["区市场监管局"]),
    ("今天天气怎么样", "task", []),
]


def _norm(s) -> str:
    s = unicodedata.normalize("NFKC", str(s)).replace("—", "-").replace("–", "-")
    return "".join(s.split()).strip("。,、;:.()《》\"'")


def _key(kind: str, v):
    if kind == "value":
        try:
            return round(float(v), 6)
        except (TypeError, ValueError):
            return _norm(v)
    return _norm(v)


def _correct(item: dict, answer) -> bool:
    kind, whole = item["kind"], item.get("store") == "all"
    if kind == "clarify":
        return not answer.answers and len(answer.clarify) >= 2
    want = {_key(kind, x) for x in item["answers"]}
    if whole and kind == "task":
        have = {_key(kind, f"{a['doc']}#{a['key']}") for a in answer.answers}
    else:
        have = {_key(kind, a["key"]) for a in answer.answers}
    return want == have


def _build(store_dir: Path, files: list[Path]):
    from extract.pipeline import extract_file
    from kg.build import build_document
    from kg.stores import open_store

    store = open_store(store_dir)
    for f in files:
        store.import_built(build_document(extract_file(f)))
    return store


def load_items(qa_dir: Path | None, corpus: Path | None) -> tuple[list[dict], dict[str, list[Path]]]:
    """Question items and, for each store name, the files it is built from."""
    if qa_dir and qa_dir.is_dir() and corpus and corpus.is_dir():
        items = [json.loads(line) for f in sorted(qa_dir.glob("*.jsonl"))
                 for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
        stores: dict[str, list[Path]] = {}
        for it in items:
            name = "all" if it.get("store") == "all" else it["doc"]
            it["_store"] = name
            stores[name] = sorted(corpus.glob("*.txt")) if name == "all" else [corpus / f"{name}.txt"]
        return items, stores
    items = [{"doc": SAMPLE.stem, "question": q, "kind": k, "answers": a, "_store": SAMPLE.stem}
             for q, k, a in SAMPLE_QUESTIONS]
    return items, {SAMPLE.stem: [SAMPLE]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--qa", type=Path, default=ROOT.parent / "shared" / "eval" / "qa")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()

    from kg.ask import ask

    items, store_files = load_items(a.qa, a.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        stores = {}
        t0 = time.perf_counter()
        for name, files in store_files.items():
            stores[name] = _build(Path(tmp) / name, files)
        build_s = time.perf_counter() - t0
        cold = []
        for name, store in stores.items():  # first question per store: entity index + segmenter
            t = time.perf_counter()
            ask(store, "区财政局负责哪些任务?")
            cold.append(time.perf_counter() - t)
        times, correct = [], 0
        for it in items:
            store = stores[it["_store"]]
            answer = None
            for _ in range(a.repeat):
                t = time.perf_counter()
                answer = ask(store, it["question"])
                times.append(time.perf_counter() - t)
            correct += _correct(it, answer)
        for s in stores.values():
            s.close()
    times.sort()
    ms = [x * 1000 for x in times]
    p50 = statistics.median(ms)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    print(f"questions={len(items)} stores={len(stores)} asks={len(ms)} (built in {build_s:.1f} s)")
    print(f"answer time: p50={p50:.1f} ms  p95={p95:.1f} ms  max={ms[-1]:.1f} ms  (goal p95 < 50 ms)")
    print(f"cold first question per store (index + segmenter): median={statistics.median(cold) * 1000:.0f} ms "
          f"max={max(cold) * 1000:.0f} ms")
    print(f"accuracy={correct / len(items):.3f} ({correct}/{len(items)})")


class AskSuite:
    """asv-style: a few questions on the sample store (``setup`` builds it once and warms the index)."""

    def setup(self):
        from kg.ask import ask

        self._tmp = tempfile.TemporaryDirectory()
        self.store = _build(Path(self._tmp.name) / "sample", [SAMPLE])
        self.ask = ask
        ask(self.store, "区财政局负责哪些任务?")

    def teardown(self):
        self.store.close()
        self._tmp.cleanup()

    def time_unit_tasks(self):
        self.ask(self.store, "区财政局负责哪些任务?")

    def time_task_units(self):
        self.ask(self.store, "专利导航由哪些单位负责?")

    def time_target_value(self):
        self.ask(self.store, "到2026年每万人有效发明专利拥有量目标是多少?")

    def time_not_understood(self):
        self.ask(self.store, "今天天气怎么样")


if __name__ == "__main__":
    main()
