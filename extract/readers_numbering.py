"""Number formats of Word list labels (``w:numFmt``) and the numbering markers of policy text."""
from __future__ import annotations

import re

CN_DIGITS = "零一二三四五六七八九"
CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
CN_UNITS = ("", "十", "百", "千")
CN_LEGAL_UNITS = ("", "拾", "佰", "仟")
IDEOGRAPH_DIGITS = "〇一二三四五六七八九"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PARENTHESIZED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
FULL_STOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def chinese_number(n: int, digits: str = CN_DIGITS, units: tuple[str, ...] = CN_UNITS) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (up to 9999; larger as digits)."""
    if n <= 0 or n > 9999:
        return str(n)
    out, zero = [], False
    for power in range(3, -1, -1):
        d = n // 10**power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(digits[0])
            zero = False
        out.append(digits[d] + units[power])
    text = "".join(out)
    if units is CN_UNITS and 10 <= n < 20:
        text = text[1:]  # 十一, not 一十一
    return text


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out or str(n)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, sym in ROMAN:
        while n >= value:
            out += sym
            n -= value
    return out


def _from_table(table: str, n: int) -> str:
    return table[n - 1] if 1 <= n <= len(table) else str(n)


#: ``w:numFmt`` value → how a number is written; unknown formats fall back to decimal
FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": _letters,
    "lowerLetter": lambda n: _letters(n).lower(),
    "chineseCounting": chinese_number,
    "chineseCountingThousand": chinese_number,
    "japaneseCounting": chinese_number,
    "taiwaneseCounting": chinese_number,
    "ideographLegalTraditional": lambda n: chinese_number(n, CN_LEGAL_DIGITS, CN_LEGAL_UNITS),
    "chineseLegalSimplified": lambda n: chinese_number(n, CN_LEGAL_DIGITS, CN_LEGAL_UNITS),
    "ideographDigital": lambda n: "".join(IDEOGRAPH_DIGITS[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(IDEOGRAPH_DIGITS[int(d)] for d in str(n)),
    "decimalEnclosedCircle": lambda n: _from_table(CIRCLED, n),
    "decimalEnclosedCircleChinese": lambda n: _from_table(CIRCLED, n),
    "decimalEnclosedParen": lambda n: _from_table(PARENTHESIZED, n),
    "decimalEnclosedFullstop": lambda n: _from_table(FULL_STOP, n),
    "decimalFullWidth": lambda n: str(n).translate(FULL_WIDTH_DIGITS),
    "decimalFullWidth2": lambda n: str(n).translate(FULL_WIDTH_DIGITS),
    "ideographTraditional": lambda n: _from_table(HEAVENLY_STEMS, n),
    "ideographZodiac": lambda n: _from_table(EARTHLY_BRANCHES, n),
}


def format_number(n: int, fmt: str) -> str:
    """``n`` written in the Word number format ``fmt``."""
    return FORMATS.get(fmt, str)(n)


_CN = "一二三四五六七八九十百零〇两"
#: line starts that open a numbered item or heading in policy text (one regex per style)
NUMBERING_MARKERS: tuple[str, ...] = (
    rf"第[{_CN}\d]+[章节条款部分篇项]",
    rf"[{_CN}]+[ \u3000]*[、．.，,﹒]",
    rf"[（(][ \u3000]*[{_CN}]+[ \u3000]*[）)]",
    r"\d{1,3}[ \u3000]*(?:[、]|[．.，,﹒](?![ \u3000]*\d))",
    r"[（(][ \u3000]*\d{1,3}[ \u3000]*[）)]",
    r"\d{1,2}(?:\.\d{1,2}){1,2}[ \u3000]+(?=[^\d\s%％.])",
    r"\d{1,3}[）)]",
    rf"[{CIRCLED}{PARENTHESIZED}{FULL_STOP}]",
    r"[A-Za-z][、．.](?![A-Za-z0-9])",
    r"附件\s*\d*\s*[:：]?",
    r"[•·●○■□◆◇▪▶►★☆]",
)
NUMBERING_START = re.compile("|".join(f"(?:{p})" for p in NUMBERING_MARKERS))


def starts_with_marker(line: str) -> bool:
    """True when ``line`` begins with a numbering marker (一、 （一） 1. （1） ① 第一条 …)."""
    return NUMBERING_START.match(line.lstrip(" \u3000")) is not None
