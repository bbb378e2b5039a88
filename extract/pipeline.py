"""File or text → :class:`Document`: the whole extraction in order."""
from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path

from extract.errors import ExtractError
from extract.deadlines import add_due
from extract.model import Document, Person, Task, Target, UnitMention
from extract.metadata import extract_metadata, find_title
from extract.people import extract_people, table_members
from extract.personnames import is_person_name
from extract.references import find_references
from extract.reports import find_report
from extract.responsibility import _NOTE_RX, find_assignments, find_carried, find_deadline, merge_units, \
    responsibility_cue
from extract.rules import RULE_SECTION_WORDS
from extract.rules.pages import PAGE_NUMBER_FRAMED
from extract.structure import Node, ancestors, enclosing, find_parts, parse_sections, split_lines
from extract.tables import find_tables, table_rows
from extract.targets import Context, drop_repeats, find_targets, goal_cells, table_targets, value_columns
from extract.textnorm import fold, is_traditional, to_simplified

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年?")
_RANGE = re.compile(r"(?:19|20)\d\d\s*年?\s*[-—–~至到]\s*(?:19|20)\d\d")


def single_year(s: str) -> int | None:
    """The one year a heading or title names (2023年重点工作 → 2023); None for a period."""
    if not s or _RANGE.search(s):
        return None
    years = {int(y) for y in _YEAR.findall(s)}
    return years.pop() if len(years) == 1 else None


def period_end(s: str) -> int | None:
    """The last year of the period a table title names ((2023-2025年) → 2025): a task list for
    a period is due by its end."""
    m = _RANGE.search(s or "")
    return int(re.findall(r"(?:19|20)\d\d", m.group())[-1]) if m else None


_PAGE_NUMBER = re.compile(r"^[ \t\u3000]*(?:" + "|".join(PAGE_NUMBER_FRAMED) + r")[ \t\u3000]*\n", re.M)


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
    if not (doc.sections or doc.tasks or doc.people or doc.groups or doc.targets or doc.references
            or (doc.report and doc.report.items)):
        cue = responsibility_cue(doc.text)
        if cue is None:
            raise ExtractError(f"{p.name}: no policy-document structure found (no numbered headings, task table, "
                               "member list, targets or 《》 citations); check that this is a policy document",
                               "E121")
        # units and responsibility words in a layout not understood: import what was found, and say so
        doc.warnings.append(f"[W121] {p.name}: units and role words ({cue}) but no numbered headings, task table "
                            "or member list understood; imported without tasks, check the document's layout")
    return doc


def extract_text(text: str, doc: str = "document", source: str = "") -> Document:
    """Extract a Document from text already read (lines separated by ``\\n``).

    Raises only :class:`ExtractError`: a fault inside a rule becomes E122 naming the document."""
    if not isinstance(text, str):
        raise ExtractError(f"{doc}: expected text, got {type(text).__name__}", "E120")
    try:
        return _extract_text(text, doc, source)
    except ExtractError:
        raise
    except (RecursionError, IndexError, KeyError, ValueError, TypeError, AttributeError, ZeroDivisionError) as e:
        raise ExtractError(f"{doc}: the extractor failed on this text ({type(e).__name__}: {str(e)[:120]}); "
                           "please report the document", "E122") from e


def _extract_text(text: str, doc: str, source: str) -> Document:
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
    if meta.title_line in table_lines:  # cells of a table are not its title
        meta.title, meta.title_line = find_title([ln for ln in lines if ln.index not in table_lines])
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
        k = bisect_right(table_starts, sec.start)  # the first table line after the heading
        if k < len(table_starts):
            end = min(end, table_starts[k] - 1)
        own = norm[sec.start:end]
        note_active = any((p > sec.start if back else p < sec.start) and _same_part(parts, p, sec.start)
                          for p, back in notes)
        part = next((p for p in parts if p.start <= sec.start <= p.end), None)
        found = find_assignments(own, sec.start, note_active, prose=part is None or not part.restates)
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
            else:  # the office director (办公室主任 by a 兼任 sentence) is listed in the table: the list's role
                k = next(i for i, p in enumerate(people) if p.name == person.name)
                if people[k].group_role == "办公室主任" and not people[k].positions:
                    people[k] = person
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
    people.sort(key=lambda p: _written_at(norm, p))  # in the order the document names them, whatever found them
    targets = _targets(text, norm, lines, parts, nodes, table_lines, table_cells, meta.title,
                       issued=meta.date, tasks=tasks, tables=tables)
    references = find_references(text)
    if traditional:
        _restore_written(text, norm, tasks, targets, people, groups)
    document = Document(doc=doc, title=meta.title, text=text, source=source, doc_number=meta.doc_number,
                        issuer=meta.issuer, date=meta.date, jurisdiction=meta.jurisdiction,
                        sections=[n.section for n in nodes], tasks=tasks, targets=targets, people=people,
                        groups=groups, references=references)
    # 督办: deadlines as dates, and the items of a progress report
    document.report = find_report(document, norm, lines, nodes, tables)
    if document.report:  # a number in a progress sentence says what was done, not a target
        items = document.report.items
        document.targets = [t for t in targets if not any(i.start <= t.start < i.end for i in items)]
    add_due(tasks, meta.date or (document.report.date if document.report else None), single_year(meta.title))
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


def _written_at(norm: str, person: Person) -> int:
    """Where a person's name is first written at or after the start of what they were found in."""
    at = norm.find(person.name, person.start) if person.start is not None else -1
    return at if at >= 0 else (person.start or 0)


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


def _targets(text, norm, lines, parts, nodes: list[Node], table_lines, table_cells, title,
             issued: str | None = None, tasks: list[Task] = (), tables=()) -> list[Target]:
    out: list[Target] = []
    title_year = single_year(title)
    issue_year = int(issued[:4]) if issued and issued[:4].isdigit() else None
    task_year = {t.path: single_year(t.deadline or "") for t in tasks}
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
        path = node.section.path if node else ""
        deadline_year = next((task_year[n.section.path] for n in chain if task_year.get(n.section.path)), None)
        ctx = Context(path, year, goal, latest, issue_year, deadline_year,
                      any(w in n.section.heading for n in chain for w in RULE_SECTION_WORDS))
        out += find_targets(norm[start:end], start, ctx)
    joined: set[int] = set()  # targets read from cells wrapped over lines: their text is already as written
    valued = set()  # tables whose value columns (指标 | 单位 | 2025年目标) gave targets, whether or not rows name units
    for table in tables:
        if value_columns(table.header):
            rows = [(f"T{table.number}.{row[0].text}", row[1:]) for row in table.rows]
            found = table_targets(table.header, rows, single_year(table.title) or title_year)
            valued |= {id(table)} if found else set()
            out += found
        for r, col, cell in goal_cells(table):  # 攻坚目标 / 工作目标 columns, wherever they stand
            ctx = Context(f"T{table.number}.{table.rows[r][0].text}", single_year(table.title) or title_year, True,
                          None, issue_year)
            out += _cell_targets(cell, ctx, text, joined)
    for table, task, cells in table_cells:
        if id(table) in valued:
            continue
        year = next((y for y in map(single_year, table.header) if y), None) or single_year(table.title) \
            or period_end(table.title) or title_year
        ctx = Context(task.path, year, True, None, issue_year, single_year(task.deadline or ""))
        for cell in cells:
            out += _cell_targets(cell, ctx, text, joined)
    out = drop_repeats(sorted(out, key=lambda t: t.start))
    for t in out:
        if id(t) not in joined:
            t.text = text[t.start:t.end].strip()
    return out


def _cell_targets(cell, ctx, text: str, joined: set[int]) -> list[Target]:
    """Targets in a table cell; a cell wrapped over lines (its characters apart in the text, other columns
    between) keeps spans on its own characters, and its text as written without what lies between."""
    if not cell.offsets:
        return find_targets(cell.text, cell.start, ctx)
    out = find_targets(cell.text, 0, ctx)
    for t in out:
        a, b = t.start, max(t.end, t.start + 1)
        t.text = "".join(text[o] for o in cell.offsets[a:b])
        t.start, t.end = cell.offsets[a], cell.offsets[b - 1] + 1
        joined.add(id(t))
    return out
