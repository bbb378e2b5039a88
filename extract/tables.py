"""Task tables (任务分工表) whatever their serialisation: one cell a line (Word pasted as
text), ``a | b | c`` rows (web pages, tabs, markdown, closing bars, cells wrapped over lines),
cells apart by spaces, and box characters (┌─┬─┐).

Each reader rebuilds the grid from the header: label words split by spaces or over lines
are joined (:func:`join_header`, with the number of columns taken from the rows), each column
is classified by the shared label reader (:func:`_header_kind`: units and their role, people,
deadlines, progress, groupings), then the rows are read (:func:`table_rows`): by column when a
row's cells fit their columns, otherwise by content. A row with a 序号 gets the path
``T<k>.<序号>``; a table without one numbers rows by the ``1、`` opening a cell, else in order.
A malformed table is dropped, never the document."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extract.labels import read_label
from extract.model import Person, Task, UnitMention
from extract.rules import DEADLINE_LABELS, HEADER_BARE_HEADS, HEADER_HEADS, PERSON_HEADER_HEADS, PERSON_LABELS, \
    UNIT_HEADER_HEADS
from extract.structure import Line
from extract.textnorm import strip_spaces
from extract.unitnames import clean_unit, is_catch_all, looks_like_unit, split_units

_HEADER_START = re.compile(r"^(?:序\s*号|编\s*号)$")
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


_RULE_LINE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _row_line(s: str) -> bool:
    """A row given on one line: cells apart by | or tabs (not one cell closed by a bar)."""
    t = s.strip().strip("|").strip()
    return "|" in t or "\t" in t


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
        if _RULE_LINE.match(s):
            continue  # |---|---| under a markdown header
        pos = 0
        pieces = s.split("|")
        if len(pieces) > 1 and not pieces[-1].strip():
            pieces = pieces[:-1]  # "a | b |": the last bar closes the row
        if len(pieces) > 2 and not pieces[0].strip() and s.lstrip().startswith("|") and s.rstrip().endswith("|"):
            pos = len(pieces[0]) + 1  # "| a | b |" (markdown): the first bar opens the row
            pieces = pieces[1:]
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


@lru_cache(maxsize=4096)
def _header_kind(h: str) -> str:
    """What a column holds, from its label: unit, person, deadline, group, other or task.
    Role labels are read by the shared label reader (extract.labels)."""
    h = strip_spaces(h)
    label = read_label(h)
    if any(p in h for p in PERSON_LABELS) or h.endswith(PERSON_HEADER_HEADS) or label and label.kind == "person":
        return "person"
    if label or h.endswith(UNIT_HEADER_HEADS):
        return "unit"
    if any(h.startswith(d) or h.endswith(d) for d in DEADLINE_LABELS) or h in ("时限", "完成时限") \
            or re.search(r"(?:完成|办结)(?:期限|时限|时间)$", h):
        return "deadline"
    if "情况" in h or h in ("是否达序", "是否达标", "说明", "备注", "分值", "分数", "权重") \
            or h.startswith(("评分", "计分", "考核方式", "考核办法", "扣分")):
        return "other"
    if h.endswith(("类别", "分类", "类型", "领域")):
        return "group"
    return "task"


@lru_cache(maxsize=4096)
def _unit_role(h: str) -> str:
    """The role a unit column gives its units, read by the shared label reader
    (责任单位或牵头单位 commits to no role: responsible)."""
    h = strip_spaces(h)
    label = read_label(h)
    if label and label.role:
        return label.role
    if "牵头" in h:
        return "lead"
    if h.startswith(("配合", "协同", "参与", "参加", "协助", "协办", "支撑")):
        return "cooperate"
    return "responsible"


def _has_head(label: str) -> bool:
    return label.endswith(HEADER_HEADS)


def join_header(fragments: list[str], ncols: int | None = None) -> list[str]:
    """Column labels from header fragments that a serialisation split (责任 / 领导 → 责任领导).

    A fragment without a head word joins a following bare head (责任 + 单位); with the number of
    columns known from the rows, headless fragments join the next and bare heads the previous
    (攻坚目标 + 任务, 第二季度 + 完成情况) until the header has that many columns."""
    out: list[str] = []
    for f in (strip_spaces(x) for x in fragments):
        if not f:
            continue
        if out and f in HEADER_BARE_HEADS and not _has_head(out[-1]):
            out[-1] += f
        else:
            out.append(f)
    while ncols and len(out) > ncols:
        k = next((i for i in range(len(out) - 1) if not _has_head(out[i])), None)
        if k is None:
            k = next((i - 1 for i in range(1, len(out)) if out[i] in HEADER_BARE_HEADS), None)
        if k is None:
            break
        out[k:k + 2] = [out[k] + out[k + 1]]
    return out


def find_tables(lines: list[Line]) -> list[Table]:
    """Every task table (序号 tables and box-drawn ones), numbered in document order."""
    found = find_grid_tables(lines)  # columns apart by tabs or runs of spaces: read by column first
    grid = set().union(*(t.lines for _, t in found)) if found else set()
    found += [(min(t.lines) if t.lines else 0, t) for t in find_numbered_tables(lines) if not t.lines & grid]
    found += [(first, t) for first, t in find_box_tables(lines) if first not in grid]
    taken = set().union(*(t.lines for _, t in found)) if found else set()
    found += [(first, t) for first, t in find_indicator_tables(lines) + find_spaced_tables(lines)
              if first not in taken]
    found.sort(key=lambda x: x[0])
    for k, (_, t) in enumerate(found, 1):
        t.number = k
    return [t for _, t in found]


_TABLE_ERRORS = (IndexError, ValueError, KeyError)  # a malformed table is lost, not the document


def find_numbered_tables(lines: list[Line]) -> list[Table]:
    """Tables with a 序号 column, in document order."""
    cells = _cells(lines)
    tables: list[Table] = []
    i = 0
    while i < len(cells):
        if not _HEADER_START.match(strip_spaces(cells[i].text)):
            i += 1
            continue
        try:
            table, j = _numbered_table(cells, lines, i, len(tables) + 1)
        except _TABLE_ERRORS:
            table, j = None, i + 1
        if table is None:
            i += 1
            continue
        tables.append(table)
        i = max(j, i + 1)
    return tables


def _pre_columns(cells: list[Cell], lines: list[Line], i: int) -> list[int]:
    """Indexes of header cells before 序号 (分类 | 序号, 任务类型 / 序号): labels of grouping columns."""
    out: list[int] = []
    k = i - 1
    piped = _piped(lines[cells[i].line].norm)
    while k >= 0 and len(out) < 3:
        c = cells[k]
        same_line = c.line == cells[i].line
        if piped != same_line or not c.text or len(c.text) > 8 or re.search(r"\d", c.text) \
                or not _has_head(strip_spaces(c.text)) or c.text.endswith(("表", "清单")) \
                or strip_spaces(c.text) in HEADER_BARE_HEADS:  # 情况: the end of a wrapped title
            break
        out.insert(0, k)
        k -= 1
    return out


def _numbered_table(cells: list[Cell], lines: list[Line], i: int, number: int) -> tuple[Table | None, int]:
    """The table whose 序号 header cell is cells[i], and the index of the first cell after it."""
    header, j = [], i + 1
    one_line = _row_line(lines[cells[i].line].norm)  # the header is one line: its cells end with it
    while j < len(cells) and cells[j].text and not _ROW_NO.match(cells[j].text) and len(cells[j].text) <= 16 \
            and not (one_line and cells[j].line != cells[i].line):
        header.append(strip_spaces(cells[j].text))
        j += 1
    pre = _pre_columns(cells, lines, i)
    no_pos = sum(1 for c in cells[max(0, i - 20):i] if c.line == cells[i].line)  # 序号's place in its line
    lead_in = 0  # group cells (行动一：…) of the columns before 序号 may stand before row 1
    while j < len(cells) and not _ROW_NO.match(cells[j].text) and j - lead_in < i + 40:
        if _ends_table(lines[cells[j].line].norm):  # a section row (一、粮食安全) before row 1
            j += 1
            continue
        if lead_in >= len(pre):
            break
        lead_in += 1
        j += 1
    if not header or j >= len(cells) or not _ROW_NO.match(cells[j].text):
        return None, i + 1
    first = cells[pre[0]].line if pre else cells[i].line
    title_line = first - 1
    while title_line >= 0 and not lines[title_line].stripped:
        title_line -= 1
    table = Table(number, header, title=lines[title_line].stripped if title_line >= 0 else "")
    table.lines.update(range(first, cells[j].line))
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
        in_line = next((k for k in range(20) if j - k - 1 < 0 or cells[j - k - 1].line != c.line), 20)
        if _ROW_NO.match(c.text) and (expect is None or int(c.text) in (expect, 1)) \
                and (in_line in (0, no_pos) or not piped):
            if row:
                table.rows.append(row)
            row, expect = [c], int(c.text) + 1
        else:
            row.append(c)
        table.lines.add(c.line)
        j += 1
    if row:
        table.rows.append(row)
    _fit_header(table, len(pre), piped)
    return table, j


def _fit_header(table: Table, pre: int, piped: bool) -> None:
    """Rebuild the header from what the rows hold: the usual number of cells after 序号 is the
    number of columns; header fragments beyond it are split labels (joined) or, where columns
    stand before 序号, the first row's group cells; a row's cells beyond it are the next row's."""
    counts = [len(r) - 1 for r in table.rows if len(r) > 1]
    if not counts:
        return
    ncols = max(set(counts), key=lambda n: (counts.count(n), n))
    header = table.header
    if pre and len(header) > ncols:
        header = header[:max(ncols, len(header) - pre)]
    table.header = join_header(header, ncols)
    n = len(table.header)
    if not piped:  # a PDF wraps a cell over lines, each of which arrives as a cell
        table.rows = [[r[0]] + _rejoin_wrapped(r[1:], n) if len(r) - 1 > n else r for r in table.rows]
    if pre:
        table.rows = [r[:n + 1] for r in table.rows]


_STOP_END = re.compile(r"[。；;：:！!？?）)】》」』〕\]”\"…]$")


@lru_cache(maxsize=4096)
def _unit_list(text: str) -> bool:
    pieces = split_units(text, 0)
    return bool(pieces) and not re.search(r"[。；;]", text) \
        and 2 * sum(1 for n, _, _ in pieces if _unit_like(n) or is_catch_all(n)) >= len(pieces)


def _wrapped(a: str, b: str) -> bool:
    """Whether cell b is the rest of cell a, wrapped: a does not end a sentence, and both are
    text, or a unit list broken inside a name (…区文化旅 / 游局、…)."""
    if not a or not b or _STOP_END.search(a):
        return False
    ua, ub = _unit_list(a), _unit_list(b)
    if ua and ub:
        last, first = split_units(a, 0)[-1][0], split_units(b, 0)[0][0]
        return a.endswith(("、", "，", ",")) or not _unit_like(last) or not _unit_like(first) \
            and _unit_like(last + first)
    return not ua and not ub


def _rejoin_wrapped(cells: list[Cell], n: int) -> list[Cell]:
    """A row with more cells than columns: neighbours that are one cell wrapped are joined."""
    cells = list(cells)
    while len(cells) > n:
        k = next((k for k in range(len(cells) - 1) if _wrapped(cells[k].text, cells[k + 1].text)), None)
        if k is None:
            break
        a, b = cells[k], cells[k + 1]
        offs = (a.offsets or list(range(a.start, a.end))) + (b.offsets or list(range(b.start, b.end)))
        cells[k:k + 2] = [Cell(a.text + b.text, a.start, b.end, a.line, offs)]
    return cells


def _unit_pieces(c: Cell) -> list[tuple[str, int, int]]:
    """Units in a cell: split at 、，/ and, where every piece is a unit, at spaces and line
    breaks (市规划局 市建设局); a name wrapped mid-word (区工 信局) stays one."""
    flat = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", c.text)]
    if len(flat) > 1 and all(looks_like_unit(clean_unit(w)) or is_catch_all(w) for w, _, _ in flat):
        pieces = [(n, a + s, b + s) for w, s, _ in flat for n, a, b in split_units(w, 0)]
    else:
        pieces = split_units(c.text, 0)
    if c.offsets:
        return [(n, c.offsets[a], c.offsets[b - 1] + 1) for n, a, b in pieces]
    return [(n, c.start + a, c.start + b) for n, a, b in pieces]


_BRACKET_ROLE = re.compile(r"^(?P<name>.+?)[(（\[［【](?P<role>[^()（）\[\]［］【】]{1,6})[)）\]］】]$")


def bracket_role(name: str) -> tuple[str, str | None]:
    """A unit with its role in brackets after it (县住建局（牵头）, 区财政局(配合)): the name and that role;
    otherwise the name and None."""
    from extract.labels import read_label, role_words_at_end

    m = _BRACKET_ROLE.match(name)
    if not m:
        return name, None
    word = strip_spaces(m.group("role"))
    role, at = role_words_at_end(word)
    label = read_label(word)
    role = role if role and at == 0 else label.role if label and label.kind == "unit" else None
    return (m.group("name").strip(), role) if role else (name, None)


def _column_units(c: Cell, role: str) -> list[UnitMention]:
    """The units of a cell in a unit column: the column's role, unless a unit says its own in brackets."""
    out = []
    for n, a, b in _unit_pieces(c):
        name, own = bracket_role(n)
        if _unit_like(name) and not is_catch_all(name):
            out.append(UnitMention(name, own or role, a, a + (b - a) - (len(n) - len(name))))
    return out


@lru_cache(maxsize=4096)
def _unit_like(name: str) -> bool:
    """A unit in a unit column: quotation marks inside a name (区“两旧”专班) are part of it."""
    return looks_like_unit(re.sub(r"[“”\"]", "", name))


def _fits(kind: str, c: Cell) -> bool:
    """Whether a cell's content agrees with its column (an empty cell agrees with any)."""
    if not c.text:
        return True
    if kind == "unit":
        return bool(_roles_in_cell(c)) or _unit_list(c.text) or _unit_list("、".join(
            bracket_role(n)[0] for n, _, _ in split_units(c.text, 0)))
    if kind == "person":
        return bool(_NAME.match(strip_spaces(c.text))) and not looks_like_unit(c.text)
    return True


def table_rows(table: Table) -> list[tuple[Task, list[Person], list[Cell]]]:
    """Each row as a task (path T<k>.<序号>), its people, and its text cells."""
    out = []
    above: Cell | None = None  # the task cell of the row above: a merged task cell spans down
    for row in table.rows:
        try:
            got = _row_task(table, row, above)
        except _TABLE_ERRORS:
            got = None
        if got:
            out.append(got)
            above = next((c for c in row[1:] if c.text == got[0].text), above)
    return out


def _row_task(table: Table, row: list[Cell], above: Cell | None = None) \
        -> tuple[Task, list[Person], list[Cell]] | None:
    kinds = [_header_kind(h) for h in table.header]
    unit_cols = [h for h, k in zip(table.header, kinds) if k == "unit"]
    person_cols = [h for h, k in zip(table.header, kinds) if k == "person"]
    no, cells = row[0], row[1:]
    task_cell: Cell | None = None
    texts: list[Cell] = []
    units: list[UnitMention] = []
    people: list[Person] = []
    deadline = None
    unit_i = 0
    # every column present and the unit and person columns hold units and names: read cells by column
    aligned = len(cells) == len(table.header) and all(_fits(kinds[col], c) for col, c in enumerate(cells))
    for col, c in enumerate(cells):
        if not c.text:
            continue
        if aligned:
            kind = kinds[col]
            if kind == "deadline":
                deadline = deadline or c.text
            elif kind == "unit":
                written = _roles_in_cell(c)
                if written:
                    units += written
                else:
                    units += _column_units(c, _unit_role(table.header[col]))
            elif kind == "person":
                name = strip_spaces(c.text)
                if _NAME.match(name):
                    people += [Person(n, table.header[col], [], None, None, c.start, c.end)
                               for n in re.split(r"[、,，]", name)]
            elif kind == "task" and len(c.text) > 3:
                task_cell = task_cell or c
                texts.append(c)
            continue
        pieces = _unit_pieces(c)
        written = _roles_in_cell(c) if unit_cols else None
        if written:
            unit_i += 1
            units += written
        elif pieces and all(looks_like_unit(bracket_role(n)[0]) or is_catch_all(n) for n, _, _ in pieces) \
                and unit_cols:
            role = _unit_role(unit_cols[min(unit_i, len(unit_cols) - 1)])
            unit_i += 1
            units += _column_units(c, role)
        elif deadline is None and task_cell is not None and len(c.text) <= 20 \
                and re.search(r"\d{4}|年|月|底|前|长期|持续|全年|年内|季度", c.text):
            deadline = c.text
        elif person_cols and _NAME.match(strip_spaces(c.text)) and len(strip_spaces(c.text)) <= 3:
            people.append(Person(strip_spaces(c.text), person_cols[0], [], None, None, c.start, c.end))
        elif len(c.text) > 3:
            task_cell = task_cell or c
            if not units and not people:  # description columns stand before the responsibility ones
                texts.append(c)
    if task_cell is None and aligned and units and any(not c.text for c, k in zip(cells, kinds) if k == "task"):
        task_cell = above  # its own 序号 and units under a merged task cell: the task above, again
    if task_cell is None or not units:
        return None
    from extract.responsibility import merge_units

    path = f"T{table.number}.{no.text}"
    task_cell = next((c for c in texts if (m := _ROW_MARK.match(c.text)) and m.group(1) == no.text), task_cell)
    heading = re.sub(r"(?<=[\u4e00-\u9fa5])\s+(?=[\u4e00-\u9fa5])", "", _ROW_MARK.sub("", task_cell.text))
    heading = re.split(r"[。;；]", heading)[0]
    if len(heading) > 30:
        heading = re.split(r"[,，]", heading)[0]
    task = Task(path=path, heading=heading.strip(), text=task_cell.text, units=merge_units(units), deadline=deadline,
                start=no.start, end=max(c.end for c in row), table=table.number)
    return task, people, texts


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
        try:
            got, i = _box_table(lines, i)
        except _TABLE_ERRORS:
            got, i = None, i + 1
        if got:
            out.append(got)
    return out


def _box_table(lines: list[Line], i: int) -> tuple[tuple[int, Table] | None, int]:
    """The box-drawn table opening at line i, and the line after it."""
    first = i
    ncols = None
    blocks: list[list[list[tuple[str, int]]]] = []  # per column: blocks of (text, offset)
    j = i + 1
    while j < len(lines) and _BOX_LINE.match(lines[j].norm) and not lines[j].stripped.startswith(("└", "┗")):
        cells = _box_cells(lines[j].norm)
        if not cells:
            j += 1
            continue
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
    nxt = j + 1
    if not ncols:
        return None, nxt
    cols = [[b for b in col if b] for col in blocks]
    if not all(cols):
        return None, nxt
    header = [strip_spaces("".join(t for t, _ in col[0])) for col in cols]
    kinds = [_header_kind(h) for h in header]
    if "task" not in kinds:
        return None, nxt
    task_col = kinds.index("task")
    heads: list[list[tuple[str, int]]] = []
    for blk in cols[task_col][1:]:
        if blk[0][0].startswith(_SUB_ITEM) and heads:
            continue
        heads.append(blk)
    table = Table(0, header, lines=set(range(first, min(j + 1, len(lines)))))
    numbered = bool(_HEADER_START.match(header[task_col])) and all(_ROW_NO.match(h[0][0]) for h in heads)
    starts = [h[0][1] for h in heads] + [float("inf")]
    for k, head in enumerate(heads):
        row = [Cell(head[0][0] if numbered else str(k + 1), head[0][1], head[0][1], first)]
        for c, col in enumerate(cols):
            body = col[1:]
            if c == task_col or not body:
                blk = head if c == task_col else None
            elif numbered:  # rows are the 序号 cells: a cell is its row's where it starts (a merged
                # cell is written once, in the first row it spans)
                blk = next((b for b in body if starts[k] <= b[0][1] < starts[k + 1]), None)
            else:
                blk = body[min(k, len(body) - 1)]
            if blk:
                chars = [(ch, off + i) for t, off in blk for i, ch in enumerate(t) if not ch.isspace()]
                row.append(Cell("".join(ch for ch, _ in chars), blk[0][1], blk[-1][1] + len(blk[-1][0]), first,
                                [o for _, o in chars]))
            elif numbered:
                row.append(Cell("", head[0][1], head[0][1], first))  # keeps the row aligned with its header
        table.rows.append(row)
    return (first, table), nxt


def _scan(lines: list[Line], reader) -> list[tuple[int, Table]]:
    """Every table ``reader(lines, i) -> (table or None, next line)`` finds, walking the lines once; a table
    the reader cannot make sense of is skipped, never an error."""
    out = []
    i = 0
    while i < len(lines):
        try:
            got, j = reader(lines, i)
        except _TABLE_ERRORS:
            got, j = None, i + 1
        if got:
            out.append((i, got))
        i = max(j, i + 1)
    return out


# ---- indicator tables without 序号: 指标 | 单位 | 2025年 | 2027年 | 责任单位 ----

def find_indicator_tables(lines: list[Line]) -> list[tuple[int, Table]]:
    """Tables given as ``a | b | c`` rows whose header has a unit column and no 序号 (indicator
    tables, web tables): rows numbered in order (or by the 1、 that opens each row's cell), a cell
    may wrap over lines (the row ends at its closing bar), a short row is placed where its
    cells fit their columns (merged cells on the left, a cut row's on the right)."""
    return _scan(lines, _piped_table)


def _split_bars(lines: list[Line], a: int, b: int) -> list[Cell]:
    """The cells of lines a..b-1 read as one row: the text between bars, line breaks kept."""
    start, end = lines[a].start, lines[b - 1].start + len(lines[b - 1].norm)
    text = "\n".join(ln.norm for ln in lines[a:b])
    if text.rstrip().endswith("|"):
        text = text[:text.rstrip().rfind("|")]
    out, pos = [], 0
    for piece in text.split("|"):
        t = piece.strip()
        off = text.find(t, pos) if t else pos
        out.append(Cell(t, start + off, min(end, start + off + len(t)), a))
        pos += len(piece) + 1
    return out


def _closed_at(lines: list[Line], j: int, limit: int = 12) -> int | None:
    """The line after the one that closes, with a bar at its end, the row opening at line j
    (a row whose cells wrap, the first line possibly without a bar); None when none does."""
    k = j
    while k < len(lines) and lines[k].stripped and k - j < limit and (k == j or not _ends_table(lines[k].norm)):
        if lines[k].norm.rstrip().endswith("|"):
            return k + 1 if any("|" in ln.norm for ln in lines[j:k + 1]) else None
        k += 1
    return None


def _piped_table(lines: list[Line], i: int) -> tuple[Table | None, int]:
    if "|" not in lines[i].norm:
        return None, i + 1
    end = i + 1
    if not lines[i].norm.rstrip().endswith("|"):  # a header wrapped over lines up to its closing bar
        end = _closed_at(lines, i, 4) or i + 1
    text = "".join(ln.norm for ln in lines[i:end])
    cells = [c.strip() for c in text.split("|")]
    closing = len(cells) > 1 and not cells[-1]
    if closing:
        cells = cells[:-1]
    kinds = [_header_kind(c) for c in cells]
    if len(cells) < 3 or "unit" not in kinds or any(_HEADER_START.match(strip_spaces(c)) for c in cells) \
            or any(len(strip_spaces(c)) > 16 or not c for c in cells):
        return None, i + 1
    header = [strip_spaces(c) for c in cells]
    table = Table(0, header, lines=set(range(i, end)),
                  title=next((ln.stripped for ln in reversed(lines[max(0, i - 3):i]) if ln.stripped), ""))
    n = len(header)
    j = end
    while j < len(lines) and not _ends_table(lines[j].norm):
        if closing:  # a row ends at the line that ends with its closing bar
            k = _closed_at(lines, j)
            if k is None:
                break
        else:  # a cell wrapped over the line break: two short lines that make one row
            if "|" not in lines[j].norm:
                break
            k = j + 1
            while k < len(lines) and "|" in lines[k].norm and len(_split_bars(lines, j, k)) < n \
                    and len(_split_bars(lines, j, k + 1)) == n and k - j < 12:
                k += 1
        row = [c for c in _split_bars(lines, j, k)]
        if 0 < len(row) <= n:
            row = _place(row, header)
            table.rows.append([Cell(str(len(table.rows) + 1), row[0].start, row[0].start, j)] + row)
            table.lines.update(range(j, k))
        j = k
    if not table.rows:
        return None, j
    _number_rows(table)
    return table, j


def _place(row: list[Cell], header: list[str]) -> list[Cell]:
    """A row with fewer cells than columns, padded where its cells fit their columns best;
    on a tie, more on the left (merged cells of grouping columns are the leftmost)."""
    n = len(header)
    if len(row) == n:
        return row
    kinds = [_header_kind(h) for h in header]

    def score(pad: int) -> int:
        total = 0
        for col, c in enumerate(row, pad):
            unitish = bool(c.text) and any(_unit_like(x) or is_catch_all(x) for x, _, _ in _unit_pieces(c))
            if kinds[col] == "unit":
                total += 1 if unitish else -1 if c.text else 0
            elif unitish:
                total -= 1
            if kinds[col] == "deadline" and re.search(r"\d{4}|年|月|底|前", c.text):
                total += 1
        return total

    pad = max(range(n - len(row) + 1), key=lambda p: (score(p), p))
    blank = Cell("", row[0].start, row[0].start, row[0].line)
    return [blank] * pad + row + [blank] * (n - len(row) - pad)


_ROW_MARK = re.compile(r"^(\d{1,3})\s*[、.．]")


def _number_rows(table: Table) -> None:
    """Rows without a 序号 column keep the number that opens one of their cells (1、…) when
    every row has one; otherwise their order."""
    nos = []
    for row in table.rows:
        m = next((m for c in row[1:] if (m := _ROW_MARK.match(c.text))), None)
        nos.append(m.group(1) if m else None)
    if all(nos) and len(set(nos)) == len(nos):
        for row, no in zip(table.rows, nos):
            row[0].text = no


# ---- tables whose cells are apart by spaces: 序号 类别 主要任务 牵头单位 参与单位 ----

_SPACED_ROW = re.compile(r"^\s*(\d{1,3})(?= |$|[\u4e00-\u9fa5])")  # a PDF glues 序号 to the cell after it


def find_spaced_tables(lines: list[Line]) -> list[tuple[int, Table]]:
    """Tables flattened with a space between cells (two spaces around a merged, empty cell): a
    header line of labels with 序号 and a unit column, then one line a row opening with its 序号.
    The unit, person and deadline columns at the right take one cell each from the right; the
    text columns share the rest (pieces of a cell wrapped at a space are joined back)."""
    return _scan(lines, _spaced_table)


def _spaced_table(lines: list[Line], i: int) -> tuple[Table | None, int]:
    s = lines[i].norm
    if "|" in s or "\t" in s.strip() or ("序号" not in s and "编号" not in s):
        return None, i + 1
    labels = join_header(s.split())  # 责任 单位 → 责任单位
    no_col = next((k for k, x in enumerate(labels[:2]) if _HEADER_START.match(x)), None)
    if len(labels) < 3 or no_col is None or any(len(x) > 10 or not _has_head(x) for x in labels):
        return None, i + 1
    kinds = [_header_kind(x) for x in labels]
    if "unit" not in kinds:
        return None, i + 1
    header = labels[:no_col] + labels[no_col + 1:]
    kinds = [_header_kind(x) for x in header]
    right = 0  # unit, person and deadline columns at the right end
    while right < len(header) and kinds[len(header) - 1 - right] in ("unit", "person", "deadline"):
        right += 1
    if not right:
        return None, i + 1
    title = next((ln.stripped for ln in reversed(lines[max(0, i - 4):i]) if ln.stripped), "")
    table = Table(0, header, lines={i}, title=title)
    j, expect = i + 1, 1
    while j < len(lines):
        ln = lines[j]
        if not ln.stripped:
            j += 1
            continue
        m = _SPACED_ROW.match(ln.norm)
        if not m or int(m.group(1)) not in (expect, 1) or "|" in ln.norm:
            break
        k = j + 1  # a row wrapped over lines (a PDF): the next lines until its last cell holds units
        while k < len(lines) and lines[k].stripped and k - j < 6 and not _ends_table(lines[k].norm) \
                and not _SPACED_ROW.match(lines[k].norm) and not _ends_in_units(lines[k - 1].norm):
            k += 1
        row = _spaced_row(lines, j, k, m, len(header) - right, right)
        if row is None:
            break
        table.rows.append(row)
        table.lines.update(range(j, k))
        expect = int(m.group(1)) + 1
        j = k
    if not table.rows:
        return None, i + 1
    return table, j


def _ends_in_units(line: str) -> bool:
    last = line.split()[-1] if line.split() else ""
    return any(_unit_like(n) for n, _, _ in split_units(last, 0))


_UNIT_TAIL = re.compile(r"(?<=[。；;])(?=[^。；;]+$)")


def _spaced_row(lines: list[Line], j: int, k: int, m: re.Match, left: int, right: int) -> list[Cell] | None:
    """[序号, cells...] of one spaced row on lines j..k-1, or None when it has too few cells.
    A line break counts as a space; a unit list glued to the sentence before it (…以内。市水利局)
    is a cell of its own."""
    base = lines[j].start
    text = "\n".join(ln.norm for ln in lines[j:k]).replace("\n", " ")
    pos, toks = m.end() + (text[m.end():m.end() + 1] == " "), []
    for piece in text[pos:].split(" "):
        cut = _UNIT_TAIL.search(piece)
        if cut and piece[cut.start():] and all(_unit_like(n) for n, _, _ in split_units(piece[cut.start():], 0)):
            toks += [(piece[:cut.start()], pos), (piece[cut.start():], pos + cut.start())]
        else:
            toks.append((piece, pos))
        pos += len(piece) + 1
    while toks and not toks[-1][0].strip():
        toks.pop()
    if len(toks) < right + 1:
        return None
    tail, head = toks[len(toks) - right:], toks[:len(toks) - right]
    head = [[t] for t in head]
    while len(head) > left:  # rejoin a cell wrapped at a space: the shortest adjacent pair of texts
        pairs = [k for k in range(len(head) - 1) if head[k][0][0] and head[k + 1][0][0]]
        if not pairs:
            head[left - 1:] = [[t for grp in head[left - 1:] for t in grp]]
            break
        k = min(pairs, key=lambda k: sum(len(t) for t, _ in head[k] + head[k + 1]))
        head[k:k + 2] = [head[k] + head[k + 1]]
    head = [[("", toks[0][1] if toks else pos)]] * (left - len(head)) + head
    cells = []
    for grp in head + [[t] for t in tail]:
        parts = [(t, o) for t, o in grp if t]
        if not parts:
            cells.append(Cell("", base + grp[0][1], base + grp[0][1], j))
            continue
        a, b = parts[0][1], parts[-1][1] + len(parts[-1][0])
        cells.append(Cell("".join(t for t, _ in parts), base + a, base + b, j,
                          [base + o + n for t, o in parts for n in range(len(t))]))
    no = Cell(m.group(1), base + m.start(1), base + m.end(1), j)
    return [no] + cells


# ---- column tables: cells apart by tabs or by runs of two or more spaces (a Word table pasted as text, a
# fixed-width listing). A wrapped cell goes on in a line of its own (indented, or with empty cells before it);
# a header repeated after a page break (its footer already dropped) carries the same table on; 序号 as written.

_GRID_TAB = re.compile(r"\t")
_GRID_CELL = re.compile(r"\S+(?:[ \u3000]\S+)*")  # text between runs of 2+ spaces (one space stays inside)
_CONTINUED_TITLE = re.compile(r"^[(（]?续表?\s*\d*[)）]?$")


def _width(s: str) -> int:
    """Display width: a Chinese character takes two columns of a fixed-width layout."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _grid_split(s: str, tabs: bool) -> list[tuple[str, int]]:
    """(text, offset) of each cell of a line: at every tab (an empty piece is an empty cell), or at runs
    of two or more spaces (only cells with text)."""
    if not tabs:
        return [(m.group(), m.start()) for m in _GRID_CELL.finditer(s)]
    out, pos = [], 0
    for piece in s.split("\t"):
        t = piece.strip()
        out.append((t, s.find(t, pos) if t else pos))
        pos += len(piece) + 1
    while out and not out[-1][0]:
        out.pop()
    return out


def _grid_header(s: str) -> tuple[list[str], list[int], bool] | None:
    """(labels, display columns, tabs) of a header line: three or more short labels with head words, one
    of them a unit column; 序号 (if any) first."""
    tabs = "\t" in s.strip()
    if not tabs and not re.search(r"\S[ \u3000]{2,}\S", s):
        return None
    cells = _grid_split(s.rstrip(), tabs)
    labels = [strip_spaces(t) for t, _ in cells]
    if len(labels) < 3 or any(not x or len(x) > 12 or not _has_head(x) for x in labels) \
            or any(_HEADER_START.match(x) for x in labels[1:]):
        return None
    kinds = [_header_kind(x) for x in labels]
    if "unit" not in kinds or not any(k == "task" and not _HEADER_START.match(x) for k, x in zip(kinds, labels)):
        return None
    return labels, [_width(s[:o]) for _, o in cells], tabs


def find_grid_tables(lines: list[Line]) -> list[tuple[int, Table]]:
    """Tables whose columns stand apart by tabs or by runs of spaces: a header line, rows one a line (opening
    with their 序号 where the header has one), the rest of a wrapped cell on a line that is indented (or
    whose first cells are empty), placed in the column it stands under; the header written again after a
    page break continues the table."""
    return _scan(lines, _grid_table)


def _grid_table(lines: list[Line], i: int) -> tuple[Table | None, int]:
    got = _grid_header(lines[i].norm)
    if got is None:
        return None, i + 1
    labels, anchors, tabs = got
    numbered = bool(_HEADER_START.match(labels[0]))
    header = labels[1:] if numbered else labels
    ncols = len(labels)
    title = next((ln.stripped for ln in reversed(lines[max(0, i - 3):i]) if ln.stripped), "")
    table = Table(0, header, lines={i}, title=title)
    rows: list[list[list[tuple[str, int]]]] = []  # per row, per column: pieces (text, text position)
    row_lines: list[int] = []
    j = i + 1
    last = i  # the last line the table holds
    while j < len(lines):
        ln = lines[j]
        s = ln.norm.rstrip()
        if not s.strip():
            j += 1
            continue
        cells = _grid_split(s, tabs)
        # a continuation stands under a text column: after a tab (in a tab table), or indented as far as the
        # first column after 序号 (a note indented by two spaces is not a cell)
        opens = bool(cells) and bool(cells[0][0]) and s[:1] not in (" ", "\t", "\u3000")
        indented = not opens and ("\t" in s if tabs else bool(cells)
                                  and _width(s[:cells[0][1]]) >= anchors[1 if numbered else 0] - 1)
        if [strip_spaces(t) for t, _ in cells] == labels or _CONTINUED_TITLE.match(s.strip()):
            last = j  # the header again after a page break (or 续表): the same table goes on
            j += 1
            continue
        if opens and (not numbered or _ROW_NO.match(cells[0][0])) and len(cells) >= 2:
            place = list(range(len(cells))) if len(cells) == ncols or tabs else \
                [min(range(ncols), key=lambda k: abs(anchors[k] - _width(s[:o]))) for _, o in cells]
            row: list[list[tuple[str, int]]] = [[] for _ in range(ncols)]
            for (t, o), k in zip(cells, place):
                if t:
                    row[min(k, ncols - 1)].append((t, ln.start + o))
            rows.append(row)
            row_lines.append(j)
            last = j
            j += 1
            continue
        if indented and rows and j == last + 1:  # the rest of a wrapped cell, under its column
            for t, o in cells:
                if not t:
                    continue
                k = cells.index((t, o)) if tabs else min(range(ncols), key=lambda k: abs(anchors[k] - _width(s[:o])))
                rows[-1][min(k, ncols - 1)].append((t, ln.start + o))
            last = j
            j += 1
            continue
        if _ends_table(s) and j + 1 < len(lines):
            nxt = _grid_split(lines[j + 1].norm.rstrip(), tabs)
            if nxt and _ROW_NO.match(nxt[0][0]) and numbered:  # a section row (一、交通) inside the table
                last = j
                j += 1
                continue
        break
    if not rows:
        return None, i + 1
    for r, (row, at) in enumerate(zip(rows, row_lines), 1):
        cells = [_grid_cell(pieces, lines[at]) for pieces in row]
        no = cells[0] if numbered else Cell(str(r), cells[0].start, cells[0].start, at)
        table.rows.append([no] + (cells[1:] if numbered else cells))
    table.lines.update(range(i, last + 1))
    if not numbered:
        _number_rows(table)
    return table, last + 1


def _grid_cell(pieces: list[tuple[str, int]], ln: Line) -> Cell:
    """One cell from its pieces over lines: a Chinese text wrapped mid-word joins with nothing between."""
    if not pieces:
        return Cell("", ln.start, ln.start, ln.index)
    if len(pieces) == 1:
        t, o = pieces[0]
        return Cell(t, o, o + len(t), ln.index)
    text = "".join(t for t, _ in pieces)
    offs = [o + n for t, o in pieces for n in range(len(t))]
    return Cell(text, offs[0], offs[-1] + 1, ln.index, offs)
