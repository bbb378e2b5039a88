"""Executors of the questions about targets (a metric's value, by year, all) and cited documents."""
from __future__ import annotations

import re
from typing import Any

from kg.ask.execute import EXECUTORS, MAX_LISTED, Ctx, Result
from kg.ask.text import compact, coverage, dice
from kg.ask.linker import Linker
from kg.store import IRI
from kg.units import normalize

__all__ = ["references", "targets_list", "target_value", "COMPARATOR_ZH"]

COMPARATOR_ZH = {">=": "以上", "<=": "以下", ">": "以上", "<": "以下", "=": "", "≈": "左右", "range": ""}


def _law_like(title: str, endings: tuple[str, ...]) -> bool:
    t = re.sub(r"[((][^()()]*[))]$", "", normalize(title))
    return t.endswith(endings)


def _self_citation(title: str, doc_title: str, cited_number: str | None = None,
                   own_number: str | None = None) -> bool:
    """A document citing itself (关于印发《X》的通知 citing X, or its own draft); a title written with
    another 发文字号 after it (《…》(国办发〔2016〕82号)) is another document, however alike the titles."""
    if cited_number and compact(cited_number) != compact(own_number or ""):
        return False
    t, d = compact(title), compact(doc_title)
    if not set(re.findall(r"(?:19|20)\d\d", t)) <= set(re.findall(r"(?:19|20)\d\d", d)):
        return False  # 《2024年…方案》 cited by the 2025 one: its predecessor
    return bool(t) and (t in d or dice(t, d) >= 0.8)


def _true(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1")


def _made_by_a_task(linker: Linker, doc_id: str, title: str, verbs: tuple[str, ...]) -> bool:
    """A title a task of the document works on (完善《X》, 修订《X》): not a basis of the document."""
    quoted = f"《{normalize(title)}》"
    for it in linker.items:
        if it.kind != "task" or it.doc_id != doc_id:
            continue
        text = normalize(it.text)
        i = text.find(quoted)
        while i >= 0:
            if any(text[max(0, i - len(v) - 2):i].endswith(v) or text[max(0, i - len(v) - 2):i - 1].endswith(v)
                   for v in verbs):
                return True
            i = text.find(quoted, i + 1)
    return False


def _document_answers(raw: list[dict]) -> list[dict]:
    """One answer per (title, document), in the rows' order."""
    return list({(r["title"], r["doc_id"]): {"kind": "document", "key": r["title"], "label": f"《{r['title']}》",
                                            "doc": r["doc_id"]} for r in raw}.values())


def references(ctx: Ctx) -> Result:
    raw = ctx.run("documents_cited", None, ctx.doc_binding())
    own = [ctx.linker.docs[r["doc_id"]].title if r["doc_id"] in ctx.linker.docs else None for r in raw]
    if ctx.intent.issued:  # 关于印发《X》的通知: the title the notice's own title quotes
        raw = [r for r, t in zip(raw, own) if t is not None and _self_citation(r["title"], t, r.get("cited_number"), r.get("own_number"))]
        answers = _document_answers(raw)
        if not answers:
            return Result("没有找到这份文件印发或转发的文件。", "document")
        return Result(f"印发的文件是{'、'.join(dict.fromkeys(a['label'] for a in answers))}。", "document", answers, raw)
    raw = [r for r, t in zip(raw, own) if t is None or not _self_citation(r["title"], t, r.get("cited_number"), r.get("own_number"))]
    if ctx.intent.replaced:  # 原《…》同时废止
        answers = _document_answers([r for r in raw if _true(r.get("replaced"))])
        if not answers:
            return Result("没有找到这份文件废止或替代的文件。", "document")
        return Result(f"废止的文件是{'、'.join(dict.fromkeys(a['label'] for a in answers))}。", "document", answers, raw)
    if ctx.intent.basis:
        verbs = ctx.cues.words("made_verbs")
        raw = [r for r in raw if not _made_by_a_task(ctx.linker, r["doc_id"], r["title"], verbs)
               and not _true(r.get("replaced"))]  # 原《…》同时废止: what it replaces is no basis
    if ctx.intent.law_only:
        raw = [r for r in raw if _law_like(r["title"], ctx.cues.words("law_title_endings"))]
    answers = _document_answers(raw)
    what = "法律法规" if ctx.intent.law_only else "依据的文件" if ctx.intent.basis else "文件"
    if not answers:
        return Result(f"没有找到引用的{what}。", "document")
    listed = "、".join(dict.fromkeys(a["label"] for a in answers))
    return Result(f"{'' if ctx.intent.basis else '引用的'}{what}有{len(set(a['key'] for a in answers))}份:{listed}。",
                  "document", answers, raw)


def _fmt_num(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


#: a target's sentence up to this length is answered as written; a longer one is summarised
TEXT_AS_WRITTEN = 80
#: comparators written before the number when a target is summarised (突破/超过 100家, 低于 5%)
_COMPARATOR_BEFORE = {">": "超过", "<": "低于"}


def _target_sentence(r: dict[str, Any]) -> str:
    """What the document says: the target's own sentence (with its year when the sentence lacks it), or for a
    long sentence metric + value in the document's sense (突破100家 is 超过100家, not 100家以上).

    >>> _target_sentence({"text": "高新技术企业突破100家", "year": 2026, "value": 100, "comparator": ">"})
    '到2026年,高新技术企业突破100家'
    >>> _target_sentence({"text": "", "metric": "高新技术企业", "value": 100.0, "measure": "家", "comparator": ">"})
    '高新技术企业:超过100家'
    """
    year = f"到{r['year']}年," if r.get("year") else ""
    text = " ".join((r.get("text") or "").split())
    if text and len(text) <= TEXT_AS_WRITTEN:
        return (year if r.get("year") and str(r["year"]) not in text else "") + text
    value = _fmt_num(r["value"])
    if r.get("value_max") is not None:
        value = f"{value}-{_fmt_num(r['value_max'])}"
    metric = re.sub(r"^\s*\d+[.、．]", "", r.get("metric") or "")
    comparator = r.get("comparator")
    before = _COMPARATOR_BEFORE.get(comparator, "")
    after = "" if before else COMPARATOR_ZH.get(comparator, "")
    return f"{year}{metric}:{before}{value}{r.get('measure') or ''}{after}"


def _same_target(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """One target written twice in a document (in the body and again in a table): same document, value, range,
    measure and year, and one metric inside the other."""
    if (a.get("doc_id"), a.get("value"), a.get("value_max"), a.get("measure") or "", a.get("year")) != \
            (b.get("doc_id"), b.get("value"), b.get("value_max"), b.get("measure") or "", b.get("year")):
        return False
    ma, mb = compact(a.get("metric") or ""), compact(b.get("metric") or "")
    return bool(ma and mb and (ma in mb or mb in ma))


def _distinct_targets(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Targets with repeats (body + table) answered once, the first written kept.

    >>> rows = [{"doc_id": "d", "value": 46, "year": 2026, "metric": "每万人有效发明专利拥有量"},
    ...         {"doc_id": "d", "value": 46, "year": 2026, "metric": "每万人有效发明专利拥有量(件)"}]
    >>> len(_distinct_targets(rows))
    1
    """
    out: list[dict[str, Any]] = []
    for r in raw:
        if not any(_same_target(r, k) for k in out):
            out.append(r)
    return out


def _target_answers(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"kind": "value", "key": r["value"], "label": _target_sentence(r), "doc": r["doc_id"]} for r in raw]


def targets_list(ctx: Ctx) -> Result:
    year = ctx.intent.year
    raw = _distinct_targets(ctx.run("targets", {"due_year": year}, ctx.doc_binding()))
    if not raw:
        return Result(f"没有找到{f'{year}年的' if year else ''}量化目标。", "value")
    listed = ";".join(_target_sentence(r) for r in raw[:MAX_LISTED]) + ("等" if len(raw) > MAX_LISTED else "")
    return Result(f"{f'{year}年' if year else ''}量化目标共{len(raw)}项:{listed}。", "value", _target_answers(raw),
                  raw)


def _value_distance(r: dict[str, Any], kw: str) -> int:
    """How far the value stands after the keyword in the target's text (smaller = closer)."""
    text = normalize(r.get("text") or "")
    value = _fmt_num(r["value"])
    best = 10 ** 6
    anchor = _anchor_end(text, kw)
    for m in re.finditer(re.escape(value), text):
        before = text[m.start() - 1:m.start()] if m.start() else ""
        after = text[m.end():m.end() + 1]
        if before.isdigit() or before == "." or after.isdigit() or (after == "." and text[m.end() + 1:m.end() + 2].isdigit()):
            continue
        d = m.start() - anchor
        best = min(best, d if d >= 0 else 1000 - d)
    return best


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _respectively(r: dict[str, Any], kw: str) -> float | None:
    """The value paired with the keyword in "A、B和C…分别…x、y和z" (None when the text is not like that).

    >>> _respectively({"text": "二氧化硫、氮氧化物和挥发性有机物排放总量比2015年分别下降15%、10%和26%"}, "挥发性有机物排放总量")
    26.0
    """
    text = normalize(r.get("text") or "")
    head, sep, tail = text.partition("分别")
    if not sep:
        return None
    tail = re.split(r"[。;,]", tail)[0]
    values = [float(v) for v in _NUMBER.findall(tail)]
    items = [i for i in re.split(r"[、和及与]", head) if compact(i)]
    if len(values) < 2 or len(items) != len(values):
        return None
    scores = [coverage(kw, compact(i)) + coverage(compact(i), kw) for i in items]
    best = max(scores)
    if scores.count(best) != 1 or best == 0:
        return None
    return values[scores.index(best)]


def _anchor_end(text: str, kw: str) -> int:
    """End of the longest piece of the keyword found in the text."""
    for size in range(len(kw), 1, -1):
        for i in range(0, len(kw) - size + 1):
            j = text.find(kw[i:i + size])
            if j >= 0:
                return j + size
    return 0


def target_value(ctx: Ctx) -> Result:
    it = ctx.intent
    docs = ctx.linked.docs
    raw = [r for r in ctx.linker.targets if docs is None or r["doc_id"] in docs]
    kw = compact(it.keyword or "")
    if not raw or len(kw) < 2:
        return Result("没有找到相应的量化目标。", "value")
    scored = []
    for r in raw:
        metric = compact(re.sub(r"^\s*\d+[.、．]", "", r["metric"] or ""))
        text = compact(r.get("text") or "")
        s = dice(kw, metric)
        if metric and (metric in kw or kw in metric):
            s = max(s, 0.9 + 0.1 * min(len(metric), len(kw)) / max(len(metric), len(kw)))
        s = max(s, 0.8 * coverage(kw, text))
        scored.append((s, r))
    best = max(s for s, _ in scored)
    if best < 0.5:
        return Result(f"没有找到与“{it.keyword}”对应的量化目标。", "value")
    cands = [r for s, r in scored if s >= best - 0.02]
    if it.year is not None:
        dated = [r for r in cands if r.get("year") == it.year]
        cands = dated or cands
    if len({(r["value"], r["doc_id"]) for r in cands}) > 1:
        picked = [r for r in cands if _respectively(r, kw) == r["value"]]
        cands = picked or cands
    if len({(r["value"], r["doc_id"]) for r in cands}) > 1:
        dist = {id(r): _value_distance(r, kw) for r in cands}
        closest = min(dist.values())
        cands = [r for r in cands if dist[id(r)] == closest]
    if len({(r["value"], r["doc_id"]) for r in cands}) > 1 and it.year is None:
        years = [r.get("year") or 0 for r in cands]
        cands = [r for r in cands if (r.get("year") or 0) == max(years)]
    rows = _distinct_targets(ctx.run("ask_target_values", None, {"target": [IRI(r["target"]) for r in cands]}))
    answers = _target_answers(rows)
    return Result("目标:" + ";".join(_target_sentence(r) for r in rows) + "。", "value", answers, rows)



EXECUTORS.update({"references": references, "targets_list": targets_list, "target_value": target_value})
