"""Reading a Chinese personal name at a position of the text: surnames and given names, names the
segmenter knows or joins, names transcribed from Mongolian, Tibetan, Uyghur and Yi, names with a separating
dot, and where a name ends (kg.extract.people finds the people and their posts)."""

from __future__ import annotations

from functools import lru_cache

from kg import rx
from kg.extract import jiebadict
from kg.extract.mentions import FOLLOW_WORDS, PUNCT_BOUNDARY, seg
from kg.extract.positions import APPOINTING_WORDS, _tables, _title_index

# words whose first character could pass for a name's last (在院长姚诚|看来, 孙浩|挂任)
OPENED_AFTER_NAME = (*APPOINTING_WORDS, "看来")
SPEAKS = ("介绍", "表示", "指出", "强调", "说", "讲话", "主持", "出席")

# names of minority and foreign origin written with a separating dot (奇·达楞太, 艾尔肯·吐尼亚孜)
DOTTED_NAME = rx.compile("[\u4e00-\u9fff]{1,6}(?:[·•・‧][\u4e00-\u9fff]{1,8}){1,3}")
# characters Mongolian, Tibetan and Uyghur names are transcribed with: a name without a Han surname after a
# title (宣传部部长孟和乌力吉图) is written in these alone
TRANSCRIPTION_CHARS = frozenset(
    "里阿艾爱安昂敖奥巴拜班邦包宝保贝毕必宾布波伯査朝琪其齐奇钦沁楚春旦达代丹道德登迪典丁都杜敦多朵额鄂恩尔"
    "噶嘎甘冈刚高戈格根古广贵哈海罕汗杭浩和赫亨洪呼胡花华吉加嘉坚江金晋久卡凯坎康柯科克库宽拉喇来赖兰朗勒雷"
    "力立丽莲林玲琳伦罗洛玛马买麦满曼芒茂梅门蒙孟米密敏明木穆那纳乃娜南尼妮宁努诺欧帕潘朋普其奇恰强乔切钦青"
    "琼曲确仁日荣如萨赛桑色沙善尚绍舍申什石顺斯松苏素索塔台太泰坦汤特腾提天铁通图吐托瓦旺威维卫文沃乌吾"
    "武西希锡喜夏仙贤香祥肖新兴秀雅亚严央扬耶依伊益音英永尤玉元月云扎札张占珍真正芝志智忠卓宗孜尊佐"
    "次措顿堆穷边觉泽白平赤列贡群仓决珠杰"  # Tibetan names (扎西次仁, 白玛旺堆, 顿珠, 赤列, 平措, 多吉)
    "热逊"  # Uyghur names (热合曼, 吐尔逊)
    "苦呷惹俄比伍勒火"  # Yi names (阿苦日哈, 马海木呷, 曲比阿伍, 勒格)
    "增娃"  # more Tibetan (丹增扎西, 达娃次仁)
)
NAME_TAGS = (None, "nr", "nrt", "nrfg", "nz", "ns")  # what a transcribed name may be in the dictionary


def _dotted_name(text: str, pos: int) -> str | None:
    """The shortest dotted name at pos that ends at a boundary (奇·达楞太|出席)."""
    m = DOTTED_NAME.match(text, pos)
    if not m:
        return None
    last_dot = max(m.group(0).rfind(c) for c in "·•・‧")
    for end in range(pos + last_dot + 2, m.end() + 1):
        if name_boundary(text, end):
            return text[pos:end]
    return None


def transcribed_name(text: str, pos: int) -> str | None:
    """The longest 3-7 character run of transcription characters at pos that ends at a boundary
    (孟和乌力吉图|讲话), or two before an act (旺堆|介绍); never an ordinary word (多次|强调)."""
    end = pos
    while end < len(text) and end - pos < 7 and text[end] in TRANSCRIPTION_CHARS:
        end += 1
    for e in range(end, pos + 1, -1):
        if (e - pos >= 3 and name_boundary(text, e) or e - pos == 2 and text.startswith(FOLLOW_WORDS, e)) \
                and jiebadict.tag(text[pos:e]) in NAME_TAGS:
            return text[pos:e]
    return None


def name_at(text: str, pos: int, lex, known: set[str], strict: bool = True) -> str | None:
    """A personal name starting at pos, or None."""
    dotted = _dotted_name(text, pos)
    if dotted:
        return dotted
    for k in (3, 2, 4):
        cand = text[pos : pos + k]
        if cand in known and name_boundary(text, pos + k):
            return cand
    first2 = text[pos : pos + 2]
    if first2 in lex.compound_surnames:
        lens = (4, 3)
    elif text[pos : pos + 1] in lex.surnames:
        lens = (3, 2)
    else:
        if strict:
            return None
        cand = _jieba_name(text[pos : pos + 6])
        if cand and name_boundary(text, pos + len(cand)) and not lex.is_stopname(cand):
            return cand
        return None
    for k in lens:
        cand = text[pos : pos + k]
        if len(cand) < k or not all("\u4e00" <= c <= "\u9fff" for c in cand):
            continue
        stop2 = _stop2(lex)
        if cand in lex.stopnames or any(cand[-j:] in stop2 or cand[1 : 1 + j] in stop2 for j in range(2, len(cand))):
            continue
        if any(c in "的了在和与及是等为对向从把被将" for c in cand[1:]) or text.startswith(OPENED_AFTER_NAME, pos + k - 1):
            continue  # (孙浩|挂任: the last character opens the verb after the name)
        if k == 3 and cand[-1] in "说称率" and name_boundary(text, pos + k):
            continue  # 总指挥陈静|说，, 副主任刘波|率代表团: the verb after a two-character name
        if cand[1:] in _title_index()[0]:
            continue  # 以行长任组长: a 'surname' character before a title, not a name
        if strict and (_common_word(cand) or _common_word(cand[:2]) or not _plausible_given(text, pos, cand)):
            continue
        if not strict and _function_start(cand) and not (
                k == 3 and jiebadict.tag(cand[:2]) in ("v", "a") and name_boundary(text, pos + k)
                or k == 2 and _rare_word(cand) and name_boundary(text, pos + k)):
            continue  # (but 副县长高发义|陪同, 书记强某|出席: a full name closed by a boundary, no common word)
        if name_boundary(text, pos + k):
            return cand
    cand = _jieba_name(text[pos : pos + 6])
    if cand and cand[:1] in lex.surnames and not lex.is_stopname(cand) and not _function_start(cand) and (
        not strict or _plausible_given(text, pos, cand)
    ):
        return cand
    return None


_NOT_GIVEN_TAGS = {"v", "vn", "a", "ad", "an", "d", "vd", "c", "p", "u", "r", "m", "q"}


def _function_start(cand: str) -> bool:
    """有关重, 都能得: the 'surname' and the next character make an ordinary function word."""
    return jiebadict.tag(cand[:2]) in ("v", "d", "p", "c", "r", "vn", "a", "ad")


def _rare_word(cand: str) -> bool:
    """A word jieba's dictionary has met only a few times (a rare given name after a surname) is no ordinary verb (强调), so it may be a name."""
    import jieba

    return (jieba.dt.FREQ.get(cand) or 0) < 10


def _plausible_given(text: str, pos: int, cand: str) -> bool:
    """After a role noun (贫困户全覆盖, 群众有稳定, 群众都能得到) a real name does not end inside a dictionary word
    and its given name is not an ordinary verb or adjective."""
    import jieba

    if (jieba.dt.FREQ.get(cand) or 0) >= 100 and not (
            (jiebadict.tag(cand) or "").startswith("nr") and text.startswith(SPEAKS, pos + len(cand))):
        return False  # 养老, 高峰: a dictionary word (but 王明|介绍: a name the dictionary knows, then speaking)
    if len(cand) == 3 and (jieba.dt.FREQ.get(cand[:2]) or 0) >= 500:
        return False  # 教师|周转房: a common word and one more character, not a surname and given name
    given = cand[1:] if cand[:1] not in ("欧阳", "司马") else cand[2:]
    if len(given) >= 2 and jiebadict.tag(given) in _NOT_GIVEN_TAGS and not (
            jiebadict.tag(given) == "a" and text.startswith(SPEAKS, pos + len(cand))):
        return False  # (but 刘宏伟|介绍: an adjective given name before the person speaks)
    end = pos + len(cand)
    cut = pos
    for tok in seg(text[pos : min(len(text), end + 3)]):
        if cut < end < cut + len(tok) and len(tok) >= 2 and (jieba.dt.FREQ.get(tok) or 0) >= 50:
            return False
        cut += len(tok)
    return True


@lru_cache(maxsize=1)
def _stop2_cached(ident: int, words: frozenset) -> frozenset:
    return frozenset(w for w in words if len(w) >= 2)


def _stop2(lex) -> frozenset:
    return _stop2_cached(id(lex), lex.stopnames)


def _common_word(w: str) -> bool:
    """An ordinary dictionary word (关切, 养老, 全程) rather than a name."""
    tag = jiebadict.tag(w)
    return tag is not None and not tag.startswith("nr")


def name_boundary(text: str, pos: int) -> bool:
    if pos >= len(text):
        return True
    if text[pos] in PUNCT_BOUNDARY or text[pos].isdigit():
        return True
    return text.startswith(FOLLOW_WORDS, pos)


@lru_cache(maxsize=65536)
def _jieba_name(window: str) -> str | None:
    """The first token of window if it is a personal name: tagged nr in jieba's dictionary, or an unknown
    word that jieba's HMM joins and that starts with a surname (cheaper than jieba.posseg's tagger)."""
    import jieba

    toks = jieba.lcut(window)
    if not toks:
        return None
    w = toks[0]
    if not 2 <= len(w) <= 4:
        return None
    tag = jiebadict.tag(w)
    if tag in ("nr", "nrfg", "nrt"):
        return w
    lex = _tables()[0]
    if tag is None and (w[0] in lex.surnames or w[:2] in lex.compound_surnames):
        if len(w) == 3:
            return w
        if len(w) == 4:
            # 闫文港势(如破竹): HMM glued the next character on; jieba's tagger separates them (rare, slow)
            first = jiebadict.posseg().lcut(window)[0]
            if first.flag in ("nr", "nrfg", "nrt") and 2 <= len(first.word) <= 4:
                return first.word
    return None


@lru_cache(maxsize=16384)
def _lcut(window: str) -> tuple[str, ...]:
    """jieba.lcut of a short window, cached: the same leaders' names come with the same words before them."""
    import jieba

    return tuple(jieba.lcut(window))


def name_before(text: str, end: int, lex) -> str | None:
    """The personal name ending at `end` (习近平 in 贯彻习近平总书记)."""
    # the name is 2-4 characters and starts with a surname: nothing to segment if no surname starts there
    if not any(text[j] in lex.surnames or text[j : j + 2] in lex.compound_surnames
               for j in range(max(0, end - 4), end - 1)):
        return None
    lo = max(0, end - 8)
    toks = _lcut(text[lo:end])
    if not toks:
        return None
    cand = toks[-1]
    if len(cand) == 1 and len(toks) >= 2 and len(toks[-2]) == 1:
        cand = toks[-2] + cand
    elif len(cand) == 2 and len(toks) >= 2 and toks[-2] in lex.surnames and cand[:1] not in lex.surnames \
            and jiebadict.tag(cand) != "j":
        cand = toks[-2] + cand  # 周|立新: a surname the segmenter cut from its given name (not 区|政协)
    if not 2 <= len(cand) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in cand):
        return None
    if lex.is_stopname(cand) or not (cand[:1] in lex.surnames or cand[:2] in lex.compound_surnames):
        return None
    return cand
