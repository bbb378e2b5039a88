"""HTML pages of government sites: the article body as lines, the page chrome left out.

The body is the first of :data:`MAIN_SELECTORS` that holds enough Chinese text, else the
element whose ``<p>`` children hold the most. Navigation, breadcrumb, share buttons,
related links, footers and 备案号 lines are dropped; block elements become lines and table
rows become " |" rows. The title (``ArticleTitle`` meta, ``<h1>``, ``<title>``) is put
first when the body does not already start with it.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from extract.readers_common import (
    Errors,
    Limits,
    cjk_count,
    clean_line,
    fail,
    join_lines,
    table_row,
)
from extract.readers_text import decode_bytes

#: where government CMSs (TRS, UCAP, …) put the article body, most specific first
MAIN_SELECTORS: tuple[str, ...] = (
    "#zoom",
    ".TRS_Editor",
    "#UCAP-CONTENT",
    ".pages_content",
    ".article-content",
    ".content",
    ".article",
    ".view",
    "article",
)
#: a main-body candidate needs at least this many CJK characters
MIN_MAIN_CJK = 20
#: a candidate nested in a better one replaces it when it keeps this share of its text
NESTED_SHARE = 0.8

#: elements never part of the text
DROP_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "nav", "footer", "aside", "button", "input", "select", "textarea", "option", "head",
)
#: class/id words of page chrome (matched as whole words of the attribute, any case)
NOISE_WORDS: tuple[str, ...] = (
    "nav", "navbar", "menu", "breadcrumb", "crumb", "crumbs", "position", "location", "dqwz",
    "share", "bdshare", "jiathis", "fenxiang", "bshare", "related", "xgwz", "xgxx", "xglj",
    "footer", "foot", "copyright", "banquan", "toolbar", "tools", "print", "fontsize",
    "font-size", "zihao", "sidebar", "qrcode", "ewm", "erweima", "search", "login", "topbar",
    "header", "advert", "ads", "pager", "page-nav", "prev-next", "sxp",
)
_NOISE_ATTR = re.compile(
    r"(?:^|[\s_-])(?:" + "|".join(re.escape(w) for w in NOISE_WORDS) + r")(?:$|[\s_-])", re.I
)
#: lines of page chrome that survive inside the body (searched in lines of at most NOISE_LINE_MAX)
NOISE_LINES: tuple[str, ...] = (
    r"^.{0,30}(备案号|ICP备|ICP证|公网安备|网站标识码)",
    r"^\s*(版权所有|Copyright|©|网站地图|联系我们)",
    r"^\s*(主办单位|承办单位|技术支持|主办|承办)\s*[:：]",
    r"[【\[]?\s*字\s*[号体]\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小",
    r"^\s*[【\[]?\s*(打印(本页|此页|文章)?|关闭(窗口|本页)?|分享到|扫一扫|收藏|我要纠错|返回顶部)\s*[】\]]?\s*([:：].*)?$",
    r"^\s*(浏览次数|访问量|点击数|阅读次数)\s*[:：]",
)
NOISE_LINE_MAX = 80
_NOISE_LINE = re.compile("|".join(f"(?:{p})" for p in NOISE_LINES), re.I)

BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
        "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "address", "center", "form",
        "fieldset", "figure", "figcaption", "hr", "tr", "table", "tbody", "thead", "tfoot",
        "caption", "body", "html",
    }
)
#: a table whose cells hold this much block text is page layout, not data: walk it as blocks
LAYOUT_CELL_BLOCKS = 3

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: declared charsets read as a superset that decodes the same bytes
CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                   "cp936": "gb18030", "iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "utf-8",
                   "us-ascii": "utf-8", "unicode": "utf-16"}
#: separators between an article title and the site name in <title>
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|\s[-—–]\s|--)\s*")


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag (gb2312/gbk read as gb18030)."""
    m = _META_CHARSET.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    name = CHARSET_ALIASES.get(name, name)
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _is_noise(el) -> bool:
    attrs = getattr(el, "attrs", None)
    if not attrs:
        return False
    ident = " ".join([*(attrs.get("class") or []), str(attrs.get("id") or "")])
    return bool(ident.strip()) and _NOISE_ATTR.search(ident) is not None


#: a chrome-named element is kept when it holds this share of the body's text (it is the body)
NOISE_MAX_SHARE = 0.5


def _drop_tags(soup) -> None:
    """Remove comments and elements that are never text (scripts, nav, footer, …)."""
    from bs4 import Comment

    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for el in soup.find_all(DROP_TAGS):
        if not el.decomposed:
            el.decompose()


def _drop_chrome(main) -> None:
    """Remove elements named like page chrome (share, breadcrumb, related…) inside ``main``."""
    total = max(_cjk(main), 1)
    for el in main.find_all(_is_noise):
        if not el.decomposed and _cjk(el) < NOISE_MAX_SHARE * total:
            el.decompose()


def _cjk(el) -> int:
    return cjk_count(el.get_text(" ", strip=True))


def _main(soup):
    """The element that holds the article body."""
    for selector in MAIN_SELECTORS:
        try:
            found = [(el, _cjk(el)) for el in soup.select(selector)]
        except Exception:  # a selector the parser cannot apply to this tree
            continue
        found = [(el, n) for el, n in found if n >= MIN_MAIN_CJK]
        if not found:
            continue
        best, best_n = max(found, key=lambda t: t[1])
        improved = True
        while improved:
            improved = False
            for el, n in found:
                if el is not best and n >= NESTED_SHARE * best_n and best in el.parents:
                    best, best_n, improved = el, n, True
                    break
        return best
    scores: dict[int, tuple[object, int]] = {}
    for p in soup.find_all("p"):
        parent = p.parent
        if parent is None:
            continue
        el, n = scores.get(id(parent), (parent, 0))
        scores[id(parent)] = (el, n + _cjk(p))
    if scores:
        el, n = max(scores.values(), key=lambda t: t[1])
        if n >= MIN_MAIN_CJK:
            return el
    return soup.body or soup


def _is_layout_table(table) -> bool:
    if table.find("table") is not None:
        return True
    for cell in table.find_all(["td", "th"]):
        if len(cell.find_all(["p", "div", "br", "li"])) >= LAYOUT_CELL_BLOCKS:
            return True
    return False


def _own_rows(table):
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is table:
            yield tr


class _Lines:
    """Collects inline text into lines; a block boundary ends the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []

    def text(self, s: str) -> None:
        self.buf.append(s)

    def end(self) -> None:
        line = clean_line(re.sub(r"[ \t\r\n\f]+", " ", "".join(self.buf)))
        if line:
            self.lines.append(line)
        self.buf = []

    def add(self, line: str) -> None:
        self.end()
        if line:
            self.lines.append(line)


def _walk(el, out: _Lines) -> None:
    from bs4 import NavigableString, Tag

    for child in el.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString or child.__class__.__name__ == "CData":
                out.text(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            out.end()
        elif name == "table" and not _is_layout_table(child):
            out.end()
            for tr in _own_rows(child):
                cells = []
                for cell in tr.find_all(["td", "th"], recursive=False):
                    sub = _Lines()
                    _walk(cell, sub)
                    sub.end()
                    cells.append(" ".join(sub.lines))
                out.add(table_row(cells))
        elif name == "pre":
            out.end()
            for line in child.get_text().splitlines():
                out.add(clean_line(line))
        elif name in BLOCK_TAGS or name in ("td", "th"):
            out.end()
            _walk(child, out)
            out.end()
        else:
            _walk(child, out)


def _title(soup) -> str:
    """The article title: ArticleTitle meta, an h1 that the <title> contains, else <title>."""
    for name in ("ArticleTitle", "articletitle", "title", "og:title"):
        meta = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        if meta and clean_line(meta.get("content") or "") and cjk_count(meta.get("content") or ""):
            return clean_line(meta["content"])
    page_title = clean_line(soup.title.get_text(" ")) if soup.title else ""
    heads = [clean_line(h.get_text(" ")) for h in soup.find_all(["h1", "h2"])]
    heads = [h for h in heads if cjk_count(h) >= 4]
    for h in heads:
        if page_title and _norm(h) in _norm(page_title):
            return h
    h1 = [clean_line(h.get_text(" ")) for h in soup.find_all("h1")]
    h1 = [h for h in h1 if cjk_count(h) >= 4]
    if h1:
        return h1[0]
    parts = [p for p in _TITLE_SEPARATORS.split(page_title) if cjk_count(p) >= 2]
    return max(parts, key=cjk_count) if parts else ""


def _with_title(title: str, lines: list[str]) -> list[str]:
    if not title:
        return lines
    t = _norm(title)
    head = ""
    for line in lines[:3]:
        head += _norm(line)
        if t in head:
            return lines
    return [title, *lines]


def read_html(path: Path, data: bytes) -> str:
    """The article text of an HTML page."""
    text = decode_bytes(data, path, declared=declared_charset(data))
    if len(text) > Limits.HTML_MAX_CHARS:
        fail(path, Errors.E132, kind="HTML page",
             what=f"{len(text):,} characters of markup > {Limits.HTML_MAX_CHARS:,}")
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    title = _title(soup)
    _drop_tags(soup)
    main = _main(soup)
    _drop_chrome(main)
    out = _Lines()
    _walk(main, out)
    out.end()
    lines = [x for x in out.lines if not (len(x) <= NOISE_LINE_MAX and _NOISE_LINE.search(x))]
    if not lines:
        fail(path, Errors.E116)
    return join_lines(_with_title(title, lines))
