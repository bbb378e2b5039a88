"""File or text → :class:`Document`: the whole extraction in order."""
from __future__ import annotations

import re
from pathlib import Path

from extract.errors import ExtractError
from extract.model import Document, Person, Task, Target, UnitMention
from extract.metadata import extract_metadata
from extract.people import extract_people, table_members
from extract.personnames import is_person_name
from extract.references import find_references
from extract.responsibility import _NOTE_RX, find_assignments, find_carried, find_deadline, merge_units
from extract.structure import Node, ancestors, enclosing, find_parts, parse_sections, split_lines
from extract.tables import find_tables, indicator_targets, table_rows
from extract.targets import Context, find_targets
from extract.textnorm import fold, is_traditional, to_simplified

_YEAR_COL = re.compile(r"^(?:19|20)\d\d\s*年(?:目标值?|指标值?)?$")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年?")
_RANGE = re.compile(r"(?:19|20)\d\d\s*年?\s*[-—–~至到]\s*(?:19|20)\d\d")


def single_year(s: str) -> int | None:
    """The one year a heading or title names (2023年重点工作 → 2023); None for a period."""
    if not s or _RANGE.search(s):
        return None
    years = {int(y) for y in _YEAR.findall(s)}
    return years.pop() if len(years) == 1 else None


_PAGE_NUMBER = re.compile(r"^[ \t\u3000]*(?:[-—–－][ \t\u3000]*\d{1,4}[ \t\u3000]*[-—–－]|第\s*\d{1,4}\s*页"
                          r"(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)[ \t\u3000]*\n", re.M)


def drop_page_numbers(text: str) -> str:
    """Remove page-number lines (— 3 —, -3-, 第3页) that a PDF's text layer leaves in the
    middle of sentences; the result is the text every span refers to."""
    return _PAGE_NUMBER.sub("", text)


def extract_file(path: str | Path) -> Document:
    """Read a file (any supported format) and extract it."""
    from extract.readers import read_text

    p = Path(path)
    text = read_text(p)
    doc = extract_text(text, doc=p.stem, source=str(p))
    if not (doc.sections or doc.tasks or doc.people or doc.groups or doc.targets or doc.references):
        raise ExtractError(f"{p.name}: no policy-document structure found (no numbered headings, task table, "
                           "member list, targets or 《》 citations); check that this is a policy document", "E121")
    return doc


def extract_text(text: str, doc: str = "document", source: str = "") -> Document:
    """Extract a Document from text already read (lines separated by ``\\n``)."""
    if not isinstance(text, str):
        raise ExtractError(f"{doc}: expected text, got {type(text).__name__}", "E120")
    text = drop_page_numbers(text.replace("\r\n", "\n").replace("\r", "\n"))
    norm = fold(text)
    traditional = is_traditional(text)
    if traditional:  # match on simplified characters; report names as written
        norm = to_simplified(norm)
    lines = split_lines(text, norm)
    parts = find_parts(lines)
    meta = extract_metadata(lines, text)
    tables = find_tables(lines)
    table_lines = set().union(*(t.lines for t in tables)) if tables else set()
    nodes = parse_sections(lines, parts, skip=table_lines)
    table_starts = sorted(lines[i].start for i in table_lines)

    # (position, looks back): "以上各项任务中列第一位的为牵头单位" covers the tasks above it
    notes = [(m.start(), bool(re.search(r"(?:以上|上述|前述)[^。；;\n]{0,12}$", norm[max(0, m.start() - 14):m.start()])))
             for m in _NOTE_RX.finditer(norm)]
    tasks: list[Task] = []
    named: list[Person] = []  # people named inside markers (牵头领导:张三)
    for node in nodes:
        sec = node.section
        end = node.body_end
        later = [s for s in table_starts if s > sec.start]
        if later:
            end = min(end, later[0] - 1)
        own = norm[sec.start:end]
        note_active = any((p > sec.start if back else p < sec.start) and _same_part(parts, p, sec.start)
                          for p, back in notes)
        found = find_assignments(own, sec.start, note_active)
        units = merge_units([u for a in found for u in a.units])
        for a in found:
            for label, name in a.people:
                named.append(Person(name, label, [], None, None, a.start, a.end, [sec.path] if units else []))
        if not units:
            continue
        deadline = next((a.deadline for a in found if a.deadline), None) or find_deadline(own)
        tasks.append(Task(path=sec.path, heading=sec.heading, text=text[sec.start:end].strip(), units=units,
                          deadline=deadline, start=sec.start, end=end))

    people, groups = extract_people([ln for ln in lines if ln.index not in table_lines])
    seen_people = {p.name for p in people}
    for person in named:
        if person.name in seen_people:
            known = next(p for p in people if p.name == person.name)
            known.tasks += [t for t in person.tasks if t not in known.tasks]
        else:
            seen_people.add(person.name)
            people.append(person)
    for table in tables:  # member tables (a 姓名 column) that the table reader found
        for person in table_members(table.header, table.rows, table.title or None):
            if person.name not in seen_people:
                seen_people.add(person.name)
                people.append(person)
    table_cells = []
    for table in tables:
        for task, row_people, cell in table_rows(table):
            tasks.append(task)
            table_cells.append((table, task, cell))
            for person in row_people:
                person.tasks = [task.path]
                if person.name not in seen_people:
                    seen_people.add(person.name)
                    people.append(person)
                else:
                    known = next(p for p in people if p.name == person.name)
                    if task.path not in known.tasks:
                        known.tasks.append(task.path)

    for pos, carried in find_carried(norm, 0):
        for task in tasks:
            if task.end > pos and _same_part(parts, pos, task.start):
                task.units = merge_units(task.units + [UnitMention(u.name, u.role, u.start, u.end) for u in carried])

    people = [p for p in people if is_person_name(p.name)]  # every source: a name is a surname + 1–3 characters
    targets = _targets(text, norm, lines, parts, nodes, table_lines, table_cells, meta.title)
    references = find_references(text)
    if traditional:
        _restore_written(text, norm, tasks, targets, people, groups)
    document = Document(doc=doc, title=meta.title, text=text, source=source, doc_number=meta.doc_number,
                        issuer=meta.issuer, date=meta.date, jurisdiction=meta.jurisdiction,
                        sections=[n.section for n in nodes], tasks=tasks, targets=targets, people=people,
                        groups=groups, references=references)
    return document


_OPEN_END = re.compile(r"[。；;：:！？!?)）》」”\]]\s*$")


def paragraphs(lines, skip: set[int]) -> list[tuple[int, int]]:
    """Spans of paragraphs: a line that stops mid-sentence (a PDF wrapped it) runs on
    into the next, unless that one starts a numbered item."""
    from extract.numbering import match_marker

    out: list[tuple[int, int]] = []
    open_para = False
    for ln in lines:
        if ln.index in skip or not ln.stripped:
            open_para = False
            continue
        if open_para and match_marker(ln.norm) is None:
            out[-1] = (out[-1][0], ln.end)
        else:
            out.append((ln.start, ln.end))
        open_para = not _OPEN_END.search(ln.norm) and len(ln.stripped) >= 18
    return out


def _restore_written(text, norm, tasks, targets, people, groups) -> None:
    """Names were matched on simplified characters: give them back as the document writes them."""
    rev = {n: t for t, n in zip(text, norm) if t != n and "\u4e00" <= n <= "\u9fff"}

    def back(s):
        return s if s is None else "".join(rev.get(ch, ch) for ch in s)

    for t in tasks:
        t.deadline = back(t.deadline)
        for u in t.units:
            u.name = back(u.name)
    for t in targets:
        t.metric, t.unit = back(t.metric), back(t.unit)
    for p in people:
        p.name, p.group_role, p.org, p.group = back(p.name), back(p.group_role), back(p.org), back(p.group)
        p.positions = [back(x) for x in p.positions]
    for g in groups:
        g.name, g.office, g.office_director = back(g.name), back(g.office), back(g.office_director)


def _same_part(parts, a: int, b: int) -> bool:
    def idx(pos):
        return next((p.index for p in parts if p.start <= pos <= p.end), -1)
    return idx(a) == idx(b)


def _targets(text, norm, lines, parts, nodes: list[Node], table_lines, table_cells, title) -> list[Target]:
    out: list[Target] = []
    title_year = single_year(title)
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)\s*年", norm)]
    latest = max(years) if years else None
    for start, end in paragraphs(lines, table_lines):
        part = next((p for p in parts if p.start <= start <= p.end), None)
        if part is not None and part.restates:
            continue
        node = enclosing(nodes, start)
        chain = ancestors(node)
        year = next((y for y in (single_year(n.section.heading) for n in chain) if y), None)
        year = year or single_year(part.title if part else "") or title_year
        goal = any(w in n.section.heading for n in chain for w in ("目标", "指标"))
        ctx = Context(node.section.path if node else "", year, goal, latest)
        out += find_targets(norm[start:end], start, ctx)
    for table in {id(t): t for t, _, _ in table_cells}.values():
        if any(_YEAR_COL.match(h) for h in table.header):
            rows = {r: f"T{table.number}.{row[0].text}" for r, row in enumerate(table.rows)}
            out += indicator_targets(table, rows)
    for table, task, cells in table_cells:
        if any(_YEAR_COL.match(h) for h in table.header):
            continue
        year = next((y for y in map(single_year, table.header) if y), None) or single_year(table.title) \
            or title_year
        ctx = Context(task.path, year, True)
        for cell in cells:
            out += find_targets(cell.text, cell.start, ctx)
    for t in out:
        t.text = text[t.start:t.end].strip()
    return out
