"""Money amounts normalised to yuan: 650万元 -> 6500000, 2.94亿元 -> 294000000, 7800多万元 -> 78000000,
三千万元, 1.5億元 (after t2s), 约/近/超/逾/累计 approximations kept as the stated figure; ranges take the
upper bound (the stated maximum).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg import rx

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
NUM = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千]+"  # (3,000万)
AMOUNT_RE = rx.compile(
    rf"(约|近|超过|超|逾|共计|共|累计|达到|达|合计|总计)?({NUM})(?:\s*[-—~～至到]\s*({NUM}))?"
    r"\s*(多|余)?\s*(万亿|亿|万|千)?\s*(多|余)?\s*(?:元|人民币)"  # (3,000万人民币, as Hong Kong and Macau write)
)
# 斥资72亿支援…, 投入13亿支援…: 亿 without 元 right after a verb of giving money is a sum of yuan
BARE_YI_RE = rx.compile(
    rf"(?<=斥资|投入|拨付|安排|捐赠|援助|投资)(约|近|超过|超|逾|共计|共|累计)?({NUM})()\s*(多|余)?\s*(亿)()"
    r"(?![元人户头亩只吨株册斤平千万方])"
)
UNIT = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, None: 1.0, "": 1.0}


@dataclass(frozen=True, slots=True)
class Amount:
    start: int
    end: int
    value: float
    text: str


def cn_to_number(s: str) -> float | None:
    """Chinese numerals (up to 千 within a section) -> number; None if not a numeral."""
    if not s:
        return None
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            u = CN_UNITS[ch]
            if u >= 10_000:
                section = (section + (digit or 0)) * u
                total += section
                section = 0
            else:
                section += (digit if digit is not None else 1) * u
            digit = None
        else:
            return None
    return float(total + section + (digit or 0))


def to_number(s: str) -> float | None:
    s = s.translate(str.maketrans("０１２３４５６７８９．", "0123456789.")).replace(",", "")
    try:
        return float(s)
    except ValueError:
        return cn_to_number(s)


def find_amounts(text: str) -> list[Amount]:
    if "元" not in text and "亿" not in text and "人民币" not in text:  # an amount ends in 元, or is 亿 after a
        return []  # giving verb
    out = []
    spans = [*AMOUNT_RE.finditer(text)] if "元" in text or "人民币" in text else []
    taken = [(m.start(), m.end()) for m in spans]
    spans += [m for m in BARE_YI_RE.finditer(text) if not any(a <= m.start(2) < b for a, b in taken)]
    for m in spans:
        low = to_number(m.group(2))
        high = to_number(m.group(3)) if m.group(3) else None
        num = high if high is not None else low
        if num is None:
            continue
        value = num * UNIT[m.group(5)]
        if value <= 0:
            continue
        value = round(value, 2)
        if value == int(value):
            value = int(value)
        out.append(Amount(m.start(2) if not m.group(1) else m.start(), m.end(), value, m.group(0)))
    return out


PROGRESSION_FROM = rx.compile("[从由][^，。；]{0,10}$")
PROGRESSION_TO = rx.compile("[到至]")
TOTAL_WORDS = ("共计", "合计", "总计", "累计", "共")


def _total_after(text: str, a: Amount, nxt: Amount | None) -> bool:
    """每年投入5亿元共计20亿元 / 每户补助5000元，合计30万元: a figure summed up right after it."""
    if nxt is None or not nxt.text.startswith(TOTAL_WORDS):
        return False
    gap = text[a.end : nxt.start]
    return len(gap) <= 4 and not any(c in gap for c in "。；;")


def standing(text: str, amounts: list[Amount]) -> list[Amount]:
    """The figures that stand after progressions: 从2017年的2000万元，到2018年的9152万元，再扩大到2019年的超过
    1亿元 states one figure now, the last, at the place of the first (where the payer and recipient are);
    a part followed by its total (每年5亿元共计20亿元) states the total."""
    out: list[Amount] = []
    i = 0
    while i < len(amounts):
        a = amounts[i]
        j = i
        if PROGRESSION_FROM.search(text, max(0, a.start - 10), a.start):
            while j + 1 < len(amounts):
                gap = text[amounts[j].end : amounts[j + 1].start]
                if len(gap) > 24 or "。" in gap or not PROGRESSION_TO.search(gap):
                    break
                j += 1
        if j == i and _total_after(text, a, amounts[i + 1] if i + 1 < len(amounts) else None):
            j = i + 1  # the total stands, at the place of the part (where the payer and recipient are)
        out.append(a if j == i else Amount(a.start, a.end, amounts[j].value, amounts[j].text))
        i = j + 1
    return out


RESPECTIVE_SEP = rx.compile("[、，,和及]|以及")


def respective_slot(text: str, amounts: list[Amount], am: Amount) -> tuple[int, int]:
    """分别投入帮扶资金202万元、200万元: a figure's place k in a list of n figures that 分别 (before the list, in
    its clause) shares out one to each of n payers or recipients; (0, 0) when the figure is no such item."""
    i = amounts.index(am)
    lo = hi = i
    while lo > 0 and RESPECTIVE_SEP.fullmatch(text, amounts[lo - 1].end, amounts[lo].start):
        lo -= 1
    while hi + 1 < len(amounts) and RESPECTIVE_SEP.fullmatch(text, amounts[hi].end, amounts[hi + 1].start):
        hi += 1
    head = text[: amounts[lo].start]
    clause = head[max(head.rfind(c) for c in "。；;！？") + 1 :]
    if hi == lo or "分别" not in clause:
        return 0, 0
    return i - lo, hi - lo + 1
