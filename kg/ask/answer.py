"""Answer Chinese questions from the graph: ``ask(store, "区财政局负责哪些任务?")``.

The pipeline: normalize (NFKC, traditional → simplified, no spaces or question mark) → link
entities against the store (:mod:`kg.ask.linker`: units with aliases, partial names and
jurisdictions, people, documents, places, paths, years) → segment with jieba (every name of the
store and every cue word as user words) → cue words (:mod:`kg.ask.intents`, data in
``kg/ask/cues.json``) → an intent → a named SPARQL query with bound values
(:mod:`kg.ask.execute`) → rows → a one-sentence Chinese answer, the answers in the eval format, the
source text of each task and the SPARQL used.

A name meaning several units (区财政局 of two districts) gets a question back (``clarify``); a
question no rule fits gets "未能理解" with what was recognised and three example questions that
work on this store. It never guesses.

Examples
--------
>>> a = ask(store, "区财政局负责哪些任务?")
>>> [x["key"] for x in a.answers], a.kind
(['2.1.1', '2.2.3'], 'task')
>>> ask(store, "區財政局 負責哪些任務").answers == a.answers
True
>>> ask(store, "领导小组组长是谁").answers[0]["key"]
'张三'
"""
from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from kg.ask.execute import Ctx, Result, execute
from kg.ask.text import compact, normalize_question
from kg.ask.intents import Cues, classify, find_cues, load_cues
from kg.ask.linker import Linked, Linker, clear_cache, linker_for
from kg.store import Store

__all__ = ["Answer", "ask", "example_questions", "clear_cache", "NOT_UNDERSTOOD"]

NOT_UNDERSTOOD = "未能理解"
MAX_QUESTION_CHARS = 300  # a longer text is not a question (and would make linking slow)
_SEG_LOCK = threading.Lock()
log = logging.getLogger(__name__)


@dataclass
class Answer:
    """The answer to one question.

    ``answers`` follow the eval format: ``{"kind", "key", "label", "doc"}`` with key = task path,
    unit or person name as written, number, or cited title. ``rows`` carry each task's path,
    heading, document, role, units and source text (with its character span).
    """

    question: str
    text: str
    kind: str | None = None
    answers: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    sparql: str = ""
    clarify: list[dict[str, str]] = field(default_factory=list)
    understood: bool = True
    entities: list[dict[str, Any]] = field(default_factory=list)
    intent: dict[str, Any] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    normalized: str = ""
    seconds: float = 0.0
    suggest: list[dict[str, str]] = field(default_factory=list)  # 您是不是要问: {"label", "question"}
    is_sparql: bool = False  # the "question" is a SPARQL query: it belongs on the SPARQL page

    def to_json(self) -> dict[str, Any]:
        """The JSON of ``kg ask --json`` (``answers`` and ``sparql`` as in ../shared/eval/README.md)."""
        return {
            "question": self.question, "answers": self.answers, "sparql": self.sparql,
            "answer_text": self.text, "kind": self.kind, "rows": self.rows, "clarify": self.clarify,
            "understood": self.understood, "intent": self.intent, "entities": self.entities,
            "examples": self.examples, "normalized": self.normalized, "suggest": self.suggest,
            "is_sparql": self.is_sparql,
        }


# ------------------------------------------------------------------ segmentation

SEGMENTER_MIN_FREQ = 30  # words of jieba's dictionary kept (~67k of 349k): loads in a fraction of the time


def _small_dictionary() -> str:
    """jieba's own dictionary without its rarest words, written once to the user cache directory."""
    import os
    import tempfile
    from pathlib import Path

    import jieba

    src = Path(jieba.__file__).with_name("dict.txt")
    from kg.paths import cache_dir

    for folder in (cache_dir(), Path(tempfile.gettempdir()) / "policykg"):
        target = folder / f"jieba_dict_f{SEGMENTER_MIN_FREQ}.txt"
        if target.is_file() and target.stat().st_size > 0:
            return str(target)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            lines = [ln for ln in src.read_text(encoding="utf-8").splitlines()
                     if len(ln.split()) >= 2 and ln.split()[1].isdigit() and int(ln.split()[1]) >= SEGMENTER_MIN_FREQ]
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
            os.replace(tmp, target)
            return str(target)
        except OSError:
            continue
    return str(src)


class Segmenter:
    """jieba (one tokenizer per process) with every name in the store and every cue word as user words."""

    _shared = None
    _lock = threading.Lock()

    def __init__(self, words: set[str]):
        self.tk = self._tokenizer()
        with self._lock:
            for w in sorted(words):
                if self.tk.FREQ.get(w, 0) < 200000:
                    self.tk.add_word(w, freq=200000)

    @classmethod
    def _tokenizer(cls):
        with cls._lock:
            if cls._shared is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tk = jieba.Tokenizer(dictionary=_small_dictionary())
                tk.initialize()
                cls._shared = tk
            return cls._shared

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        """(word, start, end) for each token."""
        return list(self.tk.tokenize(text, HMM=False))


def _segmenter(linker: Linker, cues: Cues) -> Segmenter:
    seg = getattr(linker, "_segmenter", None)
    if seg is None:
        with _SEG_LOCK:
            seg = getattr(linker, "_segmenter", None)
            if seg is None:
                seg = Segmenter(linker.user_words() | cues.vocabulary)
                linker._segmenter = seg
    return seg


def _runs(text: str, tokens: list[tuple[str, int, int]], linked: Linked, consumed: set[str],
          droppable: set[str]) -> list[str]:
    """Keyword candidates: maximal runs of tokens that are neither cue nor stop words nor consumed entities."""
    dropped = [False] * len(text)
    for m in linked.mentions:
        if m.kind in consumed:
            for k in range(m.start, m.end):
                dropped[k] = True
    runs, cur = [], ""
    for w, s, e in tokens:
        if any(dropped[s:e]) or w in droppable:
            if cur:
                runs.append(cur)
            cur = ""
            continue
        if not compact(w):
            cur += w if cur else ""
            continue
        cur += w
    if cur:
        runs.append(cur)
    return [r.strip("“”\"'()《》、,") for r in runs if compact(r)]


def _before_cue(text: str, hits: dict, linked: Linked, cues: Cues) -> str | None:
    starts = [h.start for c in ("role_lead", "role_cooperate", "role_all", "task_words", "do_words",
                                "count_words", "list_words") for h in hits.get(c, [])]
    if not starts:
        return None
    first = min(starts)
    if any(m.start < first for m in linked.mentions if m.kind in ("unit", "person")):
        return None
    head = text[:first]
    singles = {w for w in cues.words("stop_words") if len(w) == 1}
    while head and head[-1] in singles:
        head = head[:-1]
    return head or None


# ------------------------------------------------------------------ asking

def ask(store: Store, question: str) -> Answer:
    """Answer a Chinese question from the store.

    Parameters
    ----------
    store : Store
        An open store (:func:`kg.stores.open_store`).
    question : str
        The question as typed (simplified or traditional, any width, with or without ``?``).

    Returns
    -------
    Answer
        ``.text`` (one sentence), ``.answers``, ``.rows``, ``.sparql``, ``.clarify``,
        ``.understood``; ``.to_json()`` for ``kg ask --json``.
    """
    return _ask(store, question, with_examples=True)


def _ask(store: Store, question: str, with_examples: bool, suggest: bool = True) -> Answer:
    started = time.perf_counter()
    cues = load_cues()
    linker = linker_for(store)
    norm = normalize_question(question, cues.variants)
    answer = Answer(question=question, text="", normalized=norm)
    if SPARQL_TEXT.search(question or ""):
        answer.is_sparql = True
        return _not_understood(store, answer, None, linker, with_examples, started)
    if not compact(norm) or len(norm) > MAX_QUESTION_CHARS:
        return _not_understood(store, answer, None, linker, with_examples, started)
    linked = linker.link(norm, cues.grammar)
    from kg.ask.due import due_question  # 督办: 逾期 / 到期 / 进展 / 滞后 / 完成了吗

    due = due_question(store, norm, linked)
    if due is not None:
        answer.entities = _entities(linker, linked)
        answer.intent = {"intent": due.intent}
        _fill(answer, due.result, due)
        answer.seconds = time.perf_counter() - started
        return answer
    seg = _segmenter(linker, cues)
    tokens = seg.tokens(norm)
    boundaries = {0, len(norm)} | {s for _, s, _ in tokens} | {e for _, _, e in tokens}
    boundaries |= {m.end for m in linked.mentions}  # a cue right after a name (规划建设组|组长) stands whole
    vocabulary = cues.vocabulary
    for w, s, e in tokens:  # inside a cue word (几个单位) its parts are cues too (几个)
        if w in vocabulary:
            boundaries.update(range(s, e))
    hits = find_cues(linked.masked(), cues, boundaries, {"group_roles": linker.group_roles})
    drop = cues.droppable | linker.group_roles
    base = {"year", "doc", "place", "group", "path", "person"}
    without_units = _runs(norm, tokens, linked, base | {"unit"}, drop)
    with_units = _runs(norm, tokens, linked, base, drop)
    keyword = max(with_units, key=len) if without_units and with_units else ""
    keyword_all = "".join(r for r in with_units if len(compact(r)) > 1)
    titles = linker.post_titles
    intent = classify(linked, hits, keyword, keyword_all, titles, _before_cue(norm, hits, linked, cues))
    answer.entities = _entities(linker, linked)
    answer.intent = intent.to_dict()
    if intent.name == "not_understood":
        if suggest:
            heading = _quoted_heading(linker, norm, linked)
            if heading:  # the question is (or quotes) a task's full heading: that task and its units
                found = _ask(store, f"“{heading}”由哪些单位负责", with_examples, suggest=False)
                if found.understood and found.answers:
                    found.question, found.seconds = question, time.perf_counter() - started
                    return found
            answer.suggest = did_you_mean(store, linker, norm, linked)
        return _not_understood(store, answer, linked, linker, with_examples, started)
    ctx = Ctx(store, linker, linked, intent, cues)
    result = execute(ctx)
    _fill(answer, result, ctx)
    if suggest and intent.name == "unknown_unit":
        answer.suggest = did_you_mean(store, linker, norm, linked)
        if answer.suggest:
            answer.text += f"{DID_YOU_MEAN}{answer.suggest[0]['question']}?"
    answer.seconds = time.perf_counter() - started
    return answer


# ------------------------------------------------------------------ questions as people type them

#: a SPARQL query pasted into the question box
SPARQL_TEXT = re.compile(r"^\s*(?:(?:PREFIX|BASE)\b[^{]*)?\b(?:SELECT|CONSTRUCT|ASK|DESCRIBE|INSERT|DELETE)\b[^{]*\{",
                         re.IGNORECASE)
SPARQL_HINT = "这是一条 SPARQL 查询,不是问题:请到「SPARQL」页运行它(命令行用 kg sparql)。"
DID_YOU_MEAN = "您是不是要问:"
MAX_SUGGESTIONS = 3
_MIN_TYPO_NAME = 3  # names shorter than this are too easily one character away from anything


def did_you_mean(store: Store, linker: Linker, norm: str, linked: Linked | None) -> list[dict[str, str]]:
    """Questions with one mistyped character of a unit's name corrected (市财正局 → 市财政局) that this store
    answers: ``[{"label": name, "question": corrected question}]`` (empty when there is none).

    >>> [s["question"] for s in did_you_mean(store, linker_for(store), "区财正局负责哪些任务", None)]
    ['区财政局负责哪些任务']
    """
    taken = set()
    for m in (linked.mentions if linked else []):
        if m.kind in ("unit", "person"):
            taken.update(range(m.start, m.end))
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for start, end, name in linker.near_names(norm, _MIN_TYPO_NAME):
        if taken & set(range(start, end)):
            continue
        corrected = norm[:start] + name + norm[end:]
        if corrected in seen:
            continue
        seen.add(corrected)
        a = _ask(store, corrected, with_examples=False, suggest=False)
        if a.understood and (a.answers or a.clarify) and a.intent.get("intent") != "unknown_unit":
            out.append({"label": name, "question": corrected})
        if len(out) >= MAX_SUGGESTIONS:
            break
    return out


def _quoted_heading(linker: Linker, norm: str, linked: Linked) -> str | None:
    """The heading of the task whose full heading the question is or quotes (None when there is none)."""
    q = compact(re.sub(r"^\s*[0-9T][0-9.]*\s*", "", norm))
    q = q.strip("“”\"'《》「」")
    if len(q) < 4:
        return None
    docs = linked.docs
    hits = {i.heading_c for i in linker.items
            if i.kind == "task" and len(i.heading_c) >= 4 and (docs is None or i.doc_id in docs)
            and (i.heading_c == q or f"“{i.heading_c}”" in norm or f'"{i.heading_c}"' in norm)}
    if len(hits) != 1:
        return None
    h = next(iter(hits))
    return next(i.heading for i in linker.items if i.heading_c == h)


def _fill(answer: Answer, result: Result, ctx: Ctx) -> None:
    answer.text = result.text
    answer.kind = result.kind
    answer.answers = [_plain(a) for a in result.answers]
    answer.rows = [_plain(r) for r in result.rows]
    answer.clarify = result.clarify
    answer.understood = result.understood
    answer.sparql = "\n\n".join(dict.fromkeys(ctx.sparql)) if not result.clarify else ""


def _plain(d: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in d.items():
        if isinstance(v, set):
            v = sorted(v)
        out[k] = v
    return out


def _entities(linker: Linker, linked: Linked) -> list[dict[str, Any]]:
    out = []
    for m in linked.mentions:
        if m.kind == "unit":
            labels = [f"{linker.unit_label(i)}({linker.place_of(i)[0]})" for i in m.candidates]
        elif m.kind == "person":
            labels = [linker.people[i].name for i in m.candidates]
        elif m.kind in ("doc", "place", "group"):
            labels = [linker.docs[d].title for d in m.candidates if d in linker.docs]
        else:
            labels = list(m.candidates)
        out.append({"kind": m.kind, "text": m.text, "how": m.how, "candidates": labels})
    return out


def _not_understood(store: Store, answer: Answer, linked: Linked | None, linker: Linker, with_examples: bool,
                    started: float) -> Answer:
    answer.understood = False
    answer.kind = None
    if answer.is_sparql:
        answer.text = f"{NOT_UNDERSTOOD}这个问题。{SPARQL_HINT}"
        answer.intent = {"intent": "not_understood", "sparql": True}
        answer.examples = example_questions(store) if with_examples else []
        answer.seconds = time.perf_counter() - started
        return answer
    answer.examples = example_questions(store) if with_examples else []
    seen = "、".join(f"{e['text']}({_KIND_ZH.get(e['kind'], e['kind'])})" for e in answer.entities)
    parts = [f"{NOT_UNDERSTOOD}这个问题。"]
    if answer.suggest:
        parts.append(DID_YOU_MEAN + " ".join(s["question"] + "?" for s in answer.suggest))
    if seen:
        parts.append(f"识别到:{seen}。")
    if answer.examples:
        parts.append("可以这样问:" + " ".join(answer.examples))
    answer.text = "".join(parts)
    answer.intent = answer.intent or {"intent": "not_understood"}
    answer.seconds = time.perf_counter() - started
    return answer


_KIND_ZH = {"unit": "单位", "person": "人员", "doc": "文件", "place": "地区", "group": "领导小组", "path": "条目",
            "year": "年份"}


# ------------------------------------------------------------------ example questions

def example_questions(store: Store, n: int = 3) -> list[str]:
    """Up to ``n`` questions that get a real answer on this store (checked by asking them).

    >>> example_questions(store)
    ['区发改局负责哪些任务?', '领导小组组长是谁?', '数字经济核心产业增加值的目标是多少?']
    """
    linker = linker_for(store)
    cached = getattr(linker, "_examples", None)
    if cached is None:
        cached = linker._examples = _make_examples(store, linker)
    return cached[:n]


def _make_examples(store: Store, linker: Linker, limit: int = 5) -> list[str]:
    from kg.queries import run

    groups: list[list[str]] = [[], [], [], [], []]
    counts = run(store, "unit_task_counts")
    for r in counts[:6]:
        u = linker.units.get(r["unit"])
        if u is not None and not u.collective:
            groups[0].append(f"{linker.unit_label(r['unit'])}负责哪些任务?")
    for role in ("组长", "副组长"):
        if role in linker.group_roles:
            groups[1].append(f"领导小组{role}是谁?")
    for r in run(store, "targets")[:20]:
        metric = r.get("metric") or ""
        if 4 <= len(metric) <= 14 and compact(metric) == metric and not any(ch.isdigit() for ch in metric):
            groups[2].append(f"{metric}的目标是多少?")
    for it in linker.items:
        if it.kind == "task" and 4 <= len(it.heading_c) <= 12 and it.heading_c == it.heading:
            groups[3].append(f"{it.heading}由哪些单位负责?")
    groups[4].append("这个文件引用了哪些文件?")
    out: list[str] = []
    for i in range(max(len(g) for g in groups)):
        for g in groups:
            if i < len(g) and len(out) < limit and g[i] not in out:
                try:
                    a = _ask(store, g[i], with_examples=False)
                except Exception as e:  # an example that fails is simply not offered
                    log.debug("example %s failed: %s", g[i], e)
                    continue
                if a.understood and a.answers and not a.clarify:
                    out.append(g[i])
        if len(out) >= limit:
            break
    return out

