"""What a question asks: cue words (data in ``kg/ask/cues.json``) + linked entities → an :class:`Intent`.

Cue words are found on the question with linked entity spans masked, and only where they stand
as whole words for the segmenter (jieba with every name of the store and every cue word as user
words), so 工作 in 工作组 or 负责 in 负责人 is not a cue. The rules below are ordered; the first that
fits decides. A question no rule fits is "not understood" (never a guess).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from kg.errors import QueryError
from extract.numerals import cn_number
from kg.ask.linker import Linked, Mention
from kg.units import org_suffix, rules

CUES_FILE = Path(__file__).with_name("cues.json")

__all__ = ["Cues", "load_cues", "CueHit", "Intent", "classify", "find_cues", "INTENTS"]

#: Every intent and what it answers (kind of the answers).
INTENTS = {
    "unit_tasks": "task", "person_tasks": "task", "shared_tasks": "task", "task_units": "unit",
    "tasks_mentioning": "task", "section_overview": "task", "unit_ranking": "unit",
    "group_people": "person", "task_people": "person", "post_holders": "person",
    "unit_group_members": "person", "person_posts": "post", "references": "document",
    "targets_list": "value", "target_value": "value", "unknown_unit": "task", "not_understood": None,
}

_LISTS = ("role_lead", "role_cooperate", "role_all", "task_words", "do_words", "list_words", "count_words",
          "rank_words", "shared_words", "who_words", "unit_ask_words", "group_words", "group_roles",
          "join_words", "post_words", "person_unit_words", "reference_words", "reference_verbs", "basis_verbs", "issued_verbs",
          "replaced_verbs", "made_verbs", "law_words",
          "law_title_endings", "target_words", "target_list_words", "mention_words", "overview_words",
          "section_words", "doc_words", "task_ref_words", "stop_words")
#: Categories whose words are dropped when a keyword is cut out of a question.
_DROP = tuple(c for c in _LISTS if c not in ("law_title_endings", "section_words", "doc_words", "join_words",
                                               "person_unit_words", "made_verbs"))


@dataclass(frozen=True)
class Cues:
    """The cue tables, longest word first."""

    variants: dict[str, str]
    lists: dict[str, tuple[str, ...]]

    def words(self, category: str) -> tuple[str, ...]:
        return self.lists[category]

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every cue word (user words for the segmenter)."""
        return frozenset(w for c in _LISTS for w in self.lists[c] if len(w) >= 2)

    @cached_property
    def grammar(self) -> frozenset[str]:
        """Every word of the question's own language (cue and function words, one character too):
        a stretch of the question made only of these is never an entity's name (:meth:`kg.ask.linker.Linker.link`)."""
        return frozenset(w for c in _LISTS for w in self.lists[c] if c != "law_title_endings")

    @cached_property
    def droppable(self) -> frozenset[str]:
        """Words cut out of a question before its keyword is taken."""
        return frozenset(w for c in _DROP for w in self.lists[c])


@lru_cache(maxsize=4)
def load_cues(path: str | None = None) -> Cues:
    """Load and check ``cues.json`` (QueryError naming the file and key when broken)."""
    p = Path(path) if path else CUES_FILE
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
        variants = {str(k): str(v) for k, v in d["variants"].items()}
        lists = {}
        for c in _LISTS:
            items = d[c]
            if not isinstance(items, list) or not all(isinstance(w, str) and w for w in items):
                raise ValueError(f"{c} must be a list of non-empty strings")
            lists[c] = tuple(sorted(set(items), key=lambda w: (-len(w), w)))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise QueryError(f"question cue words {p} are unreadable or incomplete ({e!r}); restore kg/ask/cues.json",
                         code="E420") from None
    return Cues(variants, _with_count_compounds(_with_label_compounds(lists)))


#: Question words that, before a unit head (单位, 科室 …), ask for units (哪些科室, 哪个处室).
UNIT_QUESTION_WORDS = ("哪些", "哪个", "什么", "哪家", "哪几个", "几个", "多少个", "多少家")


def _with_label_compounds(lists: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Add the role labels a question may use, built from the extractor's own label parts
    (``extract/rules/labels.py``) instead of listed: every role part + unit head (推进单位, 协助科室,
    承办部门) asks for units in that role, and a question word + unit head (哪些科室) for units."""
    from extract.rules.labels import LABEL_HEADS, LABEL_ROLE_PARTS

    heads = [h for h, kind in LABEL_HEADS.items() if kind == "unit"]
    by_role = {"lead": "role_lead", "cooperate": "role_cooperate", "responsible": "role_all"}
    add: dict[str, set[str]] = {c: set() for c in ("unit_ask_words", *by_role.values())}
    for h in heads:
        for part, role in LABEL_ROLE_PARTS.items():
            add["unit_ask_words"].add(part + h)
            add[by_role[role]].add(part + h)
        add["unit_ask_words"].update(q + h for q in UNIT_QUESTION_WORDS)
        add["unit_ask_words"].update(f"的{h}{tail}" for tail in ("有哪些", "是哪些", "是"))
    out = dict(lists)
    for c, words in add.items():
        out[c] = tuple(sorted(set(lists[c]) | words, key=lambda w: (-len(w), w)))
    return out


def _with_count_compounds(lists: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Add 多少/几 + a classifier or measure unit of the extractor's rules (多少名, 多少亿元, 几部) to the
    count words, so the measure is not left in the question's keyword (要招募多少名志愿者 → 招募 … 志愿者)."""
    from extract.rules.tables import COUNT_UNITS, MEASURE_UNITS

    measures = {u for u in (*COUNT_UNITS, *MEASURE_UNITS) if u and all("\u4e00" <= ch <= "\u9fff" for ch in u)}
    words = {q + u for q in ("多少", "几") for u in measures}
    out = dict(lists)
    out["count_words"] = tuple(sorted(set(lists["count_words"]) | words, key=lambda w: (-len(w), w)))
    return out


@dataclass
class CueHit:
    """A cue word found in the question."""

    category: str
    word: str
    start: int
    end: int


def find_cues(masked: str, cues: Cues, boundaries: set[int], extra: dict[str, set[str]] | None = None
              ) -> dict[str, list[CueHit]]:
    """Cue words by category, longest first, whole words only (``boundaries`` = token edges)."""
    out: dict[str, list[CueHit]] = {}
    lists = dict(cues.lists)
    for cat, words in (extra or {}).items():
        lists[cat] = tuple(sorted(set(lists.get(cat, ())) | set(words), key=lambda w: (-len(w), w)))
    for cat, words in lists.items():
        taken = [False] * len(masked)
        hits = []
        for w in words:
            start = masked.find(w)
            while start >= 0:
                end = start + len(w)
                if not any(taken[start:end]) and start in boundaries and end in boundaries:
                    hits.append(CueHit(cat, w, start, end))
                    for k in range(start, end):
                        taken[k] = True
                start = masked.find(w, start + 1)
        if hits:
            out[cat] = sorted(hits, key=lambda h: h.start)
    # a word inside a longer cue of another kind is not a cue (工作 in 工作组, 成员 in 组成员)
    shadows = [h for c in ("group_words", "group_roles", "who_words", "unit_ask_words", "task_ref_words",
                           "target_list_words", "do_words") for h in out.get(c, [])]
    for cat in ("task_words", "list_words", "role_all", "join_words"):
        kept = [h for h in out.get(cat, []) if not any(s.start <= h.start and h.end <= s.end and
                                                      (s.end - s.start) > (h.end - h.start) for s in shadows)]
        if kept:
            out[cat] = kept
        else:
            out.pop(cat, None)
    return out


@dataclass
class Intent:
    """What the question asks, with the entities it uses."""

    name: str
    role: str | None = None  # lead, cooperate or None (every role)
    units: list[Mention] = field(default_factory=list)
    person: Mention | None = None
    keyword: str | None = None
    group_role: str | None = None
    title: str | None = None
    year: int | None = None
    path: str | None = None
    count: bool = False
    law_only: bool = False
    basis: bool = False
    issued: bool = False  # the document a notice issues (这个通知印发的是什么文件)
    replaced: bool = False  # the documents it repeals (本方案废止了哪个文件)
    top: int = 1
    unknown: str | None = None

    @property
    def kind(self) -> str | None:
        return "value" if self.count else INTENTS.get(self.name)

    def to_dict(self) -> dict:
        return {"intent": self.name, "role": self.role, "units": [m.text for m in self.units],
                "person": self.person.text if self.person else None, "keyword": self.keyword,
                "group_role": self.group_role, "title": self.title, "year": self.year, "path": self.path,
                "count": self.count, "law_only": self.law_only, "basis": self.basis,
                "issued": self.issued, "replaced": self.replaced}


_TOP = re.compile(r"前([一二三四五六七八九十]{1,2}|\d{1,2})")


#: Group roles that are also read as post titles (成员, 委员): after a unit they ask for its members in the group.
MEMBER_ROLES = ("成员", "委员", "联络员")

#: What ends a post title in a question (区财政局局长|是谁).
TITLE_STOPS = ("是谁", "是哪位", "由谁", "叫什么", "是什么人", "有哪些", "有谁", "是", "谁")


def _is_title(s: str, titles: set[str]) -> bool:
    """A post title: one used in the store, or one of the unit rules' titles (局长, 副部长, 主任 …)."""
    r = rules()
    return bool(s) and len(s) <= 8 and (s in titles or s in r.post_titles or bool(r.post_title_pattern.match(s)))


def _title_after(text: str, m: Mention, titles: set[str], stops: tuple[str, ...]) -> str | None:
    """A post title right after a unit mention (区财政局|局长|是谁)."""
    rest = text[m.end:]
    for stop in stops:
        i = rest.find(stop)
        if i > 0:
            rest = rest[:i]
    rest = rest.strip("的")
    return rest if _is_title(rest, titles) else None


def classify(linked: Linked, hits: dict[str, list[CueHit]], keyword: str, keyword_all: str,
             titles: set[str], text_before_cue: str | None) -> Intent:
    """The intent of a question from its linked entities, cue hits and cut-out keyword."""
    has = hits.__contains__
    units = linked.of("unit")
    people = linked.of("person")
    paths = linked.of("path")
    role = "lead" if has("role_lead") else "cooperate" if has("role_cooperate") else None
    task_cue = has("role_lead") or has("role_cooperate") or has("role_all") or has("task_words") or has("do_words")
    count = has("count_words")
    year = (linked.years or [None])[-1]
    text = linked.text
    who = has("who_words")
    group_role = _group_role(hits)
    title, title_unit = None, None
    for m in units:  # 区财政局|局长|是谁
        t = _title_after(text, m, titles, TITLE_STOPS)
        if t:
            title, title_unit = t, m
            break
    if title in MEMBER_ROLES:  # 县林业局的成员是哪位: a role in the group, not a post of the unit
        title, title_unit = None, None
    if title is None and who and not units:  # 区长是谁
        t = text[: hits["who_words"][0].start].rstrip("是的由")
        if _is_title(t, titles):
            title = t

    # 1. documents cited (依据/根据 … asks for the basis only; 印发 … for the document a notice issues)
    if has("issued_verbs") and (has("reference_words") or has("doc_words")) and not units and not people \
            and not group_role and not task_cue_strict(hits):
        return Intent("references", issued=True)
    if has("replaced_verbs") and (has("reference_words") or has("doc_words")) and not units and not people \
            and not group_role and not task_cue_strict(hits):
        return Intent("references", replaced=True)
    if has("reference_words") and (has("reference_verbs") or has("basis_verbs") or has("law_words")) \
            and not units and not people and not group_role and not task_cue_strict(hits):
        return Intent("references", law_only=has("law_words"), basis=has("basis_verbs"))
    # 2. people
    if units and who and not title:  # 生态环境部有哪些人参加领导小组 / 哪些人是领导小组成员
        return Intent("unit_group_members", units=[units[0]],
                      group_role=group_role if group_role and group_role != "成员" else None)
    if group_role:
        if count:
            return Intent("group_people", group_role=group_role, count=True)
        if keyword or paths:
            return Intent("task_people", group_role=group_role, keyword=keyword or None,
                          path=paths[0].candidates[0] if paths else None)
        return Intent("group_people", group_role=group_role)
    if title and (who or title_unit is not None and not task_cue and not count):
        return Intent("post_holders", units=[title_unit] if title_unit else [], title=title)
    if people and (has("post_words") or who or has("unit_ask_words")) and not task_cue and not count:
        return Intent("person_posts", person=people[0])
    # 3. rankings
    if has("rank_words") and not units and not people:
        top = 1
        m = _TOP.search(text)
        if m:
            top = cn_number(m.group(1)) or 1
        return Intent("unit_ranking", role=role, top=top)
    # 4. units of a task (keyword or path)
    if has("unit_ask_words") and (keyword or paths) and not (units and not keyword and not paths):
        ask_role = role
        if ask_role is None and any(h.word.startswith("牵头") or h.word.endswith("牵头") for h in hits["unit_ask_words"]):
            ask_role = "lead"
        return Intent("task_units", role=ask_role, keyword=keyword or None,
                      path=paths[0].candidates[0] if paths else None, count=count)
    # 5. tasks of units / people
    if len(units) >= 2 and has("shared_words") and (task_cue or has("list_words")):
        return Intent("shared_tasks", role=role, units=units, count=count)
    if units and (task_cue or has("list_words") or count):
        return Intent("unit_tasks", role=role, units=units, count=count)
    if people and (task_cue or has("person_unit_words")):
        return Intent("person_tasks", role=role, person=people[0], count=count)
    # 6. a unit the store does not have
    if task_cue and not units and not people and text_before_cue and org_suffix(text_before_cue) \
            and not has("unit_ask_words") and len(text_before_cue) <= 20:
        return Intent("unknown_unit", unknown=text_before_cue, count=count)
    # 7. tasks mentioning a keyword
    if has("mention_words") and (has("task_words") or has("list_words")) and keyword:
        return Intent("tasks_mentioning", keyword=keyword)
    # 8. a section
    if paths and (has("overview_words") or has("list_words") or has("task_words") or text == paths[0].text):
        return Intent("section_overview", path=paths[0].candidates[0])
    # 9. targets
    if has("target_list_words") or (has("target_words") and has("list_words") and not keyword):
        return Intent("targets_list", year=year)
    if keyword and (has("target_words") or count):
        return Intent("target_value", keyword=keyword_all or keyword, year=year)
    if year is not None and (has("target_words") or has("task_words")) and has("list_words"):
        return Intent("targets_list", year=year)
    return Intent("not_understood")


def task_cue_strict(hits: dict[str, list[CueHit]]) -> bool:
    """A role cue (负责/牵头/配合 …): the question is about responsibility, not citations."""
    return any(c in hits for c in ("role_lead", "role_cooperate", "do_words"))


def _group_role(hits: dict[str, list[CueHit]]) -> str | None:
    roles = hits.get("group_roles")
    if not roles:
        return None
    counts = hits.get("count_words")
    if counts:
        after = [h for h in roles if h.start >= counts[0].start]
        if after:
            return after[0].word
    return roles[-1].word
