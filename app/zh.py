"""Streamlit's own interface strings in Chinese.

Streamlit has no locale setting: its frontend writes "Press Enter to submit form", the uploader's "Upload" and
"200MB per file", "Choose an option" and the dataframe toolbar's tooltips in English. A small script (our own
text only, no document text) translates exactly these strings in the page as they appear; the table below is
the whole of it, so a Streamlit upgrade that renames a string shows up as English again, not as an error.
"""
from __future__ import annotations

import json

#: Streamlit's English → Chinese: whole text of an element (or of an attribute: placeholder, aria-label, title)
STRINGS = {
    "Press Enter to submit form": "按回车键提交",
    "Press Enter to apply": "按回车键确认",
    "Press ⌘+Enter to apply": "按 ⌘+回车键确认",
    "Press Ctrl+Enter to apply": "按 Ctrl+回车键确认",
    "Press ⌘+Enter to submit form": "按 ⌘+回车键提交",
    "Press Ctrl+Enter to submit form": "按 Ctrl+回车键提交",
    "Upload": "选择文件",
    "Upload directories": "选择文件夹",
    "Browse files": "选择文件",
    "Drag and drop files here": "把文件拖到这里",
    "Drag and drop a file here": "把文件拖到这里",
    "Drag and drop file here": "把文件拖到这里",
    "Choose an option": "请选择",
    "Choose options": "请选择",
    "No results": "没有匹配项",
    "No options to select": "没有可选项",
    "Clear all": "全部清除",
    "Running...": "运行中…",
    "Stop": "停止",
    "Download as CSV": "下载 CSV",
    "Download as PNG": "下载 PNG",
    "Download as SVG": "下载 SVG",
    "Search": "搜索",
    "Fullscreen": "全屏",
    "Close fullscreen": "退出全屏",
    "Show/hide columns": "显示/隐藏列",
    "Show data": "查看数据",
    "Copy to clipboard": "复制",
    "Copied": "已复制",
    "Collapse sidebar": "收起侧栏",
    "Expand sidebar": "展开侧栏",
    "Skip to main content": "跳到正文",
    "Increment": "加一",
    "Decrement": "减一",
    "Open": "展开",
    "Selected values": "已选",
    "file upload": "上传文件",
    "Delete": "删除",
    "Remove file": "移除文件",
    "Link to heading": "本节链接",
    "Sidebar": "侧栏",
    "App pages": "页面",
}

#: patterns (JavaScript regular expressions, replacement with $1…) for strings that carry a number or a list
PATTERNS = [
    (r"^(?:Limit )?(\d+(?:\.\d+)?) ?([KMG]B) per file$", "每个文件不超过 $1$2"),
    (r"^• ?([A-Z0-9, ]+)$", "· 格式:$1"),
    (r"^Remove (.+)$", "移除 $1"),
    (r"^Help for (.+)$", "$1 的说明"),
    (r"^(\d+) files?$", "$1 个文件"),
    (r"^Showing page (\d+) of (\d+)$", "第 $1 页,共 $2 页"),
]

_SCRIPT = """<script>
(() => {
  const root = window;
  if (root.__kgZh) return;
  root.__kgZh = true;
  const S = %(strings)s;
  const P = %(patterns)s.map(([re, to]) => [new RegExp(re), to]);
  const ATTRS = ["placeholder", "aria-label", "title"];
  const zh = (t) => {
    const k = t.trim();
    if (!k || !/[A-Za-z]/.test(k)) return null;
    if (Object.prototype.hasOwnProperty.call(S, k)) return t.replace(k, S[k]);
    for (const [re, to] of P) { if (re.test(k)) return t.replace(k, k.replace(re, to)); }
    return null;
  };
  const fixText = (n) => { const z = zh(n.nodeValue || ""); if (z !== null && z !== n.nodeValue) n.nodeValue = z; };
  const fixEl = (el) => {
    for (const a of ATTRS) {
      const v = el.getAttribute && el.getAttribute(a);
      if (v) { const z = zh(v); if (z !== null && z !== v) el.setAttribute(a, z); }
    }
  };
  // document text is never touched: our tables, and Markdown outside buttons (a button's label is Streamlit's)
  const ours = (el) => !el || !!el.closest("script,style,.kg-table") ||
    (!!el.closest("[data-testid=stMarkdownContainer]") && !el.closest("button"));
  const walk = (node) => {
    if (node.nodeType === 3) { if (!ours(node.parentElement)) fixText(node); return; }
    if (node.nodeType !== 1 || ours(node)) return;
    fixEl(node);
    node.querySelectorAll("*").forEach(fixEl);
    const w = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    let t; while ((t = w.nextNode())) { if (!ours(t.parentElement)) fixText(t); }
  };
  walk(document.body);
  new MutationObserver((ms) => {
    for (const m of ms) {
      if (m.type === "characterData") { if (!ours(m.target.parentElement)) fixText(m.target); continue; }
      if (m.type === "attributes") { fixEl(m.target); continue; }
      m.addedNodes.forEach(walk);
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true,
                             attributeFilter: ATTRS});
})();
</script>"""


def script() -> str:
    """The translating script, to be placed once per page with ``st.html(..., unsafe_allow_javascript=True)``.

    >>> "按回车键提交" in script() and "<script>" in script()
    True
    """
    return _SCRIPT % {"strings": json.dumps(STRINGS, ensure_ascii=False), "patterns": json.dumps(PATTERNS)}
