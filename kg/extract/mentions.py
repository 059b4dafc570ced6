"""Mention finding: regions (gazetteer, short forms, deictics, pair abbreviations), agencies (lexicon,
region + organ suffix chains, named organisations), townships and villages, programmes (lexicon, 《》
titles, quoted campaigns, named projects) and people (title + name, enumerations).

Everything here is general: gazetteer, lexicons and patterns of Chinese official prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg import rx
from kg.extract import jiebadict

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# characters that never occur inside an organisation or place name body
STOP_CHARS = set("的了在和与及同对向从把被将由为是等并也都就又还于以给让使着过这那其每此我你他她它们个说要已再更很最均则即且而或但若如因所之")
BODY = f"[{CJK}0-9０-９]"

# verbs, titles and function words that end a name body when found inside it
BODY_BREAKERS = (
    "书记", "主任", "市长", "县长", "旗长", "区长", "局长", "厅长", "处长", "部长", "主席", "委员", "常委", "组长",
    "深入", "考察", "调研", "表示", "指出", "强调", "组织", "开展", "印发", "发布", "实施", "推进", "落实", "协调",
    "投入", "帮扶", "对口支援", "支援", "支持", "参加", "出席", "主持", "召开", "举办", "成立", "建立", "设立", "带领", "看望", "慰问", "走访",
    "座谈", "签署", "签订", "发起", "联合", "牵头", "制定", "出台", "审议", "批准", "下发", "围绕", "聚焦", "加强",
    "加大", "推动", "全力", "积极", "认真", "持续", "不断", "进一步", "扎实", "完成", "实现", "坚持", "通过", "按照",
    "根据", "结合", "针对", "利用", "依托", "发挥", "提供", "给予", "感谢", "欢迎", "要求", "希望", "作为", "成为",
    "会同", "协同", "连同", "携同",
    "已经", "正在", "先后", "分别", "共同", "一同", "一起", "相关", "有关", "各级", "部分", "全部", "来到", "前往",
    "赴", "率", "到", "在", "副", "记者", "近日", "今年", "去年", "目前", "期间", "以来", "获悉", "了解", "介绍",
    "负责人", "同志", "工作", "贯彻", "学习", "认为", "安排", "投资", "捐赠", "援助", "助力", "对接", "接受",
    "采访", "带队", "一行", "陪同", "会见", "拜会", "拜访", "会晤", "接见", "看到", "听取", "汇报", "视察", "检查", "督导", "推广", "服务于",
    "始终", "立足", "评估", "莅临", "一直", "坚决", "努力", "代表", "总经理", "董事长", "总裁",
    "挂职", "挂任", "担任", "兼任", "出任", "任职", "捐建", "对象", "委托", "参观", "历届", "历任",
    "近年", "近期", "年来", "日前", "此前", "随后", "购置", "购买", "用于", "纳入", "援建", "诸如",
)

# organ suffixes after a region (longest first). EMPTY_OK may follow the region directly (北京市委).
ORG_SUFFIXES = sorted(
    """人大常委会 纪委监委 股份有限公司 有限责任公司 有限公司 街道办事处 办事处 领导小组办公室 工作领导小组 领导小组
    常委会 委员会 人民政府 人民医院 办公厅 办公室 指挥部 考核组 指导组 调研组 工作组 工作队 代表团 合作社 基金会 联合会
    促进会 联谊会
    研究院 研究所 博物院 博物馆 管理处 管理局 服务中心 中心 集团 公司 医院 学校 中学 小学 大学 学院 幼儿园 银行
    分行 支行 协会 商会 海关 分局 政府 行署 政协 党委 工委 纪委 监委 军区 人大 市委 县委 旗委 区委 盟委 州委 省委 地委
    总工会 工会 工商联 妇联 团委 科协 残联 侨联 文联 党校
    红十字会 厅 局 委 办 部 署 司 处 所 站 队 院 馆""".split(),
    key=len,
    reverse=True,
)
EMPTY_OK = {"委", "党委", "政府", "行署", "人民政府", "人大常委会", "人大", "政协", "纪委", "纪委监委", "监委", "工委", "红十字会", "军区",
            "常委会", "代表团", "人民医院", "市委", "县委", "旗委", "区委", "盟委", "州委", "省委", "地委",
            "总工会", "工会", "工商联", "妇联", "团委", "科协", "残联", "侨联", "文联", "台联", "海关", "党校",
            "分行", "支行"}  # (茂县支行: a bank's branch in the place, in the bank's own news)
SINGLE_CHAR_MIN_BODY = 2
# words that end in 部 but name no department: directions, 全部, 干部 (赤峰市西北部, 挂职干部)
NOT_DEPARTMENTS = ("东部", "西部", "南部", "北部", "中部", "全部", "内部", "局部", "干部")
_SUFFIX_ALT = "|".join(map(re.escape, ORG_SUFFIXES))
ORG_ELEMENT = rx.compile(f"({BODY}{{0,10}}?)({_SUFFIX_ALT})")

# Named organisations that need no region before them (left boundary found by scanning).
STRONG_ORG_SUFFIXES = sorted(
    """股份有限公司 有限责任公司 有限公司 集团 合作社 医院 中学 小学 大学 学院 幼儿园 银行 基金会 协会 商会 联合会
    博物馆 博物院 研究院 管理处 指挥部 考核组 指导组 公安分局 海关 电厂 卷烟厂 工商联 慈善总会 总会 慈善会 购物中心 公司 冰球队 滑冰队
    煤矿 管委会 保税区 经开区 高新区 经济技术开发区 经济开发区 分会""".split(),
    key=len,
    reverse=True,
)
# (鹤峰一中: a county's first middle school, written short; not 第三|中学, 四中全会, 统一|中国)
STRONG_ORG_RE = rx.compile("|".join(map(re.escape, STRONG_ORG_SUFFIXES)) + "|[一二三四五六七八九十]中(?![学专心国央华全])"
                           "|[一二三四五六七八九十]矿(?![业区山产石])")  # (寸草塔二矿: a company's second mine)
GENERIC_ORG_BODIES = {
    "", "各", "该", "本", "全", "有关", "相关", "各级", "企业", "公司", "合作", "农民", "专业", "贫困", "龙头", "国有",
    "民营", "当地", "乡镇", "村级", "定点", "医疗", "中小", "重点", "这家", "一家", "多家", "两家", "各类", "大型",
    "中心", "卫生", "社区", "人民", "中国", "地方", "省级", "市级", "县级", "旗县", "高校", "科技", "投资", "农牧",
    "三级", "二级", "一级", "两级", "公立", "民办", "联网", "定点联网", "乡镇卫生", "家庭", "学校", "集团", "总公司",
    "三甲", "二甲", "三级甲等", "二级甲等",  # hospital grades (创建二甲医院)
    "乡村", "农村", "城乡",  # (该县乡村学校: the schools of the villages, no school by its name)
}

# townships and villages
PLACE_SUFFIX_RE = rx.compile("(苏木|街道|乡|镇|嘎查|社区|村)(?![民庄落里级集委组长干部两])")
PLACE_LEVEL = {"苏木": "township", "街道": "township", "乡": "township", "镇": "township",
               "嘎查": "village", "社区": "village", "村": "village"}
GENERIC_PLACE_BODIES = {
    "农", "乡", "城", "全", "各", "本", "该", "此", "一", "两", "三", "多", "这", "那", "新", "老", "小", "大", "农村",
    "贫困", "行政", "自然", "中心", "重点", "美丽", "示范", "搬迁", "安置", "城乡", "乡镇", "村", "镇", "试点", "边境", "两地",
    "牧区", "农牧", "城市", "城镇", "特色", "周边", "附近", "所在", "深度贫困", "易地搬迁", "集中安置", "脱贫",
    "贫困村", "文明", "和谐", "生态", "旅游", "民族", "少数民族", "偏远", "当地", "基层", "全国", "全区", "全市",
    "全旗", "全县", "所有", "每个", "个", "帮扶", "结对", "对口", "受援", "其他", "其它", "相关", "有关", "周围",
    "发达", "欠发达", "落后", "先进", "样板", "标杆", "省级", "市级", "县级", "国家级", "同一", "整", "小康", "富裕",
}

# programmes
PROGRAM_SUFFIX_RE = rx.compile(
    "(工程(?!师)|行动|计划|项目|战略|规划|工作法|专项行动|示范区|产业园|基地|活动|机制|平台|基金|协议|转移支付|奖补资金)"
)
GENERIC_PROGRAM_BODIES = {
    "", "该", "这", "此", "各", "本", "重点", "扶贫", "帮扶", "民生", "建设", "重大", "相关", "有关", "示范", "产业",
    "财政",
    "各项", "一批", "其他", "协作", "合作", "就业", "教育", "医疗", "发展", "基础设施", "这些", "上述", "新", "大",
    "小", "专项", "试点", "配套", "援建", "在建", "续建", "新建", "实施", "推进", "开展", "所有", "全部", "多个",
    "个", "两", "三", "四", "五", "十", "百", "千", "万", "年度", "重点民生", "惠民", "扶贫产业", "产业扶贫", "公益",
    "文化", "体育", "卫生", "交通", "水利", "生态", "环境", "安全", "宣传", "培训", "招商", "投资", "帮扶项目",
    "子", "一个", "两个", "系列", "主题", "此次", "这次", "本次", "各类", "一系列", "多项", "十大", "五大", "三大",
    "四大", "六大", "七大", "八大", "九大", "工作", "专题", "特色", "品牌", "农业", "畜牧", "种植", "养殖",
}
QUOTED_RE = rx.compile("[“\"]([^“”\"]{2,24})[”\"]")
BOOK_RE = rx.compile("《([^《》]{2,80})》")
JIANCHENG_RE = rx.compile("[（(]以下简称[“\"《]?([^”\"》）)]{1,20})[”\"》]?[）)]")

# people
SURNAMES_EXTRA = ()
FOLLOW_WORDS = (
    "说", "表示", "指出", "强调", "介绍", "主持", "出席", "参加", "在", "一行", "等", "率", "带", "同志", "与", "和", "及", "以及",
    "作", "到", "来", "对", "向", "为", "是", "的", "陪同", "会见", "接受", "告诉", "认为", "代表", "讲话", "发言",
    "致辞", "宣读", "通报", "汇报", "一同", "调研", "考察", "看望", "就", "也", "还", "则", "要", "先后", "分别",
    "带领", "深入", "参观", "走访", "慰问", "听取", "共同", "回答", "答", "称", "透露", "坦言", "感慨", "笑着",
    "任", "挂任", "担任", "出任", "兼", "主", "赴", "前往", "来到", "莅临", "见证", "签署", "签订", "提出", "希望", "要求", "感谢", "充分",
    "如是", "看来", "坦言", "被", "刚刚", "亲自", "专门", "再次", "多次", "如今", "现在", "目前", "近日", "日前", "近期", "当天", "当日", "随后", "首先", "带队", "率队",
    "对此", "告诉记者", "所说", "解释", "谈到", "补充", "展示", "翻开", "指着", "已", "曾", "正", "又", "从", "给", "受", "负责", "宣布",
)
PUNCT_BOUNDARY = set("，。、；：！？,.;:!?）)（(”“\"'‘’——…《》 \n")


@dataclass(slots=True)
class Mention:
    start: int  # offsets into the sentence text
    end: int
    type: str  # Region | Agency | Program | Person | Title | Deictic
    name: str  # canonical name (resolved later for regions)
    adcode: str | None = None
    level: str | None = None
    aliases: set[str] = field(default_factory=set)
    kind: str = ""  # how it was found
    parent: str | None = None  # for townships / villages / agencies: a region id
    extra: dict = field(default_factory=dict)

    @property
    def surface_len(self) -> int:
        return self.end - self.start


def is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")


@lru_cache(maxsize=65536)
def seg(s: str) -> tuple[str, ...]:
    """jieba's dictionary-only segmentation of a short window, cached: the extractor asks about the same
    windows (names, suffixes) again and again."""
    jiebadict.load()
    import jieba

    return tuple(jieba.lcut(s, HMM=False))


NOMINAL_ORGANISATION = ("社会组织", "经济组织", "国际组织", "群团组织", "党组织", "合作组织")


@lru_cache(maxsize=1)
def _breaker_automaton():
    from ahocorasick_rs import AhoCorasick

    words = sorted(set(BODY_BREAKERS))
    return AhoCorasick(words), words


def _breakers_in(body: str, company: bool = False, organ: bool = False):
    """(end offset, breaker) for every breaker word inside body, in order of end."""
    ac, words = _breaker_automaton()
    for i, start, end in ac.find_matches_as_indexes(body, overlapping=True):
        b = words[i]
        if b == "组织" and body.endswith(NOMINAL_ORGANISATION, 0, start + 2):
            continue  # 社会组织联合会, 经济组织: 组织 the noun (organisations), not the verb (to organise)
        if not (company and b in COMPANY_NAME_WORDS or organ and b in ORGAN_NAME_WORDS):
            yield end, b


def units_of_level(text: str, end: int, word: str) -> bool:
    """中区直, 县直: a two-character place name ending in a level character before 直 writes the units of
    that level (中直 and 区直 units), not the place."""
    return len(word) == 2 and word[1] in "区县市旗" and text.startswith("直", end)


def body_ok(body: str, company: bool = False, organ: bool = False) -> bool:
    if any(c in STOP_CHARS for c in body) and any(len(t) == 1 and t in STOP_CHARS for t in seg(body)):
        return False  # a function word standing alone (不 …的…), not one inside a word (就业, 和田, 温都)
    return next(_breakers_in(body, company, organ), None) is None


def scan_left_body(text: str, end: int, max_len: int, floor: int = 0) -> int:
    """Start of the name body that ends at `end`: extend left over CJK/digit characters that are not stop
    characters, at most max_len, never before `floor`."""
    i = end
    lo = max(floor, end - max_len)
    while i > lo:
        c = text[i - 1]
        if not (is_cjk(c) or c.isdigit()) or c in STOP_CHARS and not _opens_word(text, i - 1, end) \
                and not _closes_name(text, i - 1, lo, end):
            break
        i -= 1
    return i


def _closes_name(text: str, i: int, lo: int, end: int) -> bool:
    """Is the stop character at i inside a name the segmenter reads with the character before it (华为|公司,
    华为技术|有限公司), not a word of its own (资金|和|重点)?"""
    if i - 1 < lo:
        return False
    start = max(lo, i - 4)
    pos = start
    for tok in seg(text[start:end]):
        a, pos = pos, pos + len(tok)
        if pos > i:
            return a < i and jiebadict.tag(tok) in ("n", "nr", "nz", "nt")
    return False


def _opens_word(text: str, i: int, end: int) -> bool:
    """Does the stop character at i open a content word with the next character (均衡, 同心)?"""
    if i + 2 > end:
        return False
    return jiebadict.tag(text[i : i + 2]) in ("a", "n", "ns", "nz", "nr", "vn")


# words that end a name body in prose but are common inside company names (京门商业投资发展有限公司)
COMPANY_NAME_WORDS = frozenset({"投资", "发展", "建设", "开发", "服务", "管理", "支持", "联合", "推进", "合作", "工作",
                                "希望"})  # (东方希望集团, 新希望集团)
# … and inside organ names (扶贫工作领导小组, 政治工作局, 就业服务中心, 发展改革委)
ORGAN_NAME_WORDS = frozenset({"工作", "服务", "发展", "管理", "建设", "支援", "帮扶", "推广"})  # (北京市扶贫支援办, 社会帮扶司)


def trim_breakers(text: str, start: int, end: int, company: bool = False) -> int:
    """Move `start` right past the last verb/title/function word inside text[start:end]."""
    best = max((e for e, _b in _breakers_in(text[start:end], company)), default=0)
    return start + best


def snap_start(text: str, start: int, end: int) -> int:
    """Move `start` right to the next word boundary (jieba, dictionary words only), so that a name never
    begins with the tail of a word (了解 -> 解京蒙…)."""

    lo = max(0, start - 6)
    pos = lo
    for tok in seg(text[lo:end]):
        if pos >= start:
            return pos
        pos += len(tok)
        if pos > start:
            return pos if pos < end else start
    return start


TWO_CHAR_ORGANS = frozenset(
    "县委 市委 旗委 区委 盟委 州委 省委 镇委 乡委 村委 校委 民委 侨办 台办 外办 商委 经委 科委 计委 体委 教委 卫委 农委 建委 团委 工委 党委 纪委 监委 政协 法院 人社 税务".split()
)


def suffix_at_word_end(text: str, suffix_start: int, suffix_end: int) -> bool:
    """Does an organ/place suffix end a word here? Rejects 部 in 部署/干部, 局 in 格局, 会 in 社会."""

    lo = max(0, suffix_start - 4)
    pos = lo
    for tok in seg(text[lo : min(len(text), suffix_end + 4)]):
        a, b = pos, pos + len(tok)
        pos = b
        if a < suffix_end <= b:
            if b == suffix_end:
                if b - a == 2 and suffix_end - suffix_start == 1 and tok not in TWO_CHAR_ORGANS:
                    return False  # 格局, 住所, 大局, 干部: a two-character word, not body + 局/所/部
                if b - a > suffix_end - suffix_start:
                    # 签署, 部署: the suffix closes an ordinary verb, not a name
                    tag = jiebadict.tag(tok)
                    # (事关大局: a four-character phrase, not a name; but 完全小学 is a kind of school)
                    return tag not in ("v", "vn", "vd", "ad", "d", "a") and not (
                        tag == "l" and len(tok) == 4 and text[suffix_start:suffix_end] not in INSTITUTION_ENDS)
                return True
            # 局局长, 厅厅长: the suffix is followed by a title, not glued into a word
            return text.startswith(("局长", "厅长", "处长", "部长", "主任", "书记", "副", "党组", "院长", "校长",
                                    "组长", "科长", "所长", "站长", "队长", "会长", "社长", "董事长", "总经理",
                                    "党校"),  # (市委|党校: the committee's school)
                                   suffix_end)
    return True


def trim_verbish(body: str, single: bool = False) -> int:
    """Offset in body after the last ordinary (verb, adverb, preposition …) dictionary word."""
    jiebadict.load()
    cut = 0
    pos = 0
    for tok in seg(body):
        pos += len(tok)
        tag = jiebadict.tag(tok)
        if pos < len(body) and (
            len(tok) >= 2 and tag in VERBISH or single and len(tok) == 1 and tag in ("p", "f", "u", "c", "v", "d")
        ):
            cut = pos
    return cut


VERBISH = {"v", "vn", "vd", "d", "a", "ad", "c", "p", "u", "r", "f", "q", "m", "l", "i", "t", "z"}


def glued_suffix(text: str, body: str, s: int, e: int) -> bool:
    """尽己|所|能: a one-character organ word after a body of loose characters that makes a word with the
    character after it (所能) closes no name."""
    return e - s == 1 and e < len(text) and jiebadict.tag(text[s : e + 1]) is not None and \
        not TITLE_AFTER_ORGAN.match(text, s) and all(len(t) == 1 for t in seg(body))


TITLE_AFTER_ORGAN = rx.compile("(局长|厅长|处长|部长|所长|院长|校长|站长|队长|会长|社长)")
COUNTED_SCHOOL = rx.compile("(?:[0-9０-９]+|[一二两三四五六七八九十百几多数]+)所$")
INSTITUTION_ENDS = ("学校", "中学", "小学", "幼儿园", "医院", "卫生院", "学院")
COUNT_AFTER = rx.compile("(?:[0-9０-９]+|[一二两三四五六七八九十百千几多数]+)[家所个]")
COUNTED = rx.compile("[0-9０-９]+[余多]?[家所个]|[一二两三四五六七八九十百千多几数]+[余多]?[家所]")  # (1200余家合作社)


KIND_NOT_NAME = rx.compile("当地|本地|外地|各地|有关|相关")  # (天津当地公司, 有关企业: a kind, no name)
BUILT_WORKS = rx.compile("以([^。；]{2,80}?)为代表的[^，。；]{0,10}?(?:工程|项目|建筑|设施)")


def is_counted(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """8家医院, 内蒙古7家医院: a count of organisations (after the place that opens it), not one of them."""
    place_end = max((r.end for r in mentions if r.type == "Region" and r.start == m.start), default=m.start)
    if COUNTED_SCHOOL.search(text, max(0, m.start - 4), m.start) and m.name.endswith(INSTITUTION_ENDS):
        return True  # 援建了1所九年一贯制中学: one school of a kind, no school by its name
    if m.name.endswith(INSTITUTION_ENDS) and COUNT_AFTER.match(text, m.end) and place_end == m.start:
        return True  # 新改扩建双语幼儿园130所: a count of schools of a kind (but 甲县医院与乙县医院两个单位: named)
    if "为代表的" in text and any(bm.start(1) <= m.start and m.end <= bm.end(1) for bm in BUILT_WORKS.finditer(text)):
        return True  # 以西藏体育馆、浙江中学为代表的一大批工程: works built, no organisation acting
    return COUNTED.search(text, place_end, m.end) is not None


def written_as(m: Mention, ends: tuple[str, ...]) -> bool:
    """Is m named, or written in the text, with one of these endings (中国华能, written 华能集团)?"""
    return m.name.endswith(ends) or any(a.endswith(ends) for a in m.aliases)
