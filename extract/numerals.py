"""Chinese numerals → int, in one place: 三 → 3, 二十三 → 23, 一百零五 → 105, 两千 → 2000,
and years written digit by digit (二〇二四 → 2024). The reverse (int → 一百零五) is
:func:`extract.readers_numbering.chinese_number`.
"""
from __future__ import annotations

__all__ = ["DIGITS", "POWERS", "cn_value", "cn_number", "cn_to_int"]

#: a digit character → its value (〇, ○ and a letter O written for zero in years)
DIGITS = {"零": 0, "〇": 0, "○": 0, "O": 0, "o": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
#: a power character → its value
POWERS = {"十": 10, "百": 100, "千": 1000}


def cn_value(s: str) -> int | None:
    """A positional numeral's value; None for what is not one numeral (一二, 十x).

    >>> cn_value("两"), cn_value("三十五"), cn_value("一千二百"), cn_value("一百零五"), cn_value("一二")
    (2, 35, 1200, 105, None)
    """
    total, digit = 0, None
    for ch in s:
        if ch in DIGITS:
            if digit is not None:
                return None  # 一二: not one numeral
            digit = DIGITS[ch] or None  # 零 only holds a place (一百零五)
        elif ch in POWERS:
            total += (1 if digit is None else digit) * POWERS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def cn_to_int(s: str) -> int:
    """Digits, a Chinese numeral, or a year written digit by digit → int (0 when none of these).

    >>> cn_to_int("二十三"), cn_to_int("十"), cn_to_int("105"), cn_to_int("二〇二四"), cn_to_int("二○二O")
    (23, 10, 105, 2024, 2020)
    """
    s = s.strip()
    if s.isdigit():
        return int(s)
    if len(s) > 1 and not any(ch in POWERS for ch in s):  # 二〇二四: a year, digit by digit
        return int("".join(str(DIGITS.get(ch, 0)) for ch in s))
    return cn_value(s) or 0


def cn_number(s: str) -> int | None:
    """Digits or one Chinese numeral → int; None when ``s`` is neither (甲, 一二, empty).

    >>> cn_number("十二"), cn_number("二十"), cn_number("7"), cn_number("甲"), cn_number("")
    (12, 20, 7, None, None)
    """
    if s.isdigit():
        return int(s)
    return cn_value(s) if s else None
