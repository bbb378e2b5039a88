"""Entity linking of questions against the store: units, people, documents, places, paths, years.

A :class:`Linker` is built once per store content version (:func:`linker_for`) from a few
named queries (``ask_index_*``): every name of every unit (preferred, alternative and as
written in each document), people, documents with their jurisdictions and the places in their
titles, tasks and sections, group roles and post titles. Linking a question is then pure
Python: every substring is looked up, the longest non-overlapping matches win.

Unit names match

- exactly, by any name written for the unit or by its canonical form (区发改局 = 区发展和改革局,
  委员会 = 委), see :func:`canon`;
- with a jurisdiction in front (东营区财政局 → 区财政局 of 东营区, 湖北省市场监管局 → 省市场监管局
  of 湖北省, 国家发展改革委 → the national 发展改革委);
- partially, without the level prefix (财政局 → 区财政局), only when no exact match exists.

A name that still means several units is returned with all candidates; the caller asks back.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from extract.numerals import cn_number
from kg.ask.text import compact
from kg.ask import index_cache
from kg.ask.names import canon, short_place
from kg.units import level_of, normalize, rules

__all__ = ["UnitInfo", "PersonInfo", "DocInfo", "ItemInfo", "Mention", "Linked", "Linker", "canon", "cn_number",
           "linker_for", "clear_cache", "content_version"]

NATIONAL_SCOPE = "国家"
GROUP_WORDS = ("领导小组", "工作小组", "工作组", "小组", "专班", "指挥部", "委员会", "联席会议", "组")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:自治区|自治州|特别行政区|省|市|区|县|州|盟|旗)")
_NOT_PLACES = {"直辖市", "自治区", "自治州", "各省", "全省", "全市", "全区", "全县", "本市", "本区", "本县"}
_PATH = re.compile(r"(?<![\d.A-Za-z])((?:T\d{1,2}\.\d{1,3})|(?:\d{1,2}(?:\.\d{1,3}){1,4}))(?![\d%])")
_MEASURE_AFTER = set("万亿千百%‰倍元件家个项人名次年月日天亩米吨度")
_YEAR = re.compile(r"(比|较|与|同)?(到|至|截至|截止|在|于)?((?:19|20)\d{2})年(?:底|末|前|内)?")
_BRACKET_TITLE = re.compile(r"《([^《》]{2,80})》")
_SECTION_REF = re.compile(r"第([一二三四五六七八九十]{1,3}|\d{1,2})(?:部分|章|大项|条|节)")
#: "第11项任务", "第五项实事": the task numbered so at its own level (a table row's 序号, a run of items)
_ITEM_REF = re.compile(r"第([一二三四五六七八九十]{1,4}|\d{1,3})(?:项|个)(?!目标|指标)")


# ------------------------------------------------------------------ index records

@dataclass
class UnitInfo:
    """One unit node: preferred label, scope (jurisdiction, 国家 or doc:ID), names, documents."""

    iri: str
    label: str
    scope: str
    national: bool = False
    collective: bool = False
    names: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)
    written: dict[str, set[str]] = field(default_factory=dict)  # doc id → names written there

    def name_in(self, docs: set[str] | None = None) -> str:
        """The name as written (in one of ``docs`` when given): the most usual short form."""
        pool: set[str] = set()
        for d, names in self.written.items():
            if docs is None or d in docs:
                pool |= names
        if not pool:
            return self.label
        return sorted(pool, key=lambda s: (len(s), s))[0] if len(pool) > 1 else next(iter(pool))


@dataclass
class PersonInfo:
    """One person node."""

    iri: str
    name: str
    docs: set[str] = field(default_factory=set)


@dataclass
class DocInfo:
    """One document: id, title, jurisdiction and the places its title names."""

    doc_id: str
    iri: str
    title: str
    jurisdiction: str | None
    places: list[str] = field(default_factory=list)
    own_places: int = 0  # how many of ``places`` come from the jurisdiction itself

    @property
    def scope(self) -> str:
        return self.jurisdiction or f"doc:{self.doc_id}"


@dataclass
class ItemInfo:
    """A task or numbered section: document, path, heading, text (compact forms for matching)."""

    iri: str
    kind: str
    doc_id: str
    path: str
    heading: str
    text: str
    start: int | None
    end: int | None
    heading_c: str = ""
    text_c: str = ""


def group_named(piece: str, label: str) -> bool:
    """A group written short: ``piece`` is the end of ``label`` (工作领导小组), or its words in order before the same
    body word (学前教育领导小组 for 枫岭县学前教育普及普惠发展工作领导小组, 耕地保护领导小组).

    >>> group_named("学前教育领导小组", "枫岭县学前教育普及普惠发展工作领导小组"), group_named("综合协调组", "综合协调组")
    (True, True)
    >>> group_named("财政领导小组", "枫岭县学前教育普及普惠发展工作领导小组")
    False
    """
    if piece in label:
        return True
    word = next((w for w in GROUP_WORDS if piece.endswith(w) and label.endswith(w)), None)
    if word is None or len(piece) <= len(word):
        return False
    it = iter(label[: -len(word)])
    return all(ch in it for ch in piece[: -len(word)])


@dataclass
class Mention:
    """A span of the question linked to something in the store."""

    kind: str  # unit, person, doc, place, group, path, year
    start: int
    end: int
    text: str
    candidates: list[str] = field(default_factory=list)
    how: str = "exact"  # exact, place, partial, title, id
    place: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end,
                "candidates": list(self.candidates), "how": self.how, "place": self.place}


@dataclass
class Linked:
    """The entities found in a normalized question."""

    text: str
    mentions: list[Mention]
    docs: set[str] | None = None  # documents the question narrows to (None = the whole store)
    years: list[int] = field(default_factory=list)
    base_years: list[int] = field(default_factory=list)

    def of(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]

    def masked(self, kinds: tuple[str, ...] = ("unit", "person", "doc", "place", "group", "path", "year")) -> str:
        """The question with linked spans replaced by a placeholder (``\u3007`` per character)."""
        chars = list(self.text)
        for m in self.mentions:
            if m.kind in kinds:
                for i in range(m.start, m.end):
                    chars[i] = "\u3007"
        return "".join(chars)


# ------------------------------------------------------------------ the linker

class Linker:
    """The entity index of one store version, and question linking against it."""

    def __init__(self, documents: list[dict[str, Any]], parts: dict[str, dict[str, list[dict[str, Any]]]],
                 version: Any = None):
        """``documents``: rows of the ``documents`` query; ``parts``: each document's rows of every
        :data:`kg.ask.index_cache.INDEX_QUERIES` query (see :func:`kg.ask.index_cache.index_rows`)."""
        started = time.perf_counter()
        self.version = version
        self.units: dict[str, UnitInfo] = {}
        self.people: dict[str, PersonInfo] = {}
        self.docs: dict[str, DocInfo] = {}
        self.items: list[ItemInfo] = []
        self.group_roles: set[str] = set()
        self.post_titles: set[str] = set()
        self.group_labels: set[str] = set()

        def rows(query: str) -> list[dict[str, Any]]:
            return [r for d in self.docs for r in parts.get(d, {}).get(query, [])]

        for r in documents:
            d = DocInfo(r["doc_id"], r["doc"], r.get("title") or r["doc_id"], r.get("jurisdiction"))
            d.places = self._places_of(d, r.get("issuer"))
            self.docs[d.doc_id] = d
        cited: dict[str, list[str]] = {}
        for r in rows("documents_cited"):
            cited.setdefault(r["doc_id"], []).append(r["title"])
        for d in self.docs.values():  # jurisdiction unknown: the places of what it cites (its 政府工作报告)
            if not d.places and not d.jurisdiction:
                for title in cited.get(d.doc_id, []):
                    d.places = self._places_of(DocInfo(d.doc_id, d.iri, title, None), None)
                    if d.places:
                        break
        for r in rows("ask_index_units"):
            u = self.units.get(r["unit"])
            if u is None:
                u = self.units[r["unit"]] = UnitInfo(r["unit"], r["label"], r["scope"], bool(r.get("national")),
                                                     bool(r.get("collective")))
            name = normalize(r["name"] or "")
            u.docs.add(r["doc_id"])
            written = u.written.setdefault(r["doc_id"], set())
            if name:
                u.names.add(name)
                if r.get("src") == "written":
                    written.add(name)
        for u in self.units.values():  # documents naming the unit outside tasks: its preferred label
            for names in u.written.values():
                if not names:
                    names.add(normalize(u.label))
        for r in rows("people"):
            p = self.people.get(r["person"])
            if p is None:
                p = self.people[r["person"]] = PersonInfo(r["person"], normalize(r["name"]))
            p.docs.add(r["doc_id"])
        for r in rows("ask_index_items"):
            it = ItemInfo(r["item"], r["kind"], r["doc_id"], r["path"], r.get("heading") or "",
                          r.get("text") or "", r.get("start"), r.get("end"))
            it.heading_c, it.text_c = compact(_strip_numbering(it.heading)), compact(it.text)
            self.items.append(it)
        self.item_by_iri = {i.iri: i for i in self.items}
        self.assignments: dict[str, list[dict[str, Any]]] = {}
        for r in rows("ask_index_assignments"):
            self.assignments.setdefault(r["task"], []).append(r)
        for rs in self.assignments.values():
            rs.sort(key=lambda r: (r.get("start") is None, r.get("start") or 0, r["written"]))
        self.targets: list[dict[str, Any]] = rows("targets")
        self.group_docs: dict[str, set[str]] = {}
        for r in rows("ask_index_vocab"):
            word = normalize(r["word"] or "")
            if not word:
                continue
            {"role": self.group_roles, "title": self.post_titles, "group": self.group_labels}[r["kind"]].add(word)
            if r["kind"] == "group":
                self.group_docs.setdefault(word, set()).add(r["doc_id"])
        self._build_index()
        self.build_seconds = time.perf_counter() - started

    # -- building
    def _places_of(self, d: DocInfo, issuer: str | None) -> list[str]:
        """The document's jurisdiction (and short form) first, then the places its title and issuer begin with."""
        nat = set(rules().national_jurisdictions)
        out: list[str] = []

        def add(p: str | None) -> None:
            if not p or p in out or p in nat or p in _NOT_PLACES or level_of(p) or len(p) < 2:
                return
            out.append(p)
            short = short_place(p)
            if short and short not in out:
                out.append(short)

        j = normalize(d.jurisdiction or "")
        if j and _PLACE.fullmatch(j):
            add(j)
        d.own_places = len(out)
        for text in (normalize(d.title), normalize(issuer or "")):
            pos = 0
            while True:
                m = _PLACE.match(text, pos)
                if not m:
                    break
                add(m.group(0))
                pos = m.end()
        return out

    def _build_index(self) -> None:
        self.full: dict[str, set[str]] = {}
        self.partial: dict[str, set[str]] = {}
        for u in self.units.values():
            forms = set(u.names) | {normalize(u.label)}
            scope_places = [p for d in u.docs for p in self.docs[d].places] if u.docs else []
            for n in list(forms):
                for p in scope_places:  # 东营区市场监督管理局 → 区市场监督管理局 / 市场监督管理局
                    if n.startswith(p) and len(n) > len(p) + 1:
                        rest = n[len(p):]
                        if level_of(rest):
                            forms.add(rest)
                        else:
                            self.partial.setdefault(rest, set()).add(u.iri)
                            self.partial.setdefault(canon(rest), set()).add(u.iri)
            for n in forms:
                self.full.setdefault(n, set()).add(u.iri)
                self.full.setdefault(canon(n), set()).add(u.iri)
                if level_of(n) and len(n) > 2:
                    self.partial.setdefault(n[1:], set()).add(u.iri)
                    self.partial.setdefault(canon(n[1:]), set()).add(u.iri)
        self.person_names: dict[str, set[str]] = {}
        for p in self.people.values():
            self.person_names.setdefault(p.name, set()).add(p.iri)
        own: dict[str, set[str]] = {}
        named: dict[str, set[str]] = {}
        for d in self.docs.values():
            for i, p in enumerate(d.places):
                (own if i < d.own_places else named).setdefault(p, set()).add(d.doc_id)
        # a place means the documents of that jurisdiction; else those whose title names it
        self.place_docs: dict[str, set[str]] = {p: own.get(p) or named[p] for p in set(own) | set(named)}
        self._places_by_char: dict[str, list[str]] = {}
        for p in sorted(self.place_docs, key=len, reverse=True):
            self._places_by_char.setdefault(p[0], []).append(p)
        self.national_prefixes = tuple(rules().national_prefix_strip)
        self._levels = set(rules().level_prefixes)
        self._last_chars = {k[-1] for k in self.full} | {k[-1] for k in self.partial}
        self._max_len = max([len(k) for k in self.full] + [len(k) for k in self.partial] + [2]) + 8
        self.paths: dict[str, list[ItemInfo]] = {}
        for it in self.items:
            self.paths.setdefault(it.path, []).append(it)

    def _item_ref(self, m: re.Match) -> list[tuple[int, int, Mention]]:
        """The task "第N项" names: the one task whose own number is N (none when several could be meant)."""
        num = cn_number(m.group(1))
        if num is None:
            return []
        paths = sorted({it.path for it in self.items if it.kind == "task" and it.path.rsplit(".", 1)[-1] == str(num)
                        and "." in it.path})
        if len(paths) != 1:
            return []
        return [(0, m.end() - m.start(), Mention("path", m.start(), m.end(), m.group(0), paths))]

    # -- names one character away (typos)
    def near_names(self, text: str, min_len: int = 3) -> list[tuple[int, int, str]]:
        """Stretches of ``text`` one mistyped character away from a unit's name: ``(start, end, name)``,
        longest first (区财正局 → 区财政局). Exact names are not listed.

        >>> lk = Linker([{"doc_id": "d", "doc": "d"}], {"d": {"ask_index_units": [
        ...     {"unit": "u", "label": "区财政局", "scope": "x", "name": "区财政局", "doc_id": "d"}]}})
        >>> lk.near_names("区财正局负责哪些任务")
        [(0, 4, '区财政局')]
        """
        if not hasattr(self, "_near"):
            near: dict[str, set[str]] = {}
            for u in self.units.values():
                for n in u.names | {normalize(u.label)}:
                    if len(n) >= min_len:
                        for i in range(len(n)):
                            near.setdefault(n[:i] + "\0" + n[i + 1:], set()).add(n)
            self._near = near
            self._near_lengths = sorted({len(k) for k in near}, reverse=True)
        out: list[tuple[int, int, str]] = []
        for size in self._near_lengths:
            for start in range(0, len(text) - size + 1):
                s = text[start:start + size]
                if s in self.full:
                    continue
                for i in range(size):
                    for name in self._near.get(s[:i] + "\0" + s[i + 1:], ()):
                        out.append((start, start + size, name))
        return list(dict.fromkeys(out))

    # -- vocabulary for the segmenter
    def user_words(self) -> set[str]:
        """Every name the segmenter should keep whole."""
        words = set(self.full) | set(self.partial) | set(self.person_names) | set(self.place_docs)
        words |= self.group_roles | self.post_titles | self.group_labels
        words |= {i.heading_c for i in self.items if 4 <= len(i.heading_c) <= 16}  # headings stay one keyword
        return {w for w in words if len(w) >= 2}

    # -- lookups
    def _unit_lookup(self, s: str) -> tuple[str, set[str], str | None] | None:
        hit = self.full.get(s)
        if not hit and s[-1] in self._last_chars:
            hit = self.full.get(canon(s))
        if hit:
            return "exact", set(hit), None
        for p in self._places_at(s):
            rest = s[len(p):]
            if len(rest) < 2:
                continue
            scopes = {self.docs[d].scope for d in self.place_docs.get(p, ())}
            scopes.add(p)
            found: set[str] = set()
            for form in (rest, p[-1] + rest if not level_of(rest) else rest):
                for table in (self.full, self.partial):
                    found |= table.get(form, set()) | table.get(canon(form), set())
                if found:
                    break
            found = {i for i in found if self.units[i].scope in scopes}
            if found:
                return "place", found, p
        for p in self.national_prefixes:
            if s.startswith(p) and len(s) > len(p) + 1:
                rest = s[len(p):]
                found = {i for i in (self.full.get(rest, set()) | self.full.get(canon(rest), set()))
                         if self.units[i].national}
                if found:
                    return "exact", found, None
        if s[-1] in self._last_chars:
            hit = self.partial.get(s) or self.partial.get(canon(s))
            if hit:
                return "partial", set(hit), None
        return None

    def _places_at(self, s: str) -> list[str]:
        return [p for p in self._places_by_char.get(s[0], ()) if s.startswith(p)]

    # -- linking
    def link(self, text: str, grammar: frozenset[str] | set[str] = frozenset()) -> Linked:
        """Find the entities of a normalized question (longest non-overlapping matches).

        ``grammar`` holds the question's own words (cue and function words, :attr:`kg.ask.intents.Cues.grammar`):
        they are read first, so a unit or person "named" by a stretch made only of such words (负责,
        管负责 in 分管负责, 工作, 单位) never takes over a question.
        """
        found: list[tuple[int, int, Mention]] = []  # (priority, length, mention)
        n = len(text)
        grammatical = _covered(text, grammar)
        for m in _BRACKET_TITLE.finditer(text):
            docs = self._docs_by_title(m.group(1))
            if docs:
                found.append((0, m.end() - m.start(), Mention("doc", m.start(), m.end(), m.group(0), docs, "title")))
        for d in self.docs.values():
            i = text.find(d.doc_id)
            if i >= 0 and len(d.doc_id) >= 3:
                found.append((0, len(d.doc_id), Mention("doc", i, i + len(d.doc_id), d.doc_id, [d.doc_id], "id")))
        for i in range(n):
            for j in range(min(n, i + self._max_len), i + 1, -1):
                if all(grammatical[i:j]):
                    continue
                s = text[i:j]
                r = self._unit_lookup(s)
                if r and r[0] != "place" and i > 0 and text[i - 1] in self._levels and not level_of(s):
                    # 区教育局 asked, only 市教育局 / a 教育局 of no known level there: the level must fit
                    level = text[i - 1]
                    fits = {u for u in r[1] if self.units[u].scope.endswith(level)}
                    r = (r[0], fits, r[2]) if fits else None
                if r:
                    how, iris, place = r
                    prio = {"exact": 1, "place": 1, "partial": 3}[how]
                    found.append((prio, j - i, Mention("unit", i, j, s, sorted(iris), how, place)))
                if s in self.person_names:
                    found.append((2, j - i, Mention("person", i, j, s, sorted(self.person_names[s]))))
                elif s.endswith("同志") and s[:-2] in self.person_names:
                    found.append((2, j - i, Mention("person", i, j, s, sorted(self.person_names[s[:-2]]))))
                if s in self.place_docs:
                    found.append((4, j - i, Mention("place", i, j, s, sorted(self.place_docs[s]))))
        for m in self._group_mentions(text):
            found.append((0, m.end - m.start, m))
        for m in _PATH.finditer(text):
            after = text[m.end():m.end() + 1]
            if after and after in _MEASURE_AFTER:
                continue
            if m.group(1) in self.paths:
                found.append((0, m.end() - m.start(), Mention("path", m.start(), m.end(), m.group(1), [m.group(1)])))
        for m in _SECTION_REF.finditer(text):
            num = cn_number(m.group(1))
            if num is not None and str(num) in self.paths:
                found.append((0, m.end() - m.start(), Mention("path", m.start(), m.end(), m.group(0), [str(num)])))
        for m in _ITEM_REF.finditer(text):
            found.extend(self._item_ref(m))
        years, base_years = [], []
        for m in _YEAR.finditer(text):
            y = int(m.group(3))
            (base_years if m.group(1) else years).append(y)
            found.append((0, m.end() - m.start(), Mention("year", m.start(), m.end(), m.group(0), [str(y)],
                                                          "base" if m.group(1) else "due")))
        chosen: list[Mention] = []
        taken = [False] * n
        for _prio, _len, m in sorted(found, key=lambda t: (-t[1], t[0], t[2].start)):
            if any(taken[m.start:m.end]):
                continue
            for k in range(m.start, m.end):
                taken[k] = True
            chosen.append(m)
        chosen.sort(key=lambda m: m.start)
        linked = Linked(text, chosen, years=years, base_years=base_years)
        linked.docs = self._narrow(chosen)
        for m in chosen:
            if m.kind == "unit" and linked.docs is not None:
                inside = [i for i in m.candidates if self.units[i].docs & linked.docs]
                m.candidates = inside
        return linked

    def _group_mentions(self, text: str) -> list[Mention]:
        """A leadership group named by (the end of) its name: 污染源普查领导小组 → its documents."""
        out = []
        for word in GROUP_WORDS:
            end = text.find(word)
            while end >= 0:
                e = end + len(word)
                best = None
                for s in range(end - 1, -1, -1):
                    piece = text[s:e]
                    docs = {d for label, ds in self.group_docs.items() if group_named(piece, label) for d in ds}
                    if not docs:
                        break
                    body = max((w for w in GROUP_WORDS if piece.endswith(w)), key=len)
                    if len(piece) - len(body) >= 2:  # a name before the body word (not 领导小组 alone)
                        best = (s, docs)
                if best:
                    out.append(Mention("group", best[0], e, text[best[0]:e], sorted(best[1]), "label"))
                end = text.find(word, end + 1)
        return out

    def _narrow(self, mentions: list[Mention]) -> set[str] | None:
        docs: set[str] | None = None
        for m in mentions:
            if m.kind in ("doc", "place", "group"):
                docs = set(m.candidates) if docs is None else (docs & set(m.candidates)) or docs
        for m in mentions:  # a unit named with its jurisdiction narrows to that jurisdiction's documents
            if m.kind == "unit" and m.how == "place" and m.place:
                place_docs = self.place_docs.get(m.place, set())
                if place_docs:
                    docs = set(place_docs) if docs is None else (docs & place_docs) or docs
        return docs

    def _docs_by_title(self, title: str) -> list[str]:
        from kg.ask.text import dice

        t = compact(title)
        if not t:
            return []
        exact = [d.doc_id for d in self.docs.values() if compact(d.title) == t]
        if exact:
            return exact
        inside = [d.doc_id for d in self.docs.values() if t in compact(d.title)]
        if inside:
            return inside
        scored = [(dice(t, compact(d.title)), d.doc_id) for d in self.docs.values()]
        best = max((s for s, _ in scored), default=0.0)
        return [d for s, d in scored if s >= 0.6 and s == best]

    # -- helpers for answers
    def unit_label(self, iri: str, docs: set[str] | None = None) -> str:
        u = self.units.get(iri)
        return u.name_in(docs) if u else iri

    def place_of(self, iri: str) -> tuple[str, bool]:
        """A display place for a unit: (jurisdiction, True) or (document title, False)."""
        u = self.units[iri]
        if u.national:
            return NATIONAL_SCOPE, True
        if not u.scope.startswith("doc:"):
            return u.scope, True
        d = self.docs.get(u.scope[4:])
        if d is None:
            return u.scope[4:], False
        # its jurisdiction, else the most specific place its title names, if that leads back to it
        full = d.places[:1] if d.own_places else [p for p in reversed(d.places) if _PLACE.fullmatch(p)]
        for p in full:
            if d.doc_id in self.place_docs.get(p, ()):
                return p, True
        return d.title, False


def _covered(text: str, words: frozenset[str] | set[str]) -> list[bool]:
    """Which characters of ``text`` lie inside an occurrence of one of ``words``.

    >>> "".join("x" if c else "." for c in _covered("赵六分管负责的单位", {"分管", "负责", "单位", "的"}))
    '..xxxxxxx'
    """
    out = [False] * len(text)
    for w in words:
        i = text.find(w)
        while i >= 0:
            out[i:i + len(w)] = [True] * len(w)
            i = text.find(w, i + 1)
    return out


def _strip_numbering(heading: str) -> str:
    return re.sub(r"^[\s(（]*[0-9一二三四五六七八九十]+[)）.、．]\s*", "", heading or "")


# ------------------------------------------------------------------ cache

_LOCK = threading.Lock()
_CACHE: dict[str, tuple[Any, "Linker"]] = {}
_BUILDING: dict[str, threading.Lock] = {}
_COUNT_CHECKED: dict[int, tuple[float, Any]] = {}
COUNT_RECHECK_SECONDS = 2.0


def content_version(store) -> Any:
    """A cheap fingerprint of the store's content: its graphs and (rechecked every 2 s) its size."""
    graphs = tuple(store.graphs())
    now = time.monotonic()
    key = id(store)
    last = _COUNT_CHECKED.get(key)
    if last is None or now - last[0] > COUNT_RECHECK_SECONDS or last[1][0] != graphs:
        try:
            size = len(store)  # LocalStore
        except TypeError:
            rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
            size = rows[0]["n"] if rows else 0
        _COUNT_CHECKED[key] = (now, (graphs, size))
    return _COUNT_CHECKED[key][1]


def linker_for(store) -> Linker:
    """The linker of this store's current content (built once per content version).

    The rows it is built from are kept per document and content hash (``pkg:contentHash``), in
    memory and, for a store on disk, in its ``ask-index`` folder: after an import only the new or
    changed documents are queried, and a new process reads the rest from disk.
    """
    version = content_version(store)
    key = f"{getattr(store, 'location', '')}#{id(store)}"
    with _LOCK:
        hit = _CACHE.get(key)
        if hit and hit[0] == version:
            return hit[1]
        building = _BUILDING.setdefault(key, threading.Lock())
    with building:  # one build per store at a time: a second asker waits for it instead of building again
        with _LOCK:
            hit = _CACHE.get(key)
            if hit and hit[0] == version:
                return hit[1]
        return _build_linker(store, key, version)


def _build_linker(store, key: str, version: Any) -> Linker:
    from kg.queries import run

    documents = run(store, "documents")
    parts = index_cache.cached_parts(store, documents)
    missing = {r["doc_id"] for r in documents} - set(parts)
    if missing:
        fresh = index_cache.index_rows(store, None if len(missing) == len(documents) else sorted(missing))
        for r in documents:
            if r["doc_id"] in missing:
                parts[r["doc_id"]] = fresh.get(r["doc_id"]) or {q: [] for q in index_cache.INDEX_QUERIES}
                index_cache.keep_part(store, r, parts[r["doc_id"]])
        index_cache.prune_parts(store, documents)
    linker = Linker(documents, parts, version)
    with _LOCK:
        _CACHE[key] = (version, linker)
    return linker


def clear_cache() -> None:
    """Forget every linker (call after changing a store in this process, to skip the 2 s recheck)."""
    with _LOCK:
        _CACHE.clear()
        _COUNT_CHECKED.clear()
        index_cache.clear()


logging.getLogger("jieba").setLevel(logging.WARNING)
