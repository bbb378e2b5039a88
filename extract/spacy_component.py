"""The extractor as a spaCy pipeline component ``policykg`` (registered through the ``spacy_factories`` entry point).

After ``pip install policykg`` no import is needed::

    nlp = spacy.blank("zh")          # spaCy's character segmenter: nothing to download
    nlp.add_pipe("policykg")
    doc = nlp(text)

The component runs :func:`extract.pipeline.extract_text` on ``doc.text`` and writes:

- ``doc.spans["tasks"]`` (label ``task``) and ``doc.spans["units"]`` (label = the unit's role:
  ``lead`` 牵头 / ``responsible`` 责任 / ``cooperate`` 配合, :data:`extract.model.ROLES`);
- ``doc.spans["people"]`` (label ``PERSON``) and ``doc.spans["targets"]`` (label ``TARGET``), and both in
  ``doc.ents`` where they do not overlap;
- ``Span._.policykg``: the item of the ``kg extract --json`` record the span comes from (a unit's adds
  ``task``, the path of its task); ``Doc._.policykg``: the whole record.

Spans are the record's character spans, widened to whole tokens (``alignment_mode="expand"``).
"""
from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extract.pipeline import extract_text

__all__ = ["PolicyKG", "make_policykg", "GROUPS", "EXT"]

EXT = "policykg"
#: span group → the label of its spans (units are labelled with their role instead)
GROUPS = {"tasks": "task", "units": None, "people": "PERSON", "targets": "TARGET"}


def _item(span: Span) -> dict[str, Any] | None:
    """The record item a span was made from (its ``span_id`` is the item's place in the record)."""
    rec = span.doc._.get(EXT)
    group, *at = span.id_.split("/") if span.id_ else ("",)
    if not rec or group not in GROUPS or not at:
        return None
    if group == "units":
        task = rec["tasks"][int(at[0])]
        return {**task["units"][int(at[1])], "task": task["path"]}
    return rec[group][int(at[0])]


if not Doc.has_extension(EXT):
    Doc.set_extension(EXT, default=None)
if not Span.has_extension(EXT):
    Span.set_extension(EXT, getter=_item)


def _offset_map(record_text: str, text: str):
    """Map offsets in the extractor's text to ``text`` (the extractor drops ``\\r`` and page-number lines)."""
    if record_text == text:
        return lambda i: i
    pos = [0] * (len(record_text) + 1)
    for a, b, n in SequenceMatcher(None, record_text, text, autojunk=False).get_matching_blocks():
        for k in range(n + 1):
            if a + k <= len(record_text):
                pos[a + k] = b + k
    return lambda i: pos[i]


class PolicyKG:
    """Marks a document's tasks, units (by role), people and targets, from :mod:`extract.pipeline`."""

    def __init__(self, nlp: Language, name: str = "policykg"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        rec = extract_text(doc.text, doc="spacy").to_record()
        at = _offset_map(rec["text"], doc.text)
        groups: dict[str, list[Span]] = {g: [] for g in GROUPS}

        def add(group: str, key: str, item: dict[str, Any], label: str) -> None:
            if item.get("start", -1) < 0 or item.get("end", -1) <= item["start"]:
                return
            span = doc.char_span(at(item["start"]), at(item["end"]), label=label, alignment_mode="expand",
                                 span_id=key)
            if span is not None:
                groups[group].append(span)

        for i, task in enumerate(rec["tasks"]):
            add("tasks", f"tasks/{i}", task, GROUPS["tasks"])
            for j, unit in enumerate(task["units"]):
                add("units", f"units/{i}/{j}", {**unit, "task": task["path"]}, unit["role"])
        for i, person in enumerate(rec["people"]):
            add("people", f"people/{i}", person, GROUPS["people"])
        for i, target in enumerate(rec["targets"]):
            add("targets", f"targets/{i}", target, GROUPS["targets"])
        for group, spans in groups.items():
            doc.spans[group] = spans
        doc.ents = filter_spans(groups["people"] + groups["targets"])
        doc._.set(EXT, rec)
        return doc


@Language.factory("policykg", default_config={},
                  assigns=["doc.ents", "doc.spans", "doc._.policykg", "span._.policykg"])
def make_policykg(nlp: Language, name: str) -> PolicyKG:
    """The ``policykg`` factory (``nlp.add_pipe("policykg")``)."""
    return PolicyKG(nlp, name)
