"""Page-number lines: what a page number printed on its own line looks like.

Used by the PDF reader (every pattern, at a page's edges) and by the pipeline (the framed
ones, anywhere in the text: — 3 —, 第3页).
"""

#: dashes that frame a page number (— 3 —, -3-, －3－)
PAGE_DASHES = "-—–－―‒─"

#: page numbers that cannot be anything else, wherever the line is
PAGE_NUMBER_FRAMED: tuple[str, ...] = (
    rf"[{PAGE_DASHES}]+\s*\d{{1,4}}\s*[{PAGE_DASHES}]+",
    r"第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?",
)

#: lines that are page numbers (matched against the whole stripped line of a PDF page)
PAGE_NUMBER_LINES: tuple[str, ...] = PAGE_NUMBER_FRAMED + (
    r"共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页",
    r"\d{1,4}\s*/\s*\d{1,4}",
    r"(?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?",
)

#: a bare number is a page number only as a page's first or last line
BARE_PAGE_NUMBER = r"\d{1,4}"

__all__ = ["PAGE_DASHES", "PAGE_NUMBER_FRAMED", "PAGE_NUMBER_LINES", "BARE_PAGE_NUMBER"]
