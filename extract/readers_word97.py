"""Word 97-2003 .doc text without external tools: the piece table of the WordDocument stream.

The OLE container is opened with olefile; the text is what the piece table (Clx) lists
for the main document (the first ``ccpText`` characters, so headers, footers and their page
numbers stay out). Paragraphs end in CR; a table cell ends in 0x07 and a row in a second
0x07, so rows come out as :func:`extract.readers_common.table_row` lines like the other
readers. Field instructions (between 0x13 and 0x14) are dropped, their results kept.
"""
from __future__ import annotations

import io
import struct

from extract.readers_common import join_lines, table_row

W_IDENT = 0xA5EC
#: FIB offsets (Word 97 and later): flags, ccpText (FibRgLw97), fcClx/lcbClx (FibRgFcLcb97)
FIB_FLAGS, FIB_CCP_TEXT, FIB_FC_CLX = 0x0A, 0x4C, 0x1A2
F_ENCRYPTED, F_WHICH_TABLE = 0x0100, 0x0200
MIN_NFIB = 101  # Word 6/95 files have no piece table of this shape
#: control characters of the text stream → what they stand for in plain text
CONTROL = {"\x0b": "\n", "\x0c": "\n", "\x0e": "\n", "\x1e": "-", "\xa0": " "}
DROPPED = set("\x01\x02\x03\x04\x05\x08\x1f")


class Word97Error(ValueError):
    """The file is not a Word 97 document this reader can read (the message says why);
    ``unsupported`` when it may be a sound file of a kind a converter reads (Word 6/95)."""

    def __init__(self, message: str, unsupported: bool = False):
        super().__init__(message)
        self.unsupported = unsupported


def word97_text(data: bytes) -> str:
    """The main text of a Word 97-2003 document, one line per paragraph or table row."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as e:  # olefile raises OSError and others on a damaged container
        raise Word97Error(f"damaged OLE container: {type(e).__name__}") from e
    with ole:
        if not ole.exists("WordDocument"):
            raise Word97Error("no WordDocument stream (not a Word file)")
        word = ole.openstream("WordDocument").read()
        if len(word) < FIB_FC_CLX + 8 or struct.unpack_from("<H", word, 0)[0] != W_IDENT:
            raise Word97Error("no Word file information block")
        nfib, = struct.unpack_from("<H", word, 2)
        flags, = struct.unpack_from("<H", word, FIB_FLAGS)
        if nfib < MIN_NFIB:
            raise Word97Error("a Word 6/95 file", unsupported=True)
        if flags & F_ENCRYPTED:
            raise Word97Error("password-protected")
        name = "1Table" if flags & F_WHICH_TABLE else "0Table"
        if not ole.exists(name):
            raise Word97Error(f"no {name} stream")
        table = ole.openstream(name).read()
    ccp_text, = struct.unpack_from("<I", word, FIB_CCP_TEXT)
    fc_clx, lcb_clx = struct.unpack_from("<II", word, FIB_FC_CLX)
    pieces = _pieces(table[fc_clx:fc_clx + lcb_clx])
    chars: list[str] = []
    for cp_start, cp_end, fc, compressed in pieces:
        if cp_start >= ccp_text:
            break
        n = min(cp_end, ccp_text) - cp_start
        if compressed:
            chars.append(word[fc:fc + n].decode("cp1252", "replace"))
        else:
            chars.append(word[fc:fc + 2 * n].decode("utf-16-le", "replace"))
    return _lines("".join(chars))


def _pieces(clx: bytes) -> list[tuple[int, int, int, bool]]:
    """(first cp, end cp, byte offset, 8-bit?) of each piece in a Clx."""
    i = 0
    while i < len(clx) and clx[i] == 0x01:  # Prc: property modifiers, skipped
        size, = struct.unpack_from("<H", clx, i + 1)
        i += 3 + size
    if i >= len(clx) or clx[i] != 0x02:
        raise Word97Error("no piece table")
    lcb, = struct.unpack_from("<I", clx, i + 1)
    plc = clx[i + 5:i + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise Word97Error("empty piece table")
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    out = []
    for k in range(n):
        fc, = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * k + 2)
        compressed = bool(fc & 0x40000000)
        offset = (fc & 0x3FFFFFFF) // 2 if compressed else fc & 0x3FFFFFFF
        out.append((cps[k], cps[k + 1], offset, compressed))
    return out


def _lines(text: str) -> str:
    """Paragraphs and table rows of the text stream as lines.

    A cell mark right after a cell mark ends the row (Word writes one after the last
    cell); an empty cell in mid-row therefore ends it too, a limit of reading without
    the paragraph properties. A paragraph break inside a cell after the first is a space."""
    lines: list[str] = []
    cells: list[str] = []
    current: list[str] = []
    after_mark = False
    depth = 0  # inside a field's instructions (0x13 … 0x14)
    for ch in text:
        if ch == "\x13":
            depth += 1
            continue
        if ch in "\x14\x15":
            depth = max(0, depth - 1) if ch == "\x14" or depth else 0
            continue
        if depth:
            continue
        if ch == "\x07":
            if after_mark and not current:
                lines.append(table_row(cells))
                cells, after_mark = [], False
            else:
                cells.append("".join(current).strip())
                current, after_mark = [], True
            continue
        after_mark = False
        if ch == "\r":
            if cells:
                current.append(" ")
            else:
                lines.append("".join(current))
                current = []
        elif ch in CONTROL:
            current.append(CONTROL[ch])
        elif ch not in DROPPED:
            current.append(ch)
    if cells:
        lines.append(table_row(cells))
    lines.append("".join(current))
    return join_lines(x for line in lines for x in line.split("\n"))
