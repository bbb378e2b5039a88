"""extract.readers: every format and encoding to exact lines, every bad input to one ExtractError.

Files are built here in tmp_path: .docx with python-docx, .pdf and Word 97 .doc by hand
(minimal but valid files), HTML as text.
"""
from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.errors import ExtractError
from extract.readers import SUPPORTED_SUFFIXES, read_text
from extract.readers_common import split_table_row, table_row
from extract.readers_numbering import chinese_number, format_number, starts_with_marker
from extract.readers_pdf import display_width, fix_cjk_spacing, join_wrapped, page_lines
from tests.conftest import ROOT, require

TEXT = "一、总体要求\n（一）到2026年，每万人有效发明专利拥有量达46件以上。\n责任单位：区财政局、区发改局\n"
LINES = TEXT.splitlines()


def code_of(excinfo) -> str:
    return str(excinfo.value).split("]")[0].lstrip("[")


# --- builders -----------------------------------------------------------------------------


def make_pdf(pages: list[list], *, drawing_only: bool = False) -> bytes:
    """A PDF whose pages show ``pages`` (one text line per entry, 20 pt apart, at x=72; an
    entry ``(x, text)`` sets its left edge, ``None`` leaves a line empty). ASCII is set in
    Helvetica, other characters in a CID font whose ToUnicode maps each code to itself."""
    def entry(e) -> tuple[float, str]:
        return e if isinstance(e, tuple) else (72, e or "")

    pages = [[entry(e) for e in page] for page in pages]
    chars = sorted({c for page in pages for _, line in page for c in line if ord(c) > 126})
    cmap = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for i in range(0, len(chars), 100):
        chunk = chars[i : i + 100]
        cmap += [f"{len(chunk)} beginbfchar", *(f"<{ord(c):04X}> <{ord(c):04X}>" for c in chunk), "endbfchar"]
    cmap.append("endcmap CMapName currentdict /CMap defineresource pop end end")

    def stream(data: bytes) -> bytes:
        return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        4: b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 5 0 R >>",
        5: stream("\n".join(cmap).encode()),
        6: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /CIDToGIDMap /Identity >>",
    }
    kids, n = [], 7
    for page in pages:
        ops = ["0 0 1 rg 72 72 200 200 re f"] if drawing_only else []
        for i, (x, line) in enumerate(page):
            if not line:
                continue
            ops.append(f"BT 1 0 0 1 {x} {780 - 20 * i} Tm")
            runs: list[list[str]] = []
            for c in line:
                kind = "a" if ord(c) <= 126 else "c"
                if runs and runs[-1][0] == kind:
                    runs[-1][1] += c
                else:
                    runs.append([kind, c])
            for kind, run in runs:
                if kind == "a":
                    esc = run.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                    ops.append(f"/F1 12 Tf ({esc}) Tj")
                else:
                    ops.append(f"/F2 12 Tf <{''.join(f'{ord(c):04X}' for c in run)}> Tj")
            ops.append("ET")
        objs[n] = stream("\n".join(ops).encode())
        objs[n + 1] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % n
        )
        kids.append(n + 1)
        n += 2
    objs[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(f"{k} 0 R" for k in kids).encode(), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for i in sorted(objs):
        offsets[i] = len(out)
        out += b"%d 0 obj\n" % i + objs[i] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % n
    out += b"".join(b"%010d 00000 n \n" % offsets[i] for i in range(1, n))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, xref)
    return bytes(out)


def make_doc(paragraphs: list[str]) -> bytes:
    """A minimal Word 97 file: an OLE compound file holding a FIB, the text as UTF-16,
    a piece table, an empty stylesheet and an empty font table (enough for antiword)."""
    endchain, free, fatsect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF

    def dirent(name: str, kind: int, start: int, size: int, left=nostream, right=nostream, child=nostream):
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        entry = raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, left, right, child)
        return entry + b"\0" * 36 + struct.pack("<III", start, size, 0)

    text = "\r".join(paragraphs) + "\r"
    body = text.encode("utf-16-le")
    fc = 0x400
    fib = bytearray(fc)
    struct.pack_into("<HH", fib, 0, 0xA5EC, 0x00C1)  # wIdent, nFib (Word 97)
    struct.pack_into("<H", fib, 0x0A, 0x0200)  # fWhichTblStm: the table stream is 1Table
    struct.pack_into("<II", fib, 0x18, fc, fc + len(body))  # fcMin, fcMac
    struct.pack_into("<H", fib, 0x20, 14)
    struct.pack_into("<H", fib, 0x3E, 22)
    struct.pack_into("<I", fib, 0x40, fc + len(body))
    struct.pack_into("<I", fib, 0x4C, len(text) - 1)  # ccpText
    struct.pack_into("<H", fib, 0x98, 0x5D)
    plc = struct.pack("<II", 0, len(text)) + struct.pack("<HIH", 0, fc, 0)  # one Unicode piece
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    stsh = struct.pack("<HHH", 18, 0, 10).ljust(20, b"\0")
    ffn = struct.pack("<HH", 0, 0)
    struct.pack_into("<II", fib, 0x1A2, 0, len(clx))
    struct.pack_into("<II", fib, 0xA2, len(clx), len(stsh))
    struct.pack_into("<II", fib, 0x112, len(clx) + len(stsh), len(ffn))
    word = (bytes(fib) + body).ljust(4096, b"\0")
    table = (clx + stsh + ffn).ljust(4096, b"\0")
    fat = [fatsect, endchain]
    start_w = len(fat)
    fat += [start_w + i + 1 for i in range(len(word) // 512 - 1)] + [endchain]
    start_t = len(fat)
    fat += [start_t + i + 1 for i in range(len(table) // 512 - 1)] + [endchain]
    fat += [free] * (128 - len(fat))
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x2C, 1, 1, 0, 4096, endchain, 0, endchain, 0, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    dirs = (
        dirent("Root Entry", 5, endchain, 0, child=1)
        + dirent("WordDocument", 2, start_w, len(word), left=2)
        + dirent("1Table", 2, start_t, len(table))
        + dirent("", 0, 0, 0)
    )
    return bytes(header) + struct.pack("<128I", *fat) + dirs + word + table


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ABSTRACT_NUM = f"""<w:abstractNum {W_NS} w:abstractNumId="90">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""


def make_docx(path: Path) -> Path:
    """A .docx with a header and footer, auto-numbered headings, a line break, hidden
    text, a deleted revision, and a table with a vertically and a horizontally merged cell."""
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "页眉：东营区人民政府"
    d.sections[0].footer.paragraphs[0].text = "— 1 —"
    d.add_paragraph("东营区知识产权工作方案")
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT_NUM))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, ilvl: int):
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>')
        )
        return p

    numbered("总体要求", 0)
    numbered("工作目标", 1)
    numbered("加大创造导向。", 2)
    numbered("加强保护", 2)
    numbered("重点任务", 0)
    p = numbered("强化运用", 1)
    p.add_run().add_break()
    p.add_run("（责任单位：区财政局）")
    hidden = p.add_run("隐藏文字")
    hidden.font.hidden = True
    p._p.append(parse_xml(f'<w:del {W_NS} w:id="1" w:author="a"><w:r><w:delText>已删除</w:delText></w:r></w:del>'))
    t = d.add_table(rows=4, cols=3)
    rows = [["序号", "任务", "责任单位"], ["1", "加大投入", "区财政局"], ["2", "强化保护", ""], ["合计", "", ""]]
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    t.cell(1, 2).merge(t.cell(2, 2))  # vertical
    t.cell(3, 1).merge(t.cell(3, 2))  # horizontal
    t.cell(3, 1).text = "两项"
    d.add_paragraph("附件：任务分工表")
    d.save(path)
    return path


DOCX_LINES = [
    "东营区知识产权工作方案",
    "一、总体要求",
    "（一）工作目标",
    "1.加大创造导向。",
    "2.加强保护",
    "二、重点任务",
    "（一）强化运用",
    "（责任单位：区财政局）",
    "序号 | 任务 | 责任单位 |",
    "1 | 加大投入 | 区财政局 |",
    "2 | 强化保护 | |",
    "合计 | 两项 |",
    "附件：任务分工表",
]


# --- .txt -------------------------------------------------------------------------------------


ENCODINGS = [
    ("utf-8", lambda s: s.encode("utf-8")),
    ("utf-8-bom", lambda s: s.encode("utf-8-sig")),
    ("gb18030", lambda s: s.encode("gb18030")),
    ("gbk", lambda s: s.encode("gbk")),
    ("utf-16-le-bom", lambda s: b"\xff\xfe" + s.encode("utf-16-le")),
    ("utf-16-be-bom", lambda s: b"\xfe\xff" + s.encode("utf-16-be")),
    ("utf-16-le-no-bom", lambda s: s.encode("utf-16-le")),
    ("utf-16-be-no-bom", lambda s: s.encode("utf-16-be")),
    ("utf-32-bom", lambda s: s.encode("utf-32")),
]


@pytest.mark.parametrize("name,encode", ENCODINGS, ids=[e[0] for e in ENCODINGS])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_txt_encodings_and_line_ends(tmp_path, name, encode, newline):
    p = tmp_path / "方案.txt"
    p.write_bytes(encode(TEXT.replace("\n", newline)))
    assert read_text(p) == TEXT


def test_txt_keeps_text_as_written(tmp_path):
    body = "组 长:燕雪英 区委副书记,区政府党组书记、区长\n\n  序号 | 任务 |\n最后一行"
    p = tmp_path / "a.txt"
    p.write_text(body, encoding="utf-8")
    assert read_text(p) == body + "\n"


def test_unknown_suffix_read_as_text(tmp_path):
    p = tmp_path / "notice.md"
    p.write_bytes(TEXT.encode("gb18030"))
    assert read_text(p).splitlines() == LINES


@pytest.mark.parametrize("name,data", [("表.xlsx", b"PK\x03\x04" + bytes(100)), ("图", b"\x89PNG\r\n\x1a\n" + bytes(50))])
def test_unknown_binary_suffix_unsupported(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(ExtractError) as e:
        read_text(p)
    assert str(e.value).startswith(f"[E118] {name}: unsupported file type") and ".docx" in str(e.value)


def test_corpus_text_read_unchanged(shared_corpus):
    for f in sorted(shared_corpus.glob("*.txt")):
        raw = f.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        assert read_text(f).rstrip("\n") == raw.rstrip("\n"), f.name


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t  ", "\ufeff  \n".encode("utf-16")], ids=["zero", "spaces", "utf16-spaces"])
def test_empty(tmp_path, data):
    p = tmp_path / "方案.txt"
    p.write_bytes(data)
    with pytest.raises(ExtractError) as e:
        read_text(p)
    assert str(e.value).startswith("[E101] 方案.txt: file is empty")


@pytest.mark.parametrize(
    "data,hint",
    [
        (b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4, "ELF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
        (b"%PDF-1.4\n1 0 obj", "rename it to .pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "rename it to .doc"),
        (bytes([0, 1, 2, 3, 200, 0, 0, 17, 250, 0, 3, 9]) * 300, "NUL bytes"),
    ],
    ids=["elf", "png", "pdf", "ole", "nul"],
)
def test_binary_txt_refused(tmp_path, data, hint):
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    with pytest.raises(ExtractError) as e:
        read_text(p)
    assert code_of(e) == "E107"
    assert "a.txt: not a text file" in str(e.value) and hint in str(e.value)


def test_docx_named_txt_refused_with_hint(tmp_path):
    p = make_docx(tmp_path / "x.docx")
    q = tmp_path / "x.txt"
    q.write_bytes(p.read_bytes())
    with pytest.raises(ExtractError, match=r"\[E107\] x.txt: not a text file .*rename it to .docx"):
        read_text(q)


def test_control_characters_refused(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(bytes(range(1, 32)) * 20)
    with pytest.raises(ExtractError) as e:
        read_text(p)
    assert code_of(e) == "E108"


def test_too_large_refused_before_reading(tmp_path):
    p = tmp_path / "big.txt"
    with open(p, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: nothing is written
    with pytest.raises(ExtractError) as e:
        read_text(p)
    assert str(e.value).startswith("[E106] big.txt: too large (52.4 MB > 20 MB limit)")


def test_max_bytes_is_the_limit(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    size = p.stat().st_size
    assert read_text(p, max_bytes=size) == TEXT
    with pytest.raises(ExtractError, match=r"\[E106\]"):
        read_text(p, max_bytes=size - 1)


def test_missing_file(tmp_path):
    with pytest.raises(ExtractError, match=r"^\[E102\] 没有.txt: no such file"):
        read_text(tmp_path / "没有.txt")


def test_directory(tmp_path):
    with pytest.raises(ExtractError, match=r"^\[E103\] .*is a directory"):
        read_text(tmp_path)


def test_permission_denied(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    p.chmod(0)
    try:
        with pytest.raises(ExtractError, match=r"^\[E104\] a.txt: permission denied"):
            read_text(p)
    finally:
        p.chmod(0o644)


# --- .docx ------------------------------------------------------------------------------------


def test_docx_paragraphs_tables_numbering(tmp_path):
    text = read_text(make_docx(tmp_path / "方案.docx"))
    assert text.splitlines() == DOCX_LINES
    assert "页眉" not in text and "— 1 —" not in text and "隐藏" not in text and "已删除" not in text


def test_docx_table_rows_match_corpus_cell_format(tmp_path):
    rows = read_text(make_docx(tmp_path / "a.docx")).splitlines()[8:12]
    assert [split_table_row(r) for r in rows] == [
        ["序号", "任务", "责任单位"],
        ["1", "加大投入", "区财政局"],
        ["2", "强化保护", ""],
        ["合计", "两项"],
    ]


def test_docx_truncated(tmp_path):
    data = make_docx(tmp_path / "a.docx").read_bytes()
    p = tmp_path / "坏.docx"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExtractError) as e:
        read_text(p)
    assert str(e.value).startswith("[E109] 坏.docx: cannot open .docx (damaged or not a Word file")


def test_docx_zip_without_document(tmp_path):
    p = tmp_path / "a.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ExtractError, match=r"\[E109\].*cannot open .docx"):
        read_text(p)


def test_docx_without_text(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("")
    d.save(tmp_path / "a.docx")
    with pytest.raises(ExtractError, match=r"\[E117\] a.docx: the document holds no text"):
        read_text(tmp_path / "a.docx")


def test_docx_encrypted_container(tmp_path):
    p = tmp_path / "a.docx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + "EncryptedPackage".encode("utf-16-le") + bytes(600))
    with pytest.raises(ExtractError, match=r"\[E110\] a.docx: the .docx is password-protected"):
        read_text(p)


# --- .doc -------------------------------------------------------------------------------------


DOC_PARAGRAPHS = ["关于印发工作方案的通知", "一、总体要求", "（一）到2026年，建成200家。责任单位：区财政局、区发改局"]


def test_doc_through_antiword(tmp_path):
    require(shutil.which("antiword") is not None, "antiword not installed")
    p = tmp_path / "方案.doc"
    p.write_bytes(make_doc(DOC_PARAGRAPHS))
    assert read_text(p).splitlines() == DOC_PARAGRAPHS


def test_doc_damaged(tmp_path):
    require(shutil.which("antiword") is not None, "antiword not installed")
    p = tmp_path / "坏.doc"
    p.write_bytes(make_doc(DOC_PARAGRAPHS)[:1500])
    with pytest.raises(ExtractError) as e:
        read_text(p)
    assert str(e.value).startswith("[E115] 坏.doc: cannot read .doc (antiword:")


def test_doc_not_ole(tmp_path):
    p = tmp_path / "a.doc"
    p.write_bytes(b"\x00\x01 this is no word file" * 20)
    with pytest.raises(ExtractError, match=r"\[E115\] a.doc: cannot read .doc \(it is not a Word 97 file"):
        read_text(p)


def test_doc_without_converter_read_by_piece_table(tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    p = tmp_path / "方案.doc"
    p.write_bytes(make_doc(DOC_PARAGRAPHS))
    assert read_text(p).splitlines() == DOC_PARAGRAPHS


def test_doc_unreadable_without_converter(tmp_path, monkeypatch):
    """A .doc the built-in reader cannot read (Word 6/95) and no converter: the install hint."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    data = bytearray(make_doc(DOC_PARAGRAPHS))
    fib = data.index(struct.pack("<HH", 0xA5EC, 0x00C1))
    struct.pack_into("<H", data, fib + 2, 0x0065 - 1)  # nFib of Word 6/95
    p = tmp_path / "方案.doc"
    p.write_bytes(bytes(data))
    with pytest.raises(ExtractError) as e:
        read_text(p)
    assert str(e.value) == (
        "[E114] 方案.doc: cannot read .doc: install antiword (apt-get install antiword) or save as .docx"
    )


def test_doc_damaged_without_converter(tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    p = tmp_path / "坏.doc"
    p.write_bytes(make_doc(DOC_PARAGRAPHS)[:1500])
    with pytest.raises(ExtractError) as e:
        read_text(p)
    assert str(e.value).startswith("[E115] 坏.doc: cannot read .doc (built-in reader:")


@pytest.mark.parametrize(
    "stream,lines",
    [
        ("标题\r一、总体要求\r", ["标题", "一、总体要求"]),
        ("第\x13 PAGE \x141\x15页\r", ["第1页"]),  # a field: its result, not its code
        ("序号\x07任务\x07\x071\x07加大\r投入\x07\x07正文\r", ["序号 | 任务 |", "1 | 加大 投入 |", "正文"]),
        ("甲\x0b乙\x0c丙\x1e丁\x01\r", ["甲", "乙", "丙-丁"]),
    ],
)
def test_word97_text_stream(stream, lines):
    from extract.readers_word97 import _lines

    assert _lines(stream).splitlines() == lines


def test_docx_saved_as_doc_is_read(tmp_path):
    data = make_docx(tmp_path / "a.docx").read_bytes()
    p = tmp_path / "a.doc"
    p.write_bytes(data)
    assert read_text(p).splitlines() == DOCX_LINES


def test_antiword_table_rows_become_rows():
    from extract.readers_doc import _tidy

    out = "\n|序号  |任务      |责任单位  |\n|1     |加大投入  |区财政局  |\n[pic]\n正文\n"
    assert _tidy(out).splitlines() == ["序号 | 任务 | 责任单位 |", "1 | 加大投入 | 区财政局 |", "正文"]


# --- .pdf -------------------------------------------------------------------------------------


def wrap(paragraph: str, width: float = 28) -> list[str]:
    """Break ``paragraph`` into lines of ``width`` full-width cells, as typesetting does."""
    lines, cur = [], ""
    for ch in paragraph:
        if display_width(cur + ch) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + ([cur] if cur else [])


P1 = "为深入贯彻落实党中央、国务院关于知识产权工作的决策部署，进一步提升全区知识产权创造、运用、保护、管理和服务水平，结合我区实际，制定本方案。"
P2 = "到2026年，全区每万人有效发明专利拥有量达46件以上，培育知识产权示范企业8-10家，区工信局、区科技局等部门按职责分工负责，确保各项任务落到实处"
P3 = "各部门要加强协同配合，形成工作合力，扎实推进知识产权强县建设示范工作，定期报送工作进展情况。"


def test_pdf_lines_joined_page_numbers_dropped(tmp_path):
    page1 = ["东营区知识产权工作方案", "一、总体要求", *wrap(P1), "（一）工作目标", *wrap(P2)[:2], "- 1 -"]
    page2 = [*wrap(P2)[2:], "（二）工作要求", *wrap(P3), "— 2 —"]
    assert len(wrap(P1)) >= 3 and len(wrap(P2)) >= 3
    p = tmp_path / "方案.pdf"
    p.write_bytes(make_pdf([page1, page2]))
    assert read_text(p).splitlines() == [
        "东营区知识产权工作方案",
        "一、总体要求",
        P1,
        "（一）工作目标",
        P2,
        "（二）工作要求",
        P3,
    ]


def test_pdf_full_line_before_numbered_line_not_joined(tmp_path):
    full = wrap(P1)[0]
    lines = [*wrap(P1), full, "（二）加强保护", full, "1.强化运用", full[:-1] + "：", full]
    p = tmp_path / "a.pdf"
    p.write_bytes(make_pdf([lines]))
    assert read_text(p).splitlines() == [P1, full, "（二）加强保护", full, "1.强化运用", full[:-1] + "：", full]


# a page typeset as GB/T 9704 sets it: 12 pt, text from x=72 to x=408 (28 characters),
# first lines of paragraphs indented two characters (x=96)
TYPESET = [
    (96, "为深入贯彻落实党中央、国务院关于知识产权工作的决策部"),
    (72, "署，结合我区实际，特制定本方案。责任单位：区发改局、区工"),  # breaks a unit name
    (72, "信局、区财政局。各部门要加强协同配合，形成强大工作合力。"),  # full, ends a sentence
    (72, "确保任务落实。"),  # flush left: the same paragraph
    (96, "（一）创造。加大培育力度，完成时间：2025年5月10日"),  # short, but 前。 cannot start a line
    (72, "前。"),
    (96, "（二）运用。对成效显著的镇街，在分配时予以倾斜的省"),  # （ cannot end a line
    (72, "（区、市）给予奖励。"),
    (96, "（三）强化保护。推动知识产权快速协同保护体系全面建"),  # full, but the next is indented
    (96, "各部门要加强协同配合。"),
    (72, "3"),  # a table cell at the distance of a text line: not a page number
    (72, "区财政局"),
]


def test_pdf_joins_by_layout(tmp_path):
    """Wrapped lines are joined where the layout says so: a line that reaches the margin
    runs on into a flush-left line (even after 。 in an indented document); a line a
    character short runs on when the next line starts with what may not start a line
    (前。) or with what may not end one (（); an indented line opens a paragraph."""
    p = tmp_path / "a.pdf"
    p.write_bytes(make_pdf([TYPESET]))
    assert read_text(p).splitlines() == [
        "为深入贯彻落实党中央、国务院关于知识产权工作的决策部署，结合我区实际，特制定本方案。"
        "责任单位：区发改局、区工信局、区财政局。各部门要加强协同配合，形成强大工作合力。确保任务落实。",
        "（一）创造。加大培育力度，完成时间：2025年5月10日前。",
        "（二）运用。对成效显著的镇街，在分配时予以倾斜的省（区、市）给予奖励。",
        "（三）强化保护。推动知识产权快速协同保护体系全面建",
        "各部门要加强协同配合。",
        "3",
        "区财政局",
    ]


def test_pdf_flush_left_document_keeps_sentence_ends(tmp_path):
    """Without first-line indents a full line that ends a sentence is not joined (the next
    line may be a new paragraph)."""
    flush = [*wrap(P1), *((72, text) for _, text in TYPESET[1:4] * 2)]
    p = tmp_path / "a.pdf"
    p.write_bytes(make_pdf([flush]))
    first = TYPESET[1][1] + TYPESET[2][1]
    assert read_text(p).splitlines() == [P1, first, "确保任务落实。", first, "确保任务落实。"]


def test_pdf_cells_ending_alike_are_not_the_margin(tmp_path):
    """Table cells that end at the same place (more of them than full lines) are not
    taken for the right margin, so they are not joined to each other."""
    cells = [(72, "区发展和改革局、区财政局、区商务局")] * 6  # 17 characters: ends at x=276
    full = [*wrap(P1), *((72, text) for _, text in TYPESET[1:4])]  # four lines reach the margin
    p = tmp_path / "a.pdf"
    p.write_bytes(make_pdf([[*full, *cells]]))
    assert read_text(p).splitlines()[-6:] == ["区发展和改革局、区财政局、区商务局"] * 6


def test_pdf_without_positions_reads_plain_text_layer(tmp_path, monkeypatch):
    """When positions cannot be had, the plain text layer is read (joined by counting)."""
    import extract.readers_pdf as rp

    def broken(page):
        raise KeyError("/Font")

    monkeypatch.setattr(rp, "text_lines", broken)
    p = tmp_path / "a.pdf"
    p.write_bytes(make_pdf([["一、总体要求", *wrap(P1), "（一）工作要求", *wrap(P3), "- 1 -"]]))
    assert read_text(p).splitlines() == ["一、总体要求", P1, "（一）工作要求", P3]


def test_pdf_running_headers_and_footers_dropped(tmp_path):
    """A footer with the page number in it goes from every page; a header repeated word for
    word stays where it first stands; a table header repeated at the top of each page, at the
    distance of a text line, is not taken for a running header."""
    pages = []
    for k in range(1, 5):
        body = [(72, f"序号 | 任务 | 牵头单位 |"), (72, f"{k} | 任务{k} | 区财政局 |"), (72, "区发改局配合落实。")]
        pages.append([(72, "内部资料 注意保存"), None, None, *body, None, None, (72, f"青岚区人民政府文件 第{k}页")])
    p = tmp_path / "a.pdf"
    p.write_bytes(make_pdf(pages))
    lines = read_text(p).splitlines()
    assert lines.count("内部资料 注意保存") == 1 and lines[0] == "内部资料 注意保存"
    assert not any("人民政府文件" in x for x in lines)
    assert lines.count("序号 | 任务 | 牵头单位 |") == 4 and "4 | 任务4 | 区财政局 |" in lines


def test_pdf_typed_space_runs_kept(tmp_path):
    """Two or more spaces were typed (a column break in a flattened table); a text layer
    puts a single space for a gap, which goes next to CJK."""
    p = tmp_path / "a.pdf"
    p.write_bytes(make_pdf([["2  严守用水 效率控制", "到 2028 年"]]))
    assert read_text(p).splitlines() == ["2 严守用水 效率控制", "到2028年"]


def test_pdf_outline_number_keeps_its_space(tmp_path):
    """'10.7 除…' keeps the space that makes 10.7 a marker, and is not joined to the line above."""
    p = tmp_path / "a.pdf"
    lines = [*wrap(P1), *((72, text) for _, text in TYPESET[2:0:-1])] + [(72, "10.7 除“四害”措施落实。")]  # after 区工
    p.write_bytes(make_pdf([lines]))
    assert read_text(p).splitlines()[-1] == "10.7 除“四害”措施落实。"


def test_pdf_page_number_apart_dropped_cell_kept(tmp_path):
    page1 = [*TYPESET[:4], None, None, (230, "3")]  # a footer: a bare number below the text
    page2 = [(72, "3"), (72, "区财政局"), (72, "区发改局")]  # a table continues: 序号 3 first
    p = tmp_path / "a.pdf"
    p.write_bytes(make_pdf([page1, page2]))
    assert read_text(p).splitlines()[-3:] == ["3", "区财政局", "区发改局"]
    assert not read_text(p).splitlines()[0].endswith("3")


def test_pdf_spacing_and_page_number_forms(tmp_path):
    p = tmp_path / "a.pdf"
    p.write_bytes(make_pdf([["3", None, "印发日期：2019 年 1 月 8 日", "组 长:燕雪英 区委副书记", "第3页"],
                            ["责 任 单 位 ： 区 财 政 局", "- 4 -", None, "12"]]))
    assert read_text(p).splitlines() == ["印发日期：2019年1月8日", "组 长:燕雪英 区委副书记", "责任单位：区财政局"]


def test_pdf_ascii_text_layer(tmp_path):
    p = tmp_path / "a.pdf"
    p.write_bytes(make_pdf([["Plan 2024 (draft)", "Page 1 of 2"], ["Target: 46 patents per 10000 people", "-2-"]]))
    assert read_text(p).splitlines() == ["Plan 2024 (draft)", "Target: 46 patents per 10000 people"]


def test_pdf_scanned(tmp_path):
    p = tmp_path / "扫描件.pdf"
    p.write_bytes(make_pdf([[], []], drawing_only=True))
    with pytest.raises(ExtractError) as e:
        read_text(p)
    assert str(e.value) == "[E113] 扫描件.pdf: PDF has no text layer (scanned image?); run OCR first"


@pytest.mark.parametrize("cut", [0.3, 0.7, 0.98])
def test_pdf_truncated(tmp_path, cut):
    data = make_pdf([["一、总体要求", "正文内容"]])
    p = tmp_path / "a.pdf"
    p.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(ExtractError) as e:
        read_text(p)
    assert code_of(e) == "E111" and "a.pdf: cannot open PDF" in str(e.value)


def test_pdf_not_pdf(tmp_path):
    p = tmp_path / "a.pdf"
    p.write_text("一、总体要求", encoding="utf-8")
    with pytest.raises(ExtractError, match=r"\[E111\] a.pdf: cannot open PDF \(it does not start with %PDF"):
        read_text(p)


def _encrypted(user: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Plan 2024", "一、总体要求"]]))))
    w.encrypt(user_password=user, owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_pdf_password_protected(tmp_path):
    p = tmp_path / "a.pdf"
    p.write_bytes(_encrypted("secret"))
    with pytest.raises(ExtractError, match=r"^\[E112\] a.pdf: PDF is password-protected"):
        read_text(p)


def test_pdf_owner_password_only_is_read(tmp_path):
    p = tmp_path / "a.pdf"
    p.write_bytes(_encrypted(""))
    assert read_text(p).splitlines() == ["Plan 2024", "一、总体要求"]


def test_pdf_without_suffix_is_sniffed(tmp_path):
    p = tmp_path / "download"
    p.write_bytes(make_pdf([["一、总体要求"]]))
    assert read_text(p) == "一、总体要求\n"


@pytest.mark.parametrize(
    "line,expected",
    [
        ("2019 年 1 月", "2019年1月"),
        ("增长 15 %以上", "增长15%以上"),
        ("区财政局 、区发改局 （ 配合 ）", "区财政局、区发改局（配合）"),
        ("组 长:燕雪英 区委副书记", "组 长:燕雪英 区委副书记"),
        ("燕 雪 英 区 委 副 书 记", "燕雪英区委副书记"),
        ("GDP growth 6%", "GDP growth 6%"),
        ("支持人工智能 OPC 发展，AI 编程", "支持人工智能OPC发展，AI编程"),
    ],
)
def test_fix_cjk_spacing(line, expected):
    assert fix_cjk_spacing(line) == expected


@pytest.mark.parametrize(
    "lines,expected",
    [
        (["- 1 -", "正文"], ["正文"]),
        (["正文", "— 12 —"], ["正文"]),
        (["正文", "第 3 页 共 9 页"], ["正文"]),
        (["7", "正文", "8"], ["正文"]),
        (["正文", "2", "更多正文"], ["正文", "2", "更多正文"]),
    ],
)
def test_page_numbers(lines, expected):
    assert page_lines("\n".join(lines)) == expected


def test_join_needs_enough_full_lines():
    line = "甲" * 28
    assert join_wrapped([line, "乙"]) == [line, "乙"]  # one full line says nothing about the page width


# --- .html ------------------------------------------------------------------------------------


PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>关于印发东营区知识产权工作方案的通知_东营区人民政府</title>
<script>var x = "首页";</script><style>p {{ color: red }}</style></head>
<body>
<div class="header"><a href="/">东营区人民政府</a></div>
<nav><a>首页</a> <a>政务公开</a> <a>政策文件</a></nav>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 政策文件</div>
<div class="article-wrap">
<h1>关于印发东营区知识产权工作方案的通知</h1>
<div class="info">发布时间：2024-03-01 【字体：大 中 小】</div>
<div id="zoom">
<p>各镇街、区直各部门：</p>
<p>　　现将《东营区知识产权工作方案》印发给你们，请认真贯彻执行。</p>
<p><strong>一、总体要求</strong></p>
<div>（一）到2026年，每万人有效发明专利拥有量达46件以上。<br>责任单位：区市场监管局、区财政局</div>
<table border="1"><tr><th>序号</th><th>任务</th><th>牵头单位</th></tr>
<tr><td>1</td><td>加大&nbsp;投入</td><td rowspan="2">区财政局</td></tr>
<tr><td>2</td><td>强化保护</td></tr></table>
<div class="share">分享到：微信 微博</div>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a>关于印发其他方案的通知</a></li></ul></div>
</div>
<div class="footer"><p>主办单位：东营区人民政府办公室</p><p>鲁ICP备05001234号 鲁公网安备 37050202000123号</p></div>
</body></html>
"""
PAGE_LINES = [
    "关于印发东营区知识产权工作方案的通知",
    "各镇街、区直各部门：",
    "现将《东营区知识产权工作方案》印发给你们，请认真贯彻执行。",
    "一、总体要求",
    "（一）到2026年，每万人有效发明专利拥有量达46件以上。",
    "责任单位：区市场监管局、区财政局",
    "序号 | 任务 | 牵头单位 |",
    "1 | 加大 投入 | 区财政局 |",
    "2 | 强化保护 |",
]


@pytest.mark.parametrize("charset,encoding", [("utf-8", "utf-8"), ("gb2312", "gb2312"), ("GBK", "gbk")])
def test_html_article_from_zoom(tmp_path, charset, encoding):
    p = tmp_path / "page.html"
    p.write_bytes(PAGE.format(charset=charset).encode(encoding))
    assert read_text(p).splitlines() == PAGE_LINES


def test_html_undeclared_gbk_detected(tmp_path):
    page = PAGE.format(charset="x").replace('<meta http-equiv="Content-Type" content="text/html; charset=x">', "")
    p = tmp_path / "page.htm"
    p.write_bytes(page.encode("gbk"))
    assert read_text(p).splitlines() == PAGE_LINES


def test_html_title_not_repeated(tmp_path):
    page = """<html><head><meta charset="utf-8"><title>东营区工作方案 - 东营区政府网</title></head><body>
    <div class="TRS_Editor"><p>东营区工作方案</p><p>一、总体要求</p><p>到2026年建成示范企业200家，全面完成各项目标任务。</p></div>
    <div id="footer">网站标识码：3705020001 备案号：鲁ICP备123号</div></body></html>"""
    p = tmp_path / "a.html"
    p.write_text(page, encoding="utf-8")
    assert read_text(p).splitlines() == ["东营区工作方案", "一、总体要求", "到2026年建成示范企业200家，全面完成各项目标任务。"]


def test_html_fallback_most_cjk_paragraphs(tmp_path):
    page = """<html><head><meta charset="utf-8"><title>通知</title></head><body>
    <div id="menu"><p>首页</p><p>机构</p></div>
    <div id="wrap"><div id="txt"><p>发布时间：2024-03-01 【字体：大 中 小】</p><p>一、总体要求</p>
    <p>各部门要加强协同配合，形成工作合力，扎实推进工作。</p><p>加强文物收藏</p>
    <p>打印本页</p><p>【关闭窗口】</p></div></div>
    <div><p>版权所有：东营区人民政府</p></div></body></html>"""
    p = tmp_path / "a.html"
    p.write_text(page, encoding="utf-8")
    assert read_text(p).splitlines() == [
        "通知", "一、总体要求", "各部门要加强协同配合，形成工作合力，扎实推进工作。", "加强文物收藏",
    ]


def test_html_without_text(tmp_path):
    p = tmp_path / "a.html"
    p.write_text("<html><head><script>var a=1;</script></head><body><img src='x.png'></body></html>", encoding="utf-8")
    with pytest.raises(ExtractError, match=r"\[E116\] a.html: no article text"):
        read_text(p)


# --- small parts --------------------------------------------------------------------------------


def test_table_row_format():
    assert table_row(["属性", "专业属性", "其他", ""]) == "属性 | 专业属性 | 其他 | |"
    assert table_row(["", "  "]) == ""
    assert split_table_row("属性 | 专业属性 | 其他 | |") == ["属性", "专业属性", "其他", ""]
    assert split_table_row("一、总体要求") is None


@pytest.mark.parametrize("n,text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (105, "一百零五"), (110, "一百一十")])
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def test_number_formats():
    assert [format_number(3, f) for f in ("decimal", "decimalEnclosedCircle", "upperLetter", "lowerRoman", "ideographTraditional")] == [
        "3", "③", "C", "iii", "丙",
    ]


@pytest.mark.parametrize("line", ["一、总体要求", "（一）工作目标", "(2)加强", "1.加大", "1、加大", "①建立", "第一条 总则", "附件：", "附件2"])
def test_numbering_markers(line):
    assert starts_with_marker(line)


@pytest.mark.parametrize("line", ["区财政局", "2024年底前", "1.5亿元", "一是加强"])
def test_not_numbering_markers(line):
    assert not starts_with_marker(line)


def test_supported_suffixes():
    assert {".txt", ".docx", ".doc", ".pdf", ".html", ".htm"} <= set(SUPPORTED_SUFFIXES)


def test_import_is_cheap():
    code = "import sys, extract.readers; print(sorted(m for m in ('docx','pypdf','bs4','charset_normalizer','lxml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


# --- property: anything in, str or ExtractError out ------------------------------------------------


_SEEDS: dict[str, bytes] = {}


def _seed(suffix: str, tmp: Path) -> bytes:
    if suffix not in _SEEDS:
        if suffix == ".docx":
            _SEEDS[suffix] = make_docx(tmp / "seed.docx").read_bytes()
        elif suffix == ".pdf":
            _SEEDS[suffix] = make_pdf([["一、总体要求", *wrap(P1)], ["- 2 -"]])
        elif suffix == ".doc":
            _SEEDS[suffix] = make_doc(DOC_PARAGRAPHS)
        elif suffix == ".html":
            _SEEDS[suffix] = PAGE.format(charset="gb2312").encode("gb2312")
        else:
            _SEEDS[suffix] = TEXT.encode("utf-16")
    return _SEEDS[suffix]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    suffix=st.sampled_from([".txt", ".docx", ".pdf", ".html", ".doc", ""]),
    how=st.sampled_from(["random", "prefix", "truncate", "flip"]),
    payload=st.binary(max_size=600),
    where=st.floats(0, 1),
)
def test_any_bytes_give_text_or_extract_error(tmp_path, suffix, how, payload, where):
    seed = _seed(suffix, tmp_path)
    cut = int(len(seed) * where)
    data = {
        "random": payload,
        "prefix": seed[:64] + payload,
        "truncate": seed[:cut],
        "flip": seed[:cut] + payload[:8] + seed[cut + len(payload[:8]) :],
    }[how]
    p = tmp_path / f"f{suffix}"
    p.write_bytes(data)
    try:
        out = read_text(p)
    except ExtractError as e:
        assert str(e).startswith("[E1") and p.name in str(e) and "\n" not in str(e)
    else:
        assert isinstance(out, str) and out.strip() and "\r" not in out
