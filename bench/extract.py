"""Extraction benchmark: speed, memory, and the ratio to plain jieba segmentation.

    python3 bench/extract.py [--corpus DIR] [--repeat 5] [--many 1000] [--jobs 2]
    python3 bench/extract.py --headings 10000,100000   (only the long-document rows)

Prints characters per second, the sample document's median time once loaded, peak
memory of extracting the corpus, the ratio of extraction to ``jieba.lcut`` of the same
texts measured in the same run, and the wall time of ``kg extract`` on --many files
with --jobs. Figures go into README.md (section "Benchmarks").
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def corpus_files(corpus: Path | None) -> list[Path]:
    if corpus and corpus.is_dir():
        return sorted(corpus.glob("*.txt"))
    return sorted((ROOT / "data" / "sample").glob("*.txt")) + sorted((ROOT / "data" / "testdocs").glob("*.txt"))


def bench_headings(sizes: list[int]) -> None:
    """Extraction time of one document with many numbered headings (issue 15: it was quadratic)."""
    from extract.pipeline import extract_text

    for n in sizes:
        from tests.docgen import headings_text

        text = headings_text(n, "落实具体措施，到2025年完成{c}0家。")
        t0 = time.perf_counter()
        doc = extract_text(text, f"headings_{n}")
        wall = time.perf_counter() - t0
        print(f"{n:,} numbered headings ({len(text) / 1e6:.1f} M characters): {wall:.1f} s, "
              f"{wall / n * 1e6:.0f} µs per heading, {len(doc.tasks):,} tasks")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--many", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--headings", default="", help="comma-separated sizes: time only documents of that many "
                    "numbered headings")
    a = ap.parse_args()
    if a.headings:
        bench_headings([int(x) for x in a.headings.split(",")])
        return

    import jieba

    from extract.pipeline import extract_text

    jieba.setLogLevel(60)
    files = corpus_files(a.corpus)
    texts = [(f.stem, f.read_text(encoding="utf-8")) for f in files]
    chars = sum(len(t) for _, t in texts)
    for stem, t in texts:  # load dictionaries, warm caches
        extract_text(t, stem)
        jieba.lcut(t)

    ext_runs, seg_runs = [], []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        for stem, t in texts:
            extract_text(t, stem)
        t1 = time.perf_counter()
        for _stem, t in texts:
            jieba.lcut(t)
        t2 = time.perf_counter()
        ext_runs.append(t1 - t0)
        seg_runs.append(t2 - t1)
    ext, seg = statistics.median(ext_runs), statistics.median(seg_runs)

    sample = (ROOT / "data" / "sample" / "dongying_ip_2024.txt").read_text(encoding="utf-8")
    sample_runs = []
    for _ in range(max(11, a.repeat)):
        t0 = time.perf_counter()
        extract_text(sample, "sample")
        sample_runs.append(time.perf_counter() - t0)

    tracemalloc.start()
    for stem, t in texts:
        extract_text(t, stem)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"corpus: {len(texts)} documents, {chars} characters")
    print(f"extraction: {chars / ext:,.0f} chars/s (median of {a.repeat} runs: {ext * 1000:.1f} ms)")
    print(f"jieba.lcut:  {chars / seg:,.0f} chars/s ({seg * 1000:.1f} ms)")
    print(f"ratio extraction / jieba segmentation: {ext / seg:.2f}x  (goal <= 3x)")
    print(f"sample document: median {statistics.median(sample_runs) * 1000:.1f} ms  (goal < 50 ms)")
    print(f"peak traced memory extracting the corpus: {peak / 1e6:.1f} MB")

    if a.many and shutil.which("kg"):
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in"
            src.mkdir()
            for i in range(a.many):
                stem, t = texts[i % len(texts)]
                (src / f"{stem}_{i:04d}.txt").write_text(t, encoding="utf-8")
            t0 = time.perf_counter()
            cmd = ["kg", "extract", *map(str, sorted(src.glob("*.txt"))), "--out", str(Path(tmp) / "out"),
                   "--jobs", str(a.jobs)]
            rc = subprocess.run(cmd, capture_output=True).returncode
            wall = time.perf_counter() - t0
            print(f"kg extract of {a.many} files with --jobs {a.jobs}: {wall:.1f} s (exit {rc}; goal < 60 s)")


if __name__ == "__main__":
    main()
