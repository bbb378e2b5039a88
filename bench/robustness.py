"""What we test for robustness (issue 15): bad inputs, fuzzed files, kill -9 during builds, hostile queries.

    python3 bench/robustness.py                     # everything, default sizes (a few minutes on 2 cores)
    python3 bench/robustness.py --fuzz 2000 --kills 10 --json /tmp/robust.json

Four parts, each printing what it tried and what it found:

1. **bad inputs**: ~45 files no reader should accept (empty, binary, renamed, truncated, encrypted-looking,
   decompression bombs, over-long text, a directory, a symlink loop, a missing path …) given to ONE
   ``kg extract`` run with a good file among them: every bad one must be one ``Error: [Ennn] FILE: …`` line,
   the good one must be written, no traceback, and the process' peak memory is reported.
2. **fuzz**: byte-level mutations (flips, truncations, splices, repeated blocks) of a .docx, a .pdf, an .html
   and a .txt of the sample, each read by ``extract.readers.read_text``: anything other than text or the
   project's ``ExtractError`` is a finding.
   **text fuzz**: random strings of policy-document pieces (numbering, box-drawing and ``|`` table fragments,
   role labels, targets) given to ``extract.pipeline.extract_text``; anything but a Document or the project's
   error is a finding (issue 15 item 8 is fixed in extract/tables.py by another change).
3. **kill -9**: ``kg build`` of copies of the sample killed at a random moment, N times; after each kill the
   store must open, every document graph in it must be whole (same triple count as a clean build) and
   a plain rebuild must succeed.
4. **hostile queries** against ``kg serve``: a query that crashes the query engine, SERVICE to a loopback
   listener, a query past the timeout, slow and short bodies; the endpoint must answer a normal query
   after each, and the listener must receive nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample" / "dongying_ip_2024.txt"
ENV = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
KG = [sys.executable, "-c", "from kg.cli import main; main()"]


# ------------------------------------------------------------------ sample files in every format

def _docx_bytes(text: str) -> bytes:
    import docx

    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    import io

    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pdf_bytes(text: str) -> bytes | None:
    """A text PDF of the first lines (reportlab when installed; else None)."""
    try:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas
    except ImportError:
        return None
    import io

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("STSong-Light", 11)
    y = 800
    for line in text.splitlines()[:60]:
        c.drawString(40, y, line[:45])
        y -= 14
        if y < 40:
            c.showPage()
            c.setFont("STSong-Light", 11)
            y = 800
    c.save()
    return buf.getvalue()


def bad_inputs(d: Path) -> list[Path]:
    """About 45 files (and non-files) that must each give one error line."""
    from tests.docgen import zip_part

    text = SAMPLE.read_text(encoding="utf-8")
    docx = _docx_bytes(text)
    files: dict[str, bytes] = {
        "empty.txt": b"", "spaces.txt": b" \n\t\n  ", "nul.txt": b"\0" * 4096, "elf.txt": b"\x7fELF" + bytes(range(256)) * 8,
        "png.txt": b"\x89PNG\r\n\x1a\n" + os.urandom(2048), "random.txt": os.urandom(8192),
        "utf16_garbage.txt": os.urandom(4096)[::2] * 2, "prose.txt": "今年以来,全区经济运行总体平稳。\n".encode(),
        "latin.txt": b"Lorem ipsum dolor sit amet.\n" * 50, "gzip.txt": b"\x1f\x8b\x08" + os.urandom(500),
        "rtf.doc": b"{\\rtf1\\ansi hello}", "text.doc": "一、总体要求\n".encode() * 20, "random.doc": os.urandom(4096),
        "ole_garbage.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4096),
        "random.docx": os.urandom(4096), "truncated.docx": docx[: len(docx) // 2], "zip_no_word.docx": b"",
        "encrypted.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + bytes(512),
        "images_only.docx": _docx_bytes(""), "random.pdf": os.urandom(4096), "header_only.pdf": b"%PDF-1.7\n",
        "no_eof.pdf": b"%PDF-1.4\n1 0 obj << >> endobj\n", "fake_eof.pdf": b"%PDF-1.4\ngarbage\n%%EOF\n",
        "empty.html": b"<html><body></body></html>", "nav_only.html": "<html><body><nav>首页 | 关于</nav></body></html>".encode(),
        "script_only.html": b"<html><head><script>var a=1;</script></head><body><script>x()</script></body></html>",
        "random.html": os.urandom(4096), "deep.html": b"<div>" * 200_000 + b"x",
        "unknown.xyz": b"PK\x03\x04" + os.urandom(100), "seven.txt": b"7z\xbc\xaf\x27\x1c" + os.urandom(100),
        "big.txt": b"", "long.txt": ("一、推进数据共享工作。(责任单位:区财政局)\n" * 45_000).encode(),
        "huge_html.html": b"<html><body>" + "<p>一、推进。</p>".encode() * 700_000 + b"</body></html>",
        "tables_only.txt": "序号 | 任务 |\n".encode() * 5, "controls.txt": bytes(range(1, 32)) * 200,
        "bom_only.txt": b"\xef\xbb\xbf", "utf16_bom_only.txt": b"\xff\xfe",
    }
    with zipfile.ZipFile(tmp := d / "zip_no_word.docx", "w") as z:
        z.writestr("hello.txt", "hi")
    files["zip_no_word.docx"] = tmp.read_bytes()
    out = []
    for name, data in files.items():
        p = d / name
        p.write_bytes(data)
        out.append(p)
    with open(d / "big.txt", "wb") as f:  # 50 MB, sparse
        f.truncate(50 * 1024 * 1024)
    zip_part(d / "zip_bomb.docx", "word/document.xml", (b"\0" * 1_000_000 for _ in range(1_000)))
    para = "<w:p><w:r><w:t>一、推进数据共享。</w:t></w:r></w:p>".encode() * 10_000
    zip_part(d / "xml_bomb.docx", "word/document.xml",
         [b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          b"<w:body>", *(para for _ in range(100_000_000 // len(para))), b"</w:body></w:document>"])
    zip_part(d / "many_entries.docx", "word/document.xml", [b"<x/>"])
    with zipfile.ZipFile(d / "many_entries.docx", "a") as z:
        for i in range(6_000):
            z.writestr(f"word/media/{i}.bin", b"")
    out += [d / "zip_bomb.docx", d / "xml_bomb.docx", d / "many_entries.docx"]
    loop = d / "loop.txt"
    loop.symlink_to(loop)
    folder = d / "a_folder"
    folder.mkdir()
    out += [loop, folder, d / "missing.txt", d / "fifo.txt"]
    os.mkfifo(d / "fifo.txt")
    return out


def part_bad_inputs(work: Path) -> dict:
    d = work / "bad"
    d.mkdir()
    bad = bad_inputs(d)
    good = work / "good.txt"
    good.write_bytes(SAMPLE.read_bytes())
    out = work / "bad_out"
    t0 = time.monotonic()
    res = subprocess.run(KG + ["extract", *map(str, bad), str(good), "--out", str(out)], capture_output=True,
                         text=True, env=ENV, timeout=1800)
    seconds = time.monotonic() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    lines = res.stderr.strip().splitlines()
    errors = [ln for ln in lines if ln.startswith("Error: [E")]
    named_once = sum(1 for ln, p in zip(errors, bad) if ln.count(p.name) == 1)
    codes: dict[str, int] = {}
    for ln in errors:
        code = ln.split("]")[0][len("Error: ["):]
        codes[code] = codes.get(code, 0) + 1
    return {"bad_inputs": len(bad), "error_lines": len(errors), "other_stderr_lines": len(lines) - len(errors),
            "file_named_once": named_once, "traceback": "Traceback" in res.stderr, "exit_code": res.returncode,
            "good_file_written": (out / "good.json").exists(), "seconds": round(seconds, 1),
            "peak_rss_mb": round(peak_mb, 1), "codes": dict(sorted(codes.items()))}


# ------------------------------------------------------------------ fuzz

def _mutate(data: bytes, rnd: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        op = rnd.randrange(5)
        if not b:
            break
        i = rnd.randrange(len(b))
        if op == 0:  # flip bytes
            for k in range(rnd.randint(1, 16)):
                if i + k < len(b):
                    b[i + k] = rnd.randrange(256)
        elif op == 1:  # truncate
            del b[i:]
        elif op == 2:  # splice a block elsewhere
            j, n = rnd.randrange(len(b)), rnd.randint(1, 512)
            b[j:j] = b[i:i + n]
        elif op == 3:  # repeat a block
            n = rnd.randint(1, 64)
            b[i:i] = b[i:i + n] * rnd.randint(2, 200)
        else:  # delete a block
            del b[i:i + rnd.randint(1, 512)]
    return bytes(b)


def part_fuzz(work: Path, iterations: int, seed: int) -> dict:
    from extract.errors import ExtractError
    from extract.readers import read_text

    text = SAMPLE.read_text(encoding="utf-8")
    seeds = {".txt": text.encode("utf-8"), ".docx": _docx_bytes(text),
             ".html": f"<html><body><div class='content'>{''.join(f'<p>{x}</p>' for x in text.splitlines())}"
                      f"</div></body></html>".encode("utf-8")}
    shared = Path(os.environ.get("POLICYKG_SHARED", ROOT.parent / "shared")) / "formats2" / "pdf" / "exc_02.pdf"
    pdf = shared.read_bytes() if shared.is_file() else _pdf_bytes(text)
    if pdf:
        seeds[".pdf"] = pdf
    rnd = random.Random(seed)
    d = work / "fuzz"
    d.mkdir()
    findings: dict[str, int] = {}
    outcomes = {"text": 0, "ExtractError": 0}
    examples: list[str] = []
    t0 = time.monotonic()
    for i in range(iterations):
        suffix = rnd.choice(sorted(seeds))
        p = d / f"f{i % 50}{suffix}"
        p.write_bytes(_mutate(seeds[suffix], rnd))
        try:
            read_text(p)
            outcomes["text"] += 1
        except ExtractError:
            outcomes["ExtractError"] += 1
        except Exception as e:  # noqa: BLE001 - a finding
            key = f"{suffix} {type(e).__name__}"
            findings[key] = findings.get(key, 0) + 1
            if len(examples) < 5:
                kept = work / f"finding_{i}{suffix}"
                kept.write_bytes(p.read_bytes())
                examples.append(f"{kept}: {type(e).__name__}: {str(e)[:100]}")
    return {"iterations": iterations, "formats": sorted(seeds), "seconds": round(time.monotonic() - t0, 1),
            "outcomes": outcomes, "findings": findings, "examples": examples}


_POOLS = {  # the shapes a policy text is parsed for; each fuzz text mixes one pool with a few general pieces
    "box table": ["┌", "┬", "┐", "├", "┼", "┤", "└", "┴", "┘", "│", "─", "\n", "号", "位", "序号", "任务", "牵头单位",
                  "区财政局", " "],
    "| table": ["|", " | ", "\n", "序号", "任务", "责任单位", "完成时限", "区发改局、区科技局", "1", "2024年底前", " "],
    "numbering": ["一、", "(一)", "（二）", "1.", "2、", "(1)", "①", "第一章", "第二条", "第一部分", "附件", "\n", "加强保护。"],
    "roles": ["(责任单位:", "（牵头单位：", ")", "）", "牵头", "配合", "区财政局", "、", ";", "列第一位的为牵头单位", "\n"],
    "people": ["组长:", "副组长:", "成员:", "王飞", " ", "区委副书记", "、", ",", "领导小组办公室设在", "\n"],
    "targets": ["到2026年", "达到", "46件以上", "不低于30家", "8-10家", "突破6亿元", "%", "分别", "\n", "《", "》"],
}
_GENERAL = ["\n", " ", "。", ":", "一、", "|", "│", "(", ")"]


def part_text_fuzz(iterations: int, seed: int) -> dict:
    """Random strings of policy-document pieces (numbering, box drawing, | tables, labels) → extract_text."""
    from extract.errors import PolicyKGError
    from extract.pipeline import extract_text

    rnd = random.Random(seed)
    findings: dict[str, int] = {}
    examples: list[str] = []
    ok = refused = 0
    t0 = time.monotonic()
    for _ in range(iterations):
        pool = _POOLS[rnd.choice(sorted(_POOLS))]
        pieces = rnd.sample(pool, rnd.randint(2, len(pool))) + rnd.sample(_GENERAL, rnd.randint(0, 2))
        lines = rnd.choice((rnd.randint(1, 4), rnd.randint(1, 30)))  # short fragments and longer texts
        text = "\n".join("".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 6))) for _ in range(lines))
        try:
            extract_text(text)
            ok += 1
        except PolicyKGError:
            refused += 1
        except Exception as e:  # noqa: BLE001 - a finding
            key = type(e).__name__
            findings[key] = findings.get(key, 0) + 1
            if len(examples) < 5:
                examples.append(f"{text[:60]!r}: {key}: {str(e)[:80]}")
    return {"iterations": iterations, "seconds": round(time.monotonic() - t0, 1),
            "outcomes": {"Document": ok, "PolicyKGError": refused}, "findings": findings, "examples": examples}


# ------------------------------------------------------------------ kill -9 during builds

_GRAPH_SIZES = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"""


def _graph_sizes(store: Path) -> dict[str, int]:
    from kg.stores import open_store

    with open_store(store, read_only=True) as st:
        return {r["g"]: r["n"] for r in st.select(_GRAPH_SIZES)}


def _wait_for_writes(store: Path, before, proc, limit: float = 300) -> bool:
    """Wait until the build process has written to the store directory (True) or ended (False)."""
    from kg.serve import _store_stamp

    t_end = time.monotonic() + limit
    while time.monotonic() < t_end and proc.poll() is None:
        if store.is_dir() and _store_stamp(str(store)) != before:
            return True
        time.sleep(0.01)
    return False


def part_kills(work: Path, runs: int, docs: int, seed: int) -> dict:
    """Kill ``kg build`` at a random moment while it imports (after its first write, before its end)."""
    import shutil

    from kg.serve import _store_stamp

    rnd = random.Random(seed)
    src = work / "copies"
    src.mkdir()
    for i in range(docs):
        (src / f"copy{i:03d}.txt").write_bytes(SAMPLE.read_bytes())
    ref = work / "ref_store"
    proc = subprocess.Popen(KG + ["build", str(src), "--store", str(ref), "-q"], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for_writes(ref, (0, 0), proc)  # the ontology …
    _wait_for_writes(ref, _store_stamp(str(ref)), proc)  # … then the first document
    t_first = time.monotonic()
    proc.wait()
    writing_s = time.monotonic() - t_first
    sizes = _graph_sizes(ref)
    doc_size = {n for g, n in sizes.items() if "/doc/" in g}
    assert len(doc_size) == 1 and len(sizes) - 1 == docs, (doc_size, len(sizes))
    whole = doc_size.pop()
    killed, partial_graphs, broken, docs_seen, rebuild_failed = 0, 0, 0, [], 0
    for run in range(runs):
        store = work / f"kill_store{run % 2}"
        if run % 4 < 2 and store.exists():  # half the runs into a new store, half re-importing into a full one
            shutil.rmtree(store)
        before = _store_stamp(str(store)) if store.exists() else (0, 0)
        proc = subprocess.Popen(KG + ["build", str(src), "--store", str(store), "-q"], env=ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if _wait_for_writes(store, before, proc) and _wait_for_writes(store, _store_stamp(str(store)), proc):
            time.sleep(rnd.uniform(0, writing_s))  # somewhere among the document imports
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        try:
            got = _graph_sizes(store)
        except Exception:  # noqa: BLE001 - a store that no longer opens
            broken += 1
            continue
        docs_seen.append(sum(1 for g in got if "/doc/" in g))
        partial_graphs += sum(1 for g, n in got.items() if "/doc/" in g and n != whole)
        if run % 3 == 2:  # now and then: a plain rebuild must succeed and leave every document whole
            r = subprocess.run(KG + ["build", str(src), "--store", str(store), "-q"], env=ENV, capture_output=True)
            got = _graph_sizes(store)
            if r.returncode or sum(1 for g in got if "/doc/" in g) != docs or \
                    any(n != whole for g, n in got.items() if "/doc/" in g):
                rebuild_failed += 1
    return {"runs": runs, "import_phase_s": round(writing_s, 1), "killed_mid_build": killed,
            "documents_per_build": docs, "documents_present_after_kill": docs_seen,
            "partial_documents": partial_graphs, "store_failed_to_open": broken, "rebuild_failed": rebuild_failed}


# ------------------------------------------------------------------ hostile queries

def _post(url: str, query: str, timeout: float = 120) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(),
                                 headers={"Accept": "text/csv"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def part_queries(work: Path) -> dict:
    from kg.serve import make_server

    store = work / "q_store"
    subprocess.run(KG + ["build", str(SAMPLE), "--store", str(store), "-q"], check=True, env=ENV, capture_output=True)
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(8)
    lst.settimeout(0.2)
    hits = [0]
    stop = threading.Event()

    def listen() -> None:
        while not stop.is_set():
            try:
                c, _ = lst.accept()
                hits[0] += 1
                c.close()
            except OSError:
                pass

    threading.Thread(target=listen, daemon=True).start()
    server = make_server(store, port=0, workers=2, timeout=2, log=False, read_timeout=2)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = server.url
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://policykg.org/ns#Task> }"
    target = f"http://127.0.0.1:{lst.getsockname()[1]}/sparql"
    attacks = {
        "nested 3000 groups": "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000,
        "nested 20000 parens": "SELECT * WHERE { FILTER(" + "(" * 20000 + "1" + ")" * 20000 + ") }",
        "SERVICE loopback": f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        "SERVICE SILENT variable": f"SELECT * WHERE {{ BIND(<{target}> AS ?u) SERVICE SILENT ?u {{ ?s ?p ?o }} }}",
        "cross join past timeout": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
        "regex blow-up": 'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(a+)+$")) }',
        "update in query": "DELETE WHERE { ?s ?p ?o }",
        "huge literal": 'SELECT * WHERE { BIND("' + "x" * 1_000_000 + '" AS ?x) }',
    }
    results = {}
    try:
        for name, q in attacks.items():
            status, body = _post(url, q)
            after, ans = _post(url, count)
            results[name] = {"status": status, "answer": body.decode("utf-8", "replace").strip()[:120],
                             "next_query_ok": after == 200 and ans.split()[1:] == [b"17"]}
        # slow / short bodies: 30 connections announcing more than they send
        host, port = server.server_address[:2]
        socks = []
        for _ in range(30):
            s = socket.create_connection((host, port))
            s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                      b"Content-Length: 1000\r\n\r\nquery=")
            socks.append(s)
        ok_during, _ = _post(url, count)
        closed = 0
        for s in socks:
            s.settimeout(30)
            try:
                data = s.recv(1024)
                closed += data.startswith(b"HTTP/1.1 408") or data == b""
            except OSError:
                pass
            s.close()
        results["30 short bodies"] = {"closed_by_read_timeout": closed, "query_meanwhile": ok_during}
    finally:
        server.shutdown()
        server.server_close()
        stop.set()
        lst.close()
    return {"attacks": results, "listener_connections": hits[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fuzz", type=int, default=2000, help="fuzz iterations (default 2000)")
    ap.add_argument("--kills", type=int, default=12, help="kill -9 runs (default 12)")
    ap.add_argument("--docs", type=int, default=40, help="documents per killed build (default 40)")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--text-fuzz", type=int, default=20000, help="extract_text fuzz iterations (default 20000)")
    ap.add_argument("--only", choices=["bad", "fuzz", "text", "kills", "queries"], action="append")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    parts = args.only or ["bad", "fuzz", "text", "kills", "queries"]
    report = {}
    with tempfile.TemporaryDirectory(prefix="policykg-robust-") as tmp:
        work = Path(tmp)
        if "bad" in parts:
            report["bad_inputs"] = part_bad_inputs(work)
            print("bad inputs:", json.dumps(report["bad_inputs"], ensure_ascii=False), flush=True)
        if "fuzz" in parts:
            report["fuzz"] = part_fuzz(work, args.fuzz, args.seed)
            print("fuzz:", json.dumps(report["fuzz"], ensure_ascii=False), flush=True)
        if "text" in parts:
            report["text_fuzz"] = part_text_fuzz(args.text_fuzz, args.seed)
            print("text fuzz:", json.dumps(report["text_fuzz"], ensure_ascii=False), flush=True)
        if "kills" in parts:
            report["kill9"] = part_kills(work, args.kills, args.docs, args.seed)
            print("kill -9:", json.dumps(report["kill9"], ensure_ascii=False), flush=True)
        if "queries" in parts:
            report["queries"] = part_queries(work)
            print("hostile queries:", json.dumps(report["queries"], ensure_ascii=False), flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
