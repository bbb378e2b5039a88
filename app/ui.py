"""What several pages share: the sidebar, safe text, role names, the graph component."""
from __future__ import annotations

import contextlib
import hashlib
import html
import re

import networkx as nx
import streamlit as st

from app import state, zh
from app.graphview import TYPE_ZH
from kg.roles import ROLE_ZH, role_zh  # noqa: F401 - one word per role, re-exported for the pages
from app.viz import VizOptions, render_html


#: a target's comparator (the record's code) as a word in the 统计 table
COMPARATOR_WORDS = {">=": "不低于", "<=": "不超过", ">": "超过", "<": "低于", "=": "等于", "≈": "左右", "range": "区间"}

#: above this many documents the sidebar also offers a search box
FILTER_SEARCH_FROM = 4

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """Text from a document made inert for ``st.markdown``-rendering elements (every markup char escaped)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text if text is not None else ""))


def html_table(rows: list[dict], columns: list[str], nowrap: tuple[str, ...] = (),
               widths: dict[str, str] | None = None) -> None:
    """A plain HTML table, every cell HTML-escaped (document text is never markup).

    Drawn with ``st.html``: much quicker for the browser than ``st.table``, which renders each cell as Markdown.
    """
    cols = "".join(f'<col style="width:{html.escape((widths or {}).get(c, "auto"))}">' for c in columns)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f'<td{" class=kg-nowrap" if c in nowrap else ""}>{_cell_html(r.get(c))}</td>'
                         for c in columns) + "</tr>" for r in rows)
    st.html(f'<table class="kg-table"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _cell(v: object) -> str:
    return "" if v is None else " ".join(str(v).split())


def _cell_html(v: object) -> str:
    """A cell escaped, or its own ``__html__()`` (markup built from escaped text, e.g. a displacy highlight)."""
    return v.__html__() if hasattr(v, "__html__") else html.escape(_cell(v))


PAGE_CSS = """<style>
table.kg-table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 0.92rem; line-height: 1.55; }
table.kg-table th, table.kg-table td { border: 1px solid rgba(49, 51, 63, 0.15); padding: 6px 8px; vertical-align: top;
  text-align: left; }
table.kg-table th { background: rgba(49, 51, 63, 0.04); font-weight: 600; white-space: nowrap; }
table.kg-table td.kg-nowrap { white-space: nowrap; }
table.kg-table div.entities { line-height: 1.95 !important; }
table.kg-table mark.entity { padding: 0.1em 0.3em !important; margin: 0 0.1em !important; white-space: nowrap; }
table.kg-table mark.entity span { margin-left: 0.25rem !important; }
section[data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"] { max-height: 11.5rem; overflow-y: auto; }
div[data-testid="stTextArea"] textarea { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
</style>"""


def sidebar() -> None:
    """The store, its documents and the document picker (shared by every page), and the page's CSS.

    Its widgets belong to app/main.py whichever page draws it (问答 draws it after its question box), so the
    document choice is one widget on every page and survives moving between pages.
    """
    with _as_main_script():
        _sidebar()


@contextlib.contextmanager
def _as_main_script():
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        yield
        return
    with ctx.run_with_active_hash(ctx.pages_manager.main_script_hash):
        yield


def _sidebar() -> None:
    st.html(PAGE_CSS)
    st.html(zh.script(), unsafe_allow_javascript=True)  # Streamlit's own strings in Chinese (our text only)
    docs = state.documents()
    ids = [r["doc_id"] for r in docs]
    titles = {r["doc_id"]: r.get("title") or r["doc_id"] for r in docs}
    with st.sidebar:
        st.caption(f"图谱库: {md(state.store_location())}")
        if not ids:
            st.info("图谱库中还没有文件,请到「文档」页上传。")
            return
        if st.session_state.get("_known_docs") != ids:  # documents added or removed: pick all again
            st.session_state["_known_docs"] = ids
            st.session_state[state.DOCS_KEY] = ids
        document_filter(ids, titles)


def _pick(ids: list[str]) -> None:
    st.session_state[state.DOCS_KEY] = list(ids)


def document_filter(ids: list[str], titles: dict[str, str]) -> None:
    """The sidebar's document picker, usable with 5–50 documents: full titles (on hover too), a search that
    picks the matching documents, 全选 / 全不选; the chosen chips scroll in a box of bounded height."""
    if len(ids) > FILTER_SEARCH_FROM:
        q = st.text_input("搜索文件", key="doc_search", placeholder="标题或文件ID中的字词",
                          help="列出标题或文件ID含有这些字的文件,可一键只选它们。").strip()
        if q:
            hits = [d for d in ids if q.lower() in f"{titles.get(d, d)} {d}".lower()]
            if hits:
                st.button(f"只选这 {len(hits)} 个文件", key="doc_pick_hits", on_click=_pick, args=(hits,),
                          width="stretch", help="、".join(_short(titles.get(d, d), 30) for d in hits[:20]))
            else:
                st.caption("没有标题或文件ID含有这些字的文件。")
    st.multiselect("文件(筛选各页内容)", ids, key=state.DOCS_KEY, format_func=lambda d: f"{titles.get(d, d)} · {d}",
                   placeholder="选择文件(可输入字词查找)",
                   help="只看所选文件的任务、图谱和统计;全选或全不选即为全部文件。悬停可看完整标题。")
    c1, c2 = st.columns(2)
    c1.button("全选", key="doc_all", on_click=_pick, args=(ids,), width="stretch")
    c2.button("全不选", key="doc_none", on_click=_pick, args=([],), width="stretch")
    chosen = state.selected_docs()
    picked = st.session_state.get(state.DOCS_KEY) or []
    st.caption(f"共 {len(ids)} 个文件" + ("" if chosen is None else f",已选 {len(chosen)} 个")
               + (",未选即为全部" if not picked else ""))


def comparator_zh(code: str | None) -> str:
    """>= → 不低于, range → 区间, None → '' (a code it does not know is shown as is)."""
    return COMPARATOR_WORDS.get(code or "", code or "")


def unique_labels(labels: dict) -> dict:
    """The same mapping with every label distinct (Streamlit tells options apart by their label)."""
    seen: dict[str, int] = {}
    out = {}
    for key, label in labels.items():
        n = seen[label] = seen.get(label, 0) + 1
        out[key] = label if n == 1 else f"{label} ({n})"
    return out


def _short(s: str, n: int) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def fingerprint(g: nx.Graph) -> str:
    """A digest of the graph's nodes, edges and their attributes (to reuse a drawn page)."""
    h = hashlib.sha1()
    for n, a in sorted(g.nodes(data=True), key=lambda x: str(x[0])):
        h.update(repr((n, sorted(a.items()))).encode("utf-8"))
    for u, v, a in sorted(g.edges(data=True), key=lambda x: (str(x[0]), str(x[1]), repr(sorted(x[2].items())))):
        h.update(repr((u, v, sorted(a.items()))).encode("utf-8"))
    return h.hexdigest()


@st.cache_data(show_spinner=False, max_entries=64)
def _page(digest: str, _g: nx.Graph, height: int, meeting: bool, focus: tuple[str, ...], info: str) -> str:
    return render_html(_g, VizOptions(height=height, meeting=meeting, focus=focus), info=info)


def draw_graph(g: nx.Graph, *, height: int = 620, meeting: bool = False, focus: tuple[str, ...] = (),
               info: str = "") -> None:
    """Draw ``g`` with pyvis/vis-network in an iframe (the page is ours: offline, every text escaped).

    The page (and its layout) is built once per graph and options, not on every rerun.
    """
    st.iframe(_page(fingerprint(g), g, height, meeting, tuple(focus), info), height=height)


MEETING_CSS = """<style>
section[data-testid="stSidebar"], header[data-testid="stHeader"], div[data-testid="stToolbar"],
div[data-testid="collapsedControl"] { display: none !important; }
.block-container, div[data-testid="stMainBlockContainer"] { padding-top: 0.6rem !important; max-width: 100% !important; }
html, body, [class*="st-"] { font-size: 20px; }
h1, h2, h3 { font-size: 2rem !important; }
</style>"""


def meeting_css() -> None:
    """Full-screen meeting mode: no sidebar or header, larger text (app markup only)."""
    st.html(MEETING_CSS)


def enrich_titles(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` whose task nodes carry their full text for the hover (document text stays data)."""
    from kg.build import doc_iri

    h = g.copy()
    by_doc: dict[str, dict[str, dict]] = {}
    titles = state.doc_titles()
    prefixes = [(doc_iri(d) + "/task/", d) for d in titles]
    for n, a in h.nodes(data=True):
        t = a.get("type")
        label = str(a.get("label") or n)
        if t == "Task":
            doc = next((d for p, d in prefixes if str(n).startswith(p)), None)
            if doc is not None:
                if doc not in by_doc:
                    by_doc[doc] = state.task_details(doc)
                d = by_doc[doc].get(n)
                if d:
                    parts = [f"任务 {d.get('path', '')} {d.get('heading') or ''}".strip(),
                             f"文件: {titles.get(doc, doc)}"]
                    if d.get("deadline"):
                        parts.append(f"完成时限: {d['deadline']}")
                    parts.append(_short(d.get("text") or "", 400))
                    a["title"] = "\n".join(parts)
                    continue
        a["title"] = f"{TYPE_ZH.get(t, t or '')}: {label}"
    return h
