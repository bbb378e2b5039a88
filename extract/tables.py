"""Task tables (任务分工表) whose rows arrive as lines: one cell a line, or cells
joined by ``|``. A table starts at a 序号 header; rows start at their 序号."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.model import Person, Task, UnitMention
from extract.rules import DEADLINE_LABELS, PERSON_LABELS, ROLE_LABELS
from extract.structure import Line
from extract.textnorm import strip_spaces
from extract.unitnames import is_catch_all, looks_like_unit, split_units

_HEADER_START = re.compile(r"^序\s*号$")
_ROW_NO = re.compile(r"^\d{1,3}$")
_NAME = re.compile(r"^[\u4e00-\u9fa5]{2,3}(?:[、,，][\u4e00-\u9fa5]{2,3})*$")


@dataclass
class Cell:
    text: str  # width-folded
    start: int
    end: int
    line: int
    offsets: list[int] | None = None  # text position of each character, for cells joined over lines


@dataclass
class Table:
    """A detected table: its number, header, rows, and the lines it covers."""

    number: int
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    lines: set[int] = field(default_factory=set)
    title: str = ""


def _cells(lines: list[Line]) -> list[Cell]:
    out = []
    for ln in lines:
        s = ln.norm.replace("\t", "|") if "\t" in ln.norm.strip() else ln.norm
        if "|" not in s:
            t = s.strip()
            if not t:
                continue
            out.append(Cell(t, ln.start + s.find(t) if t else ln.start, ln.start + s.find(t) + len(t), ln.index))
            continue
        pos = 0
        pieces = s.split("|")
        if len(pieces) > 1 and not pieces[-1].strip():
            pieces = pieces[:-1]  # "a | b |": the last bar closes the row
        for piece in pieces:
            t = piece.strip()
            off = s.find(t, pos) if t else pos
            out.append(Cell(t, ln.start + off, ln.start + off + len(t), ln.index))  # empty = a merged cell
            pos += len(piece) + 1
    return out


def _roles_in_cell(c: Cell) -> list[UnitMention] | None:
    """A cell that says roles itself (区城管局牵头，各街道办事处配合)."""
    from extract.responsibility import parse_assignment

    if c.offsets or not re.search(r"牵头|配合|协同|参与", c.text):
        return None
    asg = parse_assignment(c.text, c.start, False)
    return asg.units if asg and asg.units else None


def _piped(line: str) -> bool:
    """A row given on one line, cells apart by | or tabs."""
    return "|" in line or "\t" in line.strip()


def _ends_table(line: str) -> bool:
    """A numbered heading (一、 (一) 第一章) after a table is body text again."""
    from extract.numbering import match_marker

    m = match_marker(line)
    return m is not None and m.style in ("cn", "paren_cn", "chapter", "article", "part")


def _header_kind(h: str) -> str:
    h = strip_spaces(h)
    if any(p in h for p in PERSON_LABELS) or h.endswith(("领导", "责任人")):
        return "person"
    if h in ROLE_LABELS or h.endswith(("单位", "部门", "主体")):
        return "unit"
    if any(h.startswith(d) or h.endswith(d) for d in DEADLINE_LABELS) or h in ("时限", "完成时限"):
        return "deadline"
    if "情况" in h or h in ("是否达序", "是否达标", "说明", "备注", "分值", "分数", "权重") \
            or h.startswith(("评分", "计分", "考核方式", "考核办法", "扣分")):
        return "other"
    return "task"


def _unit_role(h: str) -> str:
    h = strip_spaces(h)
    if h in ROLE_LABELS and ROLE_LABELS[h]:
        return ROLE_LABELS[h]
    if "牵头" in h:
        return "lead"
    if h.startswith(("配合", "协同", "参与")):
        return "cooperate"
    return "responsible"


def find_tables(lines: list[Line]) -> list[Table]:
    """Every task table (序号 tables and box-drawn ones), numbered in document order."""
    found = [(min(t.lines) if t.lines else 0, t) for t in find_numbered_tables(lines)] + find_box_tables(lines)
    taken = set().union(*(t.lines for _, t in found)) if found else set()
    found += [(first, t) for first, t in find_indicator_tables(lines) if first not in taken]
    found.sort(key=lambda x: x[0])
    for k, (_, t) in enumerate(found, 1):
        t.number = k
    return [t for _, t in found]


def find_numbered_tables(lines: list[Line]) -> list[Table]:
    """Tables with a 序号 column, in document order."""
    cells = _cells(lines)
    tables: list[Table] = []
    i = 0
    while i < len(cells):
        if not _HEADER_START.match(strip_spaces(cells[i].text)):
            i += 1
            continue
        header, j = [], i + 1
        while j < len(cells) and cells[j].text and not _ROW_NO.match(cells[j].text) and len(cells[j].text) <= 16:
            header.append(strip_spaces(cells[j].text))
            j += 1
        if not header or j >= len(cells) or not _ROW_NO.match(cells[j].text):
            i += 1
            continue
        title_line = cells[i].line - 1
        while title_line >= 0 and not lines[title_line].stripped:
            title_line -= 1
        table = Table(len(tables) + 1, header, title=lines[title_line].stripped if title_line >= 0 else "")
        table.lines.update(range(cells[i].line, cells[j].line))
        row: list[Cell] = []
        expect = None
        piped = _piped(lines[cells[i].line].norm)
        while j < len(cells):
            c = cells[j]
            if _HEADER_START.match(strip_spaces(c.text)) or re.match(r"^附\s*件\s*\d*$", c.text):
                break
            ln = lines[c.line]
            if piped and not _piped(ln.norm) and not _ends_table(ln.norm):
                break
            if c.start == ln.start + len(ln.norm) - len(ln.norm.lstrip()) and _ends_table(ln.norm):
                nxt = cells[j + 1].text if j + 1 < len(cells) else ""
                if not _ROW_NO.match(nxt.split("|")[0].strip()):
                    break  # a heading after the table: body text again
                if row:  # a section row inside the table (一、补齐市政设施短板): the rows go on
                    table.rows.append(row)
                row, expect = [], None
                table.lines.add(c.line)
                j += 1
                continue
            first_in_line = j == 0 or cells[j - 1].line != c.line
            if _ROW_NO.match(c.text) and (expect is None or int(c.text) in (expect, 1)) \
                    and (first_in_line or not piped):
                if row:
                    table.rows.append(row)
                row, expect = [c], int(c.text) + 1
            else:
                row.append(c)
            table.lines.add(c.line)
            j += 1
        if row:
            table.rows.append(row)
        tables.append(table)
        i = j
    return tables


def table_rows(table: Table) -> list[tuple[Task, list[Person], list[Cell]]]:
    """Each row as a task (path T<k>.<序号>), its people, and its text cells."""
    kinds = [_header_kind(h) for h in table.header]
    unit_cols = [h for h, k in zip(table.header, kinds) if k == "unit"]
    person_cols = [h for h, k in zip(table.header, kinds) if k == "person"]
    out = []
    for row in table.rows:
        no, cells = row[0], row[1:]
        task_cell: Cell | None = None
        texts: list[Cell] = []
        units: list[UnitMention] = []
        people: list[Person] = []
        deadline = None
        unit_i = 0
        aligned = len(cells) == len(table.header)  # every column present: read cells by position
        for col, c in enumerate(cells):
            if not c.text:
                continue
            kind = kinds[col] if aligned else None
            if aligned and kind in ("other", "deadline"):
                deadline = deadline or (c.text if kind == "deadline" else None)
                continue
            if aligned and kind == "unit":
                unit_i = unit_cols.index(table.header[col])
            pieces = split_units(c.text, 0)
            if c.offsets:
                pieces = [(n, c.offsets[a], c.offsets[b - 1] + 1) for n, a, b in pieces]
            else:
                pieces = [(n, c.start + a, c.start + b) for n, a, b in pieces]
            written = _roles_in_cell(c) if unit_cols else None
            if written:
                unit_i += 1
                units += written
            elif pieces and all(looks_like_unit(n) or is_catch_all(n) for n, _, _ in pieces) and unit_cols:
                role = _unit_role(unit_cols[min(unit_i, len(unit_cols) - 1)])
                unit_i += 1
                units += [UnitMention(n, role, a, b) for n, a, b in pieces if not is_catch_all(n)]
            elif deadline is None and task_cell is not None and len(c.text) <= 20 \
                    and re.search(r"\d{4}|年|月|底|前|长期|持续|全年|年内|季度", c.text):
                deadline = c.text
            elif person_cols and _NAME.match(strip_spaces(c.text)) and len(strip_spaces(c.text)) <= 3:
                people.append(Person(strip_spaces(c.text), person_cols[0], [], None, None, c.start, c.end))
            elif len(c.text) > 3:
                task_cell = task_cell or c
                if not units and not people:  # description columns stand before the responsibility ones
                    texts.append(c)
        if task_cell is None or not units:
            continue
        path = f"T{table.number}.{no.text}"
        heading = re.split(r"[。;；]", task_cell.text)[0]
        if len(heading) > 30:
            heading = re.split(r"[,，]", heading)[0]
        task = Task(path=path, heading=heading.strip(), text=task_cell.text, units=units, deadline=deadline,
                    start=no.start, end=max(c.end for c in row), table=table.number)
        out.append((task, people, texts))
    return out


# ---- box-drawn tables (┌─┬─┐ │ ├─┼─┤): cells wrap over lines, merged cells span rows ----

_BOX_SPLIT = re.compile(r"[│┃├┤┼┬┴┌┐└┘╋┣┫┳┻]")
_BOX_LINE = re.compile(r"^\s*[│┃├┌└┣╋]")
_BORDER = re.compile(r"^[─━═\s]+$")
_SUB_ITEM = ("△", "▲", "●", "·", "○", "◆", "-", "—")


def _box_cells(s: str) -> list[str]:
    parts = _BOX_SPLIT.split(s.strip())
    if parts and parts[0] == "":
        parts = parts[1:]
    if parts and parts[-1].strip() == "":
        parts = parts[:-1]
    return parts


def find_box_tables(lines: list[Line]) -> list[tuple[int, Table]]:
    """Box-drawn tables as (first line, Table) with one synthetic row per task-column
    heading block; other columns' blocks are given to rows in order (a merged cell
    that spans the rest applies to every later row)."""
    out = []
    i = 0
    while i < len(lines):
        if not lines[i].stripped.startswith(("┌", "┏")):
            i += 1
            continue
        first = i
        ncols = None
        blocks: list[list[list[tuple[str, int]]]] = []  # per column: blocks of (text, offset)
        j = i + 1
        while j < len(lines) and _BOX_LINE.match(lines[j].norm) and not lines[j].stripped.startswith(("└", "┗")):
            cells = _box_cells(lines[j].norm)
            if ncols is None:
                ncols = len(cells)
                blocks = [[[]] for _ in range(ncols)]
            if len(cells) == ncols:
                pos = lines[j].norm.find(cells[0]) if cells[0] else 0
                for c, text in enumerate(cells):
                    off = lines[j].start + lines[j].norm.find(text, pos) if text.strip() else lines[j].start
                    pos = max(pos, off - lines[j].start + len(text))
                    if _BORDER.match(text) and ("─" in text or "━" in text):
                        if blocks[c][-1]:
                            blocks[c].append([])
                    elif text.strip():
                        lead = len(text) - len(text.lstrip())
                        piece = text.strip()
                        blocks[c][-1].append((piece, off + lead))
            j += 1
        i = j + 1
        if not ncols:
            continue
        cols = [[b for b in col if b] for col in blocks]
        if not all(cols):
            continue
        header = [strip_spaces("".join(t for t, _ in col[0])) for col in cols]
        kinds = [_header_kind(h) for h in header]
        if "task" not in kinds:
            continue
        task_col = kinds.index("task")
        heads: list[list[tuple[str, int]]] = []
        for blk in cols[task_col][1:]:
            if blk[0][0].startswith(_SUB_ITEM) and heads:
                continue
            heads.append(blk)
        table = Table(0, header, lines=set(range(first, j + 1)))
        for k, head in enumerate(heads):
            row = [Cell(str(k + 1), head[0][1], head[0][1], first)]
            for c, col in enumerate(cols):
                body = col[1:]
                if c == task_col or not body:
                    blk = head if c == task_col else None
                else:
                    blk = body[min(k, len(body) - 1)]
                if blk:
                    chars = [(ch, off + i) for t, off in blk for i, ch in enumerate(t) if not ch.isspace()]
                    row.append(Cell("".join(ch for ch, _ in chars), blk[0][1], blk[-1][1] + len(blk[-1][0]), first,
                                    [o for _, o in chars]))
            table.rows.append(row)
        out.append((first, table))
    return out


# ---- indicator tables without 序号: 指标 | 单位 | 2025年 | 2027年 | 责任单位 ----

def find_indicator_tables(lines: list[Line]) -> list[tuple[int, Table]]:
    """Tables given as ``a | b | c`` rows whose header has a unit column and no 序号:
    each row is a task numbered in row order; value columns hold its targets (extract.targets.table_targets)."""
    out = []
    i = 0
    while i < len(lines):
        cells = [c.strip() for c in lines[i].norm.split("|")]
        if cells and not cells[-1]:
            cells = cells[:-1]
        kinds = [_header_kind(c) for c in cells]
        if len(cells) < 3 or "unit" not in kinds or any(_HEADER_START.match(strip_spaces(c)) for c in cells) \
                or any(len(c) > 16 or not c for c in cells):
            i += 1
            continue
        table = Table(0, [strip_spaces(c) for c in cells], lines={i},
                      title=next((ln.stripped for ln in reversed(lines[max(0, i - 3):i]) if ln.stripped), ""))
        j = i + 1
        while j < len(lines) and "|" in lines[j].norm:
            row = _cells([lines[j]])
            if len(row) == len(cells):
                table.rows.append([Cell(str(len(table.rows) + 1), row[0].start, row[0].start, j)] + row)
                table.lines.add(j)
            j += 1
        if table.rows:
            out.append((i, table))
        i = j
    return out
