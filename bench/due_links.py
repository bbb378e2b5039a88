"""Link precision and recall of progress-report items on the hand-written 督办 documents.

    python3 bench/due_links.py            # figures
    python3 bench/due_links.py -v         # every item: expected, got, method, score, matched words

Builds an in-memory store from ``data/testdocs/due_*.txt`` (a plan and its reports in three forms,
plus a report on other work), links the items (:func:`kg.due.link_reports`) and compares with
``data/due_links.json``. Precision = right links / links made; recall = right links / items
that report on a task of the plan. Goal: precision ≥ 0.98 (a wrong link is worse than none), recall ≥ 0.90.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)  # bench/extract.py must not hide the extract package
TESTDOCS = ROOT / "data" / "testdocs"
GOLD = ROOT / "data" / "due_links.json"


def measure(verbose: bool = False, testdocs: Path = TESTDOCS) -> dict:
    """Link the test reports and score the links: {precision, recall, links, right, expected, rows}."""
    from extract.pipeline import extract_file
    from kg.build import build_document
    from kg.due import link_reports
    from kg.local import LocalStore

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    store = LocalStore(":memory:")
    store.ensure_ontology()
    docs = {}
    for f in sorted(testdocs.glob("due_*.txt")):
        doc = extract_file(f)
        docs[doc.doc] = doc
        store.import_built(build_document(doc))
    found = link_reports(store)
    plan = gold["plan"]
    path_of = {}
    for r in store.select("PREFIX pkg: <https://policykg.org/ns#> SELECT ?t ?p ?d WHERE { ?t a pkg:Task ; "
                          "pkg:path ?p ; pkg:inDocument ?doc . ?doc pkg:docId ?d }"):
        path_of[r["t"]] = (r["d"], r["p"])
    made = right = expected = 0
    rows = []
    for report, pairs in gold["links"].items():
        items = docs[report].report.items if docs[report].report else []
        links = {l.item.rsplit("/", 1)[1]: l for l in found.get(report, [])}
        for quote, want in pairs:
            idx = next((i for i, it in enumerate(items) if quote in it.text), None)
            link = links.get(str(idx)) if idx is not None else None
            got = path_of.get(link.task) if link else None
            got_path = got[1] if got and got[0] == plan else (f"{got[0]}#{got[1]}" if got else None)
            expected += want is not None
            made += link is not None
            right += link is not None and got_path == want
            rows.append({"report": report, "item": quote, "want": want, "got": got_path,
                         "method": link.method if link else None, "score": link.score if link else None,
                         "words": "、".join(link.words) if link else "", "found": idx is not None})
    res = {"precision": right / made if made else 1.0, "recall": right / expected if expected else 1.0,
           "links": made, "right": right, "expected": expected, "rows": rows}
    if verbose:
        for r in rows:
            mark = "ok " if r["got"] == r["want"] else "XX "
            print(mark, r["report"], r["item"], "want", r["want"], "got", r["got"], r["method"], r["score"],
                  r["words"], "" if r["found"] else "(item not extracted)")
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    res = measure(args.verbose)
    print(f"links {res['links']}  right {res['right']}  expected {res['expected']}  "
          f"precision {res['precision']:.3f}  recall {res['recall']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
