"""Word .docx: body paragraphs and tables in document order, automatic numbering written out.

Headers, footers, footnotes, comments, deleted revisions, hidden text and text boxes are
left out. A table row becomes one line (cells each followed by " |"); a merged cell
appears once (a horizontally merged cell is one ``w:tc``, a vertically merged one is
empty in the rows it continues into).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from extract.readers_common import Errors, Limits, fail, join_lines, sniff, table_row
from extract.readers_numbering import format_number

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def q(tag: str) -> str:
    """Clark name of a ``w:`` tag."""
    return f"{{{W}}}{tag}"


def _val(el, default: str | None = None) -> str | None:
    return default if el is None else el.get(q("val"), default)


#: subtrees whose text is not part of the visible body text
SKIP_TAGS = frozenset(
    {
        q("del"), q("moveFrom"), q("instrText"), q("delInstrText"), q("rPr"), q("pPr"),
        q("txbxContent"), q("footnoteReference"), q("endnoteReference"), q("commentReference"),
        f"{{{MC}}}Fallback",
    }
)
#: tags that stand for one character
CHAR_TAGS = {q("tab"): "\t", q("br"): "\n", q("cr"): "\n", q("noBreakHyphen"): "-"}
#: wrappers around block content (paragraphs, tables, rows or cells)
WRAPPER_TAGS = frozenset({q("sdt"), q("customXml"), q("sdtContent")})

from extract.readers_common import ENCRYPTED_MARK  # noqa: E402,F401 (also importable from here)


# --- numbering -------------------------------------------------------------------------


@dataclass
class Level:
    """One level of a list definition (``w:lvl``)."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    suff: str = "tab"
    restart: int | None = None
    legal: bool = False
    style: str | None = None


def _level(lvl) -> Level:
    start = _val(lvl.find(q("start")))
    restart = _val(lvl.find(q("lvlRestart")))
    legal = lvl.find(q("isLgl"))
    return Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        fmt=_val(lvl.find(q("numFmt")), "decimal") or "decimal",
        text=_val(lvl.find(q("lvlText")), "") or "",
        suff=_val(lvl.find(q("suff")), "tab") or "tab",
        restart=int(restart) if restart and restart.isdigit() else None,
        legal=legal is not None and _val(legal, "1") not in ("0", "false"),
        style=_val(lvl.find(q("pStyle"))),
    )


def _ilvl(text: str | None) -> int:
    return int(text) if text and text.isdigit() and int(text) < 9 else 0


@dataclass
class Numbering:
    """Word's list numbering, replayed in document order to write out each label."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = field(default_factory=dict)
    style_num: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    style_parent: dict[str, str] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    seen_nums: set[str] = field(default_factory=set)

    @classmethod
    def from_parts(cls, numbering_el, styles_el) -> "Numbering":
        """Read ``numbering.xml`` and ``styles.xml`` (either may be None)."""
        n = cls()
        if numbering_el is not None:
            for a in numbering_el.iterfind(q("abstractNum")):
                aid = a.get(q("abstractNumId"))
                n.abstract[aid] = {_ilvl(lv.get(q("ilvl"))): _level(lv) for lv in a.iterfind(q("lvl"))}
            for num in numbering_el.iterfind(q("num")):
                starts: dict[int, int] = {}
                levels: dict[int, Level] = {}
                for ov in num.iterfind(q("lvlOverride")):
                    i = _ilvl(ov.get(q("ilvl")))
                    so = _val(ov.find(q("startOverride")))
                    if so and so.isdigit():
                        starts[i] = int(so)
                    lv = ov.find(q("lvl"))
                    if lv is not None:
                        levels[i] = _level(lv)
                n.nums[num.get(q("numId"))] = (_val(num.find(q("abstractNumId"))) or "", starts, levels)
        if styles_el is not None:
            for st in styles_el.iterfind(q("style")):
                sid = st.get(q("styleId"))
                based = _val(st.find(q("basedOn")))
                if based:
                    n.style_parent[sid] = based
                numpr = st.find(f"{q('pPr')}/{q('numPr')}")
                if numpr is not None:
                    il = _val(numpr.find(q("ilvl")))
                    n.style_num[sid] = (_val(numpr.find(q("numId"))), _ilvl(il) if il else None)
        return n

    def _style_numpr(self, style: str | None) -> tuple[str | None, int | None]:
        seen = set()
        while style and style not in seen:
            seen.add(style)
            if style in self.style_num:
                return self.style_num[style]
            style = self.style_parent.get(style)
        return None, None

    def label(self, p) -> tuple[str, str]:
        """The list label of paragraph ``p`` and its suffix kind ("" when not numbered)."""
        ppr = p.find(q("pPr"))
        if ppr is None:
            return "", ""
        style = _val(ppr.find(q("pStyle")))
        numpr = ppr.find(q("numPr"))
        num_id = ilvl = None
        if numpr is not None:
            num_id = _val(numpr.find(q("numId")))
            il = _val(numpr.find(q("ilvl")))
            ilvl = _ilvl(il) if il else None
        if num_id is None:
            num_id, style_ilvl = self._style_numpr(style)
            ilvl = ilvl if ilvl is not None else style_ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return "", ""
        aid, starts, over = self.nums[num_id]
        levels = {**self.abstract.get(aid, {}), **over}
        if ilvl is None:
            ilvl = next((i for i, lv in levels.items() if style and lv.style == style), 0)
        if ilvl not in levels:
            return "", ""
        counts = self.counters.setdefault(aid, {})
        if num_id not in self.seen_nums:
            self.seen_nums.add(num_id)
            for i, s in starts.items():
                counts[i] = s - 1
                for deeper in [d for d in counts if d > i]:
                    del counts[deeper]
        lvl = levels[ilvl]
        counts[ilvl] = counts.get(ilvl, lvl.start - 1) + 1
        for deeper in [d for d in counts if d > ilvl]:
            if levels.get(deeper, Level()).restart != 0:
                del counts[deeper]
        if lvl.fmt in ("bullet", "none"):
            return "", ""
        text = lvl.text
        for k in range(9, 0, -1):
            token = f"%{k}"
            if token in text:
                lv = levels.get(k - 1, Level())
                value = counts.get(k - 1, lv.start)
                fmt = "decimal" if lvl.legal and k - 1 < ilvl else lv.fmt
                text = text.replace(token, format_number(value, fmt))
        return text, lvl.suff


# --- text --------------------------------------------------------------------------------


def _hidden(run) -> bool:
    vanish = run.find(f"{q('rPr')}/{q('vanish')}")
    return vanish is not None and _val(vanish, "1") not in ("0", "false")


def _inline_text(el, out: list[str]) -> None:
    """Append the visible text under ``el`` (inside a paragraph) to ``out``."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS:
            continue
        if tag == q("t"):
            out.append(child.text or "")
        elif tag in CHAR_TAGS:
            out.append(CHAR_TAGS[tag])
        elif tag == q("r") and _hidden(child):
            continue
        else:
            _inline_text(child, out)


@dataclass
class DocxText:
    """Walks a document body and yields its lines."""

    numbering: Numbering

    def paragraph(self, p) -> str:
        """The paragraph's text, its list label in front."""
        parts: list[str] = []
        _inline_text(p, parts)
        text = "".join(parts)
        label, suff = self.numbering.label(p)
        if label and text.strip():
            body = text.lstrip()
            joint = "" if suff == "nothing" or not body[:1].isascii() else " "
            text = label + joint + body
        return text

    def cell(self, tc) -> str:
        """A table cell's text on one line (a nested table's cells joined by spaces)."""
        return " ".join(line for line in (x.strip() for x in self.blocks(tc, in_cell=True)) if line)

    def row_cells(self, tr) -> list[str]:
        """The texts of a table row's cells, each merged cell once."""
        cells = []
        for tc in self._children(tr, q("tc")):
            merge = tc.find(f"{q('tcPr')}/{q('hMerge')}")
            if merge is not None and _val(merge) == "continue":
                continue
            cells.append(self.cell(tc))
        return cells

    def _children(self, el, tag: str) -> Iterator:
        for child in el:
            if child.tag == tag:
                yield child
            elif child.tag in WRAPPER_TAGS:
                yield from self._children(child, tag)

    def blocks(self, el, in_cell: bool = False) -> Iterator[str]:
        """Lines of the paragraphs and tables under ``el`` in document order."""
        for child in el:
            tag = child.tag
            if tag == q("p"):
                yield from self.paragraph(child).split("\n")
            elif tag == q("tbl"):
                for tr in self._children(child, q("tr")):
                    cells = self.row_cells(tr)
                    yield " ".join(cells) if in_cell else table_row(cells)
            elif tag in WRAPPER_TAGS:
                yield from self.blocks(child, in_cell)


def _numbering(document) -> Numbering:
    part = document.part
    numbering_el = styles_el = None
    try:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        numbering_el = part.part_related_by(RT.NUMBERING).element
    except (KeyError, AttributeError, NotImplementedError):
        pass
    try:
        styles_el = document.styles.element
    except (KeyError, AttributeError, NotImplementedError):
        pass
    return Numbering.from_parts(numbering_el, styles_el)


def check_archive(path: Path, data: bytes) -> None:
    """Refuse a .docx whose archive would inflate past :class:`Limits` (from its declared sizes).

    Python's zipfile never inflates an entry past its declared size, so checking the declared
    sizes bounds what python-docx can allocate.
    """
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        fail(path, Errors.E109, what=f"{type(e).__name__}: {str(e)[:120]}")
    if len(infos) > Limits.DOCX_MAX_ENTRIES:
        fail(path, Errors.E132, kind=".docx", what=f"{len(infos):,} files in the archive > {Limits.DOCX_MAX_ENTRIES:,}")
    total = sum(i.file_size for i in infos)
    if total > Limits.DOCX_MAX_TOTAL:
        fail(path, Errors.E132, kind=".docx",
             what=f"{total / 1e6:,.0f} MB uncompressed > {Limits.DOCX_MAX_TOTAL / 1e6:g} MB")
    for i in infos:
        if i.filename.lower().endswith((".xml", ".rels")) and i.file_size > Limits.DOCX_MAX_PART:
            fail(path, Errors.E132, kind=".docx",
                 what=f"{i.filename} is {i.file_size / 1e6:,.0f} MB of XML > {Limits.DOCX_MAX_PART / 1e6:g} MB")


def read_docx(path: Path, data: bytes) -> str:
    """The text of a .docx file (a .doc or web page saved under .docx is read as what it is)."""
    kind = sniff(data)  # a .doc or web page saved under .docx was sent elsewhere by extract.readers
    if kind == "ole" and ENCRYPTED_MARK in data:
        fail(path, Errors.E110)
    if kind not in ("docx", "zip"):
        what = f"it is {kind.upper()} data" if kind else "it is not a ZIP package"
        fail(path, Errors.E109, what=what)
    check_archive(path, data)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        walker = DocxText(_numbering(document))
        text = join_lines(walker.blocks(body))
    except Exception as e:  # python-docx, zipfile and lxml raise many kinds
        fail(path, Errors.E109, what=f"{type(e).__name__}: {str(e)[:120]}")
    if not text:
        fail(path, Errors.E117, what="no paragraphs or tables with text; images only?")
    return text
