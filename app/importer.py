"""Uploaded files → the store, one transaction per document, with a result (or a Chinese error) per file.

A bad file never costs anything else: each file is read, extracted and built before its graph
replaces the document's old one in one transaction (:meth:`kg.store.Store.replace_graph`).
"""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from extract.errors import PolicyKGError
from extract.readers import SUPPORTED_SUFFIXES
from kg.store import Store

#: what the upload accepts: every suffix the readers know, without its dot
SUFFIXES = tuple(s.lstrip(".") for s in SUPPORTED_SUFFIXES)

#: error code → what it means, in Chinese (the original one-line message is shown too)
ERRORS_ZH = {
    "E101": "文件是空的,没有可读取的文字。",
    "E102": "找不到文件。",
    "E104": "没有读取该文件的权限。",
    "E105": "无法读取该文件。",
    "E106": "文件太大,请拆分后再上传。",
    "E107": "这不是文本文件,请上传 .txt、.docx、.pdf 或 .html 文件。",
    "E108": "无法识别文本编码,请另存为 UTF-8 编码的 .txt 后再上传。",
    "E109": ".docx 文件已损坏或不是 Word 文件,请用 Word/WPS 打开后另存为 .docx。",
    "E110": ".docx 文件设有密码,请先取消密码再上传。",
    "E111": "PDF 文件已损坏或不完整,请重新下载或导出。",
    "E112": "PDF 文件设有密码,请先取消密码再上传。",
    "E113": "PDF 没有文字层(可能是扫描件),请先做文字识别(OCR)。",
    "E114": "服务器无法读取 .doc 文件(缺少 antiword),请另存为 .docx 后上传。",
    "E115": ".doc 文件无法读取,请用 Word/WPS 打开后另存为 .docx。",
    "E116": "网页中没有找到正文,请把正文另存为 .txt 后上传。",
    "E117": "文件中没有文字(可能只有图片)。",
    "E118": "不支持的文件类型,请上传 .txt、.docx、.doc、.pdf 或 .html 文件。",
    "E131": "文字过长(超过 100 万字),请把文件拆分成几份(每份一个方案、通知或附件)后再上传。",
    "E132": "文件展开后过大(可能是“压缩炸弹”),已拒绝;请用 Word/WPS 或浏览器重新保存,或拆分后再上传。",
    "E199": "文件无法解析,请检查文件是否完好。",
}

_CODE = re.compile(r"\[(E\d{3})\]")


def error_zh(message: str) -> str:
    """A Chinese explanation of a coded error message, with its code (the English original is not shown).

    >>> error_zh("[E111] a.pdf: the PDF is damaged; export it again")
    'PDF 文件已损坏或不完整,请重新下载或导出。(错误代码 E111)'
    >>> error_zh("something unexpected")
    '文件无法导入,请检查文件是否完好。'
    """
    m = _CODE.search(message)
    zh = ERRORS_ZH.get(m.group(1)) if m else None
    if zh is None:
        zh = "文件无法导入,请检查文件是否完好。"
    return f"{zh}(错误代码 {m.group(1)})" if m else zh


@dataclass
class ImportResult:
    """What happened to one uploaded file."""

    name: str
    ok: bool
    doc_id: str | None = None
    counts: dict = field(default_factory=dict)
    replaced: bool = False
    error: str | None = None  # Chinese, one line
    warning: str | None = None  # Chinese, one line: imported, but check

    def row(self) -> dict:
        """A table row in Chinese."""
        c = self.counts
        if not self.ok:
            status = "失败"
        elif not c.get("tasks"):
            status = "已导入(未发现任务)"
        else:
            status = "已替换" if self.replaced else "已导入"
        return {"文件": self.name, "结果": status, "任务": c.get("tasks", 0), "单位": c.get("units", 0),
                "人员": c.get("people", 0), "目标": c.get("targets", 0),
                "说明": self.error or self.warning or ""}


def safe_name(name: str) -> str:
    """The file's own name (no folders), usable on disk; its stem becomes the document id."""
    base = re.split(r"[\\/]", name or "")[-1].strip().lstrip(".")
    base = re.sub(r'[\x00-\x1f<>:"|?*]', "_", base)
    return base or "document.txt"


def import_bytes(store: Store, name: str, data: bytes) -> ImportResult:
    """Read, extract, build and import one uploaded file; never raises for a bad file."""
    from extract.pipeline import extract_file
    from kg.build import build_document, graph_iri
    from ontology import ONTOLOGY_GRAPH

    fname = safe_name(name)
    suffix = fname.rsplit(".", 1)[-1].lower() if "." in fname else ""
    if suffix not in SUFFIXES:
        return ImportResult(name, False, error=f"不支持的文件类型「.{suffix or '无后缀'}」,"
                                                 "请上传 .txt、.docx、.doc、.pdf 或 .html 文件。")
    if not data:
        return ImportResult(name, False, error=ERRORS_ZH["E101"])
    path = Path(fname)
    try:
        with tempfile.TemporaryDirectory(prefix="policykg-upload-") as tmp:
            path = Path(tmp) / fname
            path.write_bytes(data)
            doc = extract_file(path)
        doc.source = fname
        built = build_document(doc)
        graphs = set(store.graphs())
        replaced = built.graph_iri in graphs or graph_iri(doc.doc) in graphs
        if ONTOLOGY_GRAPH not in graphs:
            store.ensure_ontology()
        store.import_built(built)
        from kg.due import relink_quietly  # 督办: a new plan or report changes which items link where
        relink_quietly(store)
    except PolicyKGError as e:
        return ImportResult(name, False, error=error_zh(str(e).replace(str(path), fname)))
    except Exception as e:  # noqa: BLE001 - one bad file must not stop the others
        return ImportResult(name, False, error=f"导入时出现内部错误({type(e).__name__}: {str(e)[:160]}),"
                                                 "其他文件不受影响。")
    warning = ("文中有单位和职责用语,但未识别出编号标题、任务表或成员名单;已按找到的内容导入,请核对原文格式。"
               f"(详情:{doc.warnings[0]})") if doc.warnings else None
    return ImportResult(name, True, built.doc_id, dict(built.counts), replaced, warning=warning)


def delete_document(store: Store, doc_id: str) -> bool:
    """Remove one document's graph; False when it was not there."""
    from kg.build import graph_iri

    g = graph_iri(doc_id)
    if g not in set(store.graphs()):
        return False
    store.drop_graph(g)
    from kg.due import relink_quietly
    relink_quietly(store)
    return True
