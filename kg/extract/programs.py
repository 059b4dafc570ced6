"""Programmes: the national lexicon (matched earlier), document titles in 《》 with their 以下简称 short
forms, quoted campaigns with a programme word (“快递进村”工程), named projects and works (…工程, …行动,
…计划, …项目), and enumerations sharing one programme word (A、B等10项行动).
"""

from __future__ import annotations

import re

from kg import rx
from kg.extract import jiebadict
from kg.extract.mentions import (
    BODY,
    GENERIC_PROGRAM_BODIES,
    PROGRAM_SUFFIX_RE,
    Mention,
    body_ok,
    scan_left_body,
    seg,
    snap_start,
    trim_breakers,
    trim_verbish,
)

# broad fields, slogans and welfare categories that are not programmes (ANNOTATION.md)
NOT_PROGRAMS = {
    "脱贫攻坚", "乡村振兴", "产业扶贫", "就业扶贫", "教育扶贫", "健康扶贫", "生态扶贫", "扶贫", "就业", "医疗",
    "精准扶贫", "脱贫攻坚工作", "扶贫工作", "低保", "临时救助", "四个不摘", "两不愁三保障", "四个意识",
    "四个自信", "两个维护", "两个确立", "社会救助", "兜底保障", "乡村全面振兴", "共同富裕", "高质量发展",
    "全面从严治党", "巩固拓展脱贫攻坚成果", "有效衔接", "疫情防控", "安全生产", "民生", "稳就业", "保民生",
}
MEDIA_TITLE = rx.compile("(日报|晚报|早报|周刊|杂志|报|网|电视台|新闻联播)$")
PAIR_BEFORE = rx.compile("[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔滇藏陕甘青宁新]{2}")
YEARS_AFTER = rx.compile("[（(][0-9０-９—\\-–～~至年 ]{4,}[）)]$")
DOC_WORDS = ("意见", "通知", "决定", "办法", "方案", "规划", "纲要", "规定", "措施", "条例", "细则", "计划", "协议", "协议书", "备忘录", "责任书",
             "报告", "指南", "标准", "制度", "法", "实施意见", "框架协议", "行动计划", "工作方案")
QUOTED_SUFFIX_RE = rx.compile(
    "[“\"「]([^“”\"「」，。]{2,24})[”\"」]([\u4e00-\u9fff]{0,8}?)(工程|行动|活动|计划|项目|改革|战略|规划|(?:帮扶|协作)(?!规划|计划|协议|方案|项目|工程)|行动计划|宣传教育|主题教育|宣传月|协议|方案)"
)
# a quoted name that ends in its own programme word: “照亮村屯工程”, “医疗倍增计划”
QUOTED_WHOLE_RE = rx.compile("[“\"「]([^“”\"「」，。、；]{2,20}?(工程|行动|计划|活动|项目|资金|基金))[”\"」]")
# quoted names listed before 等 + a campaign word: “十万山东人游重庆”、“万吨渝货进山东”等品牌活动
QUOTED_LIST_RE = rx.compile(
    "((?:[“\"「][^“”\"「」，。、；]{3,20}[”\"」][、和及与]?){1,8}[“\"「][^“”\"「」，。、；]{3,20}[”\"」])"
    "(?:(?:、[^，。；]{2,16}?)?等[^，。；]{0,10}?|[0-9一二三四五六七八九十]+[项个大])(活动|行动|工程|项目|计划)"
)  # (or counted: “粤菜师傅”“广东技工”四项工程)
# 百企帮百村, 千企帮千村: a campaign pairing so many companies with as many villages (万企帮万村 is in the lexicon)
NUMBERED_CAMPAIGN = rx.compile("([百千万])企([帮兴联])\\1村")
QUOTED_ITEM_RE = rx.compile("[“\"「]([^“”\"「」]+)[”\"」]")
ENUM_RE = rx.compile(
    f"((?:{BODY}{{2,16}}、){{1,6}}{BODY}{{2,16}})等(?:([0-9一二三四五六七八九十]+)[项个大])?"
    "(重点民生工程|民生工程|政策|行动|工程|活动|计划|项目)(?!性)"
)
# (转移支付, 奖补资金: the central budget's named transfers, 均衡性转移支付, 县级基本财力奖补资金)
PROGRAM_SUFFIXES_KEPT = ("工程", "行动", "计划", "项目", "战略", "工作法", "专项行动", "基金", "协议", "转移支付", "奖补资金")
ANCHORED_ONLY = ("基金", "战略", "协议")  # only after a named programme or place (携手奔小康帮扶基金)
EXCLUDED_ENDINGS = ("基地", "产业园", "示范区", "机制")
ENUM_NAMED_ENDINGS = ("工程", "行动", "计划", "项目", "活动", "战略", "规划", "协议", "基金")


def _prog(start: int, end: int, name: str, kind: str, alias: str | None = None) -> Mention:
    m = Mention(start, end, "Program", name, kind=kind)
    if alias and alias != name:
        m.aliases.add(alias)
    return m


def _clean(name: str) -> str:
    return re.sub(r"\s+", "", name)


def find_programs(text: str, mentions: list[Mention], ex, actx) -> list[Mention]:
    """The sentence's mentions with its programmes added (a longer programme replaces what it covers)."""
    out = list(mentions)
    found = _book_titles(text, ex, actx)  # 《title》 and 以下简称
    found += _quoted_campaigns(text, out)  # “快递进村”工程, 消费扶贫“七进”活动
    found += _enumerated(text, ex)  # A、B等10项行动 / A、B等政策
    found += _triggered_names(text, ex)  # 实施金融扶贫富民工程, 研发…平台, 制定出台…的决定
    found += _named_projects(text, out)  # body + 工程/行动/计划/项目 …
    found += _issued_documents(text, out)  # 内蒙古自治区党委自治区人民政府关于…的实施意见 (no 《》)
    found += [_prog(m.start(), m.end(), m.group(0), "numbered") for m in NUMBERED_CAMPAIGN.finditer(text)]
    if any(m.kind in GENERIC_CHECKED for m in found):
        mechanisms = {m.name for m in out if m.type == "Program" and
                      getattr(ex.matcher.program_by_name.get(m.name), "kind", None) == "mechanism"}
        found = [m for m in found if not (m.kind in GENERIC_CHECKED and _generic_after_names(text, m, out, mechanisms))]
    for m in sorted(found, key=lambda m: -(m.end - m.start)):
        crossing = [b for b in out if b.start < m.end and m.start < b.end]
        if any(b.type in ("Program",) and (b.end - b.start) >= (m.end - m.start) for b in crossing):
            continue
        if any(b.type in ("Agency", "Person") and not (b.start >= m.start and b.end <= m.end) for b in crossing):
            continue
        for b in crossing:
            if b.start >= m.start and b.end <= m.end and (
                b.type in ("Program", "Deictic") or m.kind == "book" and b.type in ("Agency", "Person")
            ):
                out.remove(b)  # organisations named only inside a 《》 title are not entities
        out.append(m)
    out.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return out


def _book_titles(text: str, ex, actx) -> list[Mention]:
    """《title》 and the short form 以下简称 gives it; a short title refers to a full one seen before."""
    found: list[Mention] = []
    aliases = actx.__dict__.setdefault("program_aliases", {})  # short form -> canonical (per article)
    doc_titles = ex.__dict__.setdefault("doc_titles", {})  # per document
    for bm in BOOK(text):
        inner = _clean(bm.group(1))
        if MEDIA_TITLE.search(inner) or len(inner) < 2:
            continue
        canon = aliases.get(inner) or doc_titles.get(inner)
        if canon is None and len(inner) <= 6:
            # a short form of a full title seen before (中央《规定》 -> …主体责任规定)
            for full in doc_titles.values():
                if full.endswith(inner) and full != inner:
                    canon = full
                    break
        if canon is None:
            lex = ex.matcher.program_by_name.get(inner)
            canon = lex.name if lex is not None else inner
        if canon == inner and len(inner) <= 3 and not ex.matcher.program_by_name.get(inner):
            continue  # 《意见》 with nothing to resolve to
        if canon == inner and not YEARS_AFTER.sub("", inner).endswith(DOC_WORDS) and \
                not ex.matcher.program_by_name.get(inner):  # (…框架协议(2022—2026年): a document with its years)
            jm0 = JIANCHENG(text, bm.end())
            if not jm0:
                continue  # books, exhibitions, songs: not programmes
        m = _prog(bm.start(), bm.end(), canon, "book", inner if inner != canon else None)
        m.extra["title"] = inner
        found.append(m)
        doc_titles.setdefault(inner, canon)
        jm = JIANCHENG(text, bm.end())
        if jm:
            short = _clean(jm.group(1))
            aliases[short] = canon
            doc_titles[short] = canon
            m.aliases.add(short)
    return found


def _quoted_campaigns(text: str, out: list[Mention]) -> list[Mention]:
    """A quoted campaign with a programme word; a programme or pair name right before the quote belongs to it."""
    found: list[Mention] = []
    for qm in QUOTED_SUFFIX_RE.finditer(text):
        quoted, mid, suffix = qm.group(1), qm.group(2), qm.group(3)
        if QUOTED_WHOLE_RE.fullmatch(text, qm.start(), qm.start() + len(quoted) + 2):
            continue  # “春风行动”就业服务专项活动: the quoted name is the programme, the rest describes it
        if suffix in ("帮扶", "协作") and mid and not (quoted.endswith("式") and len(mid) <= 2) or \
                re.search("[等各这该每]|[0-9一二三四五六七八九十]+[项个大]", mid) or quoted in NOT_PROGRAMS:
            continue  # (but “集团式”教育帮扶: a way of helping in one field)
        if SLOGAN_RE.match(quoted) or "为主题" in mid or "的" in mid:
            continue  # “四个全面”战略, “两个维护”: numbered slogans; 以“X”为主题的活动: an event on a theme
        start = qm.start()
        # a programme or pair name directly before the quote belongs to it (消费扶贫“七进”活动, 沪滇“16+16”)
        pre_start, pre = start, ""
        for m in out:
            if m.end == start and m.type in ("Program",):
                pre_start, pre = m.start, text[m.start : start]
        if not pre and start >= 2 and re.fullmatch("[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔滇藏陕甘青宁疆]{2}",
                                                   text[start - 2 : start]):
            pre_start, pre = start - 2, text[start - 2 : start]
        name = pre + text[start : qm.end()]
        if not pre and not mid and suffix in ("活动", "行动"):
            name = quoted  # “光彩事业仪陇行”活动, “国网阳光扶贫”行动: the quoted name is the campaign, 活动 says it is one
        found.append(_prog(pre_start, qm.end(), name, "quoted", pre + quoted + mid + suffix))
    for qm in QUOTED_WHOLE_RE.finditer(text):
        body = qm.group(1)[: -len(qm.group(2))]
        shortest = 4 if qm.group(2).endswith("金") else 2  # “重点地区帮扶资金”, not “帮扶资金”
        if not (_quoted_name_ok(qm.group(1)) and len(body) >= shortest) or body in GENERIC_PROGRAM_BODIES:
            continue
        found.append(_prog(qm.start(), qm.end(), qm.group(1), "quoted"))
    for lm in QUOTED_LIST_RE.finditer(text):
        if re.search("[”\"」][“\"「]", lm.group(1)) and "等" in text[lm.end(1) : lm.start(2)]:
            continue  # “云展示”“云洽谈”等线上活动: items run together before 等 are events; counted ones are named
        for im in QUOTED_ITEM_RE.finditer(lm.group(1)):
            if _quoted_name_ok(im.group(1)):
                a = lm.start(1) + im.start()
                found.append(_prog(a, a + len(im.group(0)), im.group(1), "quoted-list"))
    return found


def _quoted_name_ok(name: str) -> bool:
    """A quoted name that can be a programme: not a slogan (“两个维护”) nor a broad field."""
    return name not in NOT_PROGRAMS and not SLOGAN_RE.match(name) and not re.search("[的了吗呢吧！？]", name)


def _enumerated(text: str, ex) -> list[Mention]:
    """Names enumerated before one programme word: A、B等10项行动."""
    found: list[Mention] = []
    for em in ENUM_RE.finditer(text):
        items = em.group(1).split("、")
        count, suffix = em.group(2), em.group(3)
        pos = em.start()
        first_start = trim_breakers(text, pos, pos + len(items[0]))
        items[0] = text[first_start : pos + len(items[0])]
        pos = first_start
        for it in items:
            ist = text.find(it, pos)
            pos = ist + len(it)
            if it in NOT_PROGRAMS or len(it) < 3 or ENUM_ITEM_BAD.search(it):
                continue
            if suffix in ("项目", "活动", "工程") and not count and not it.endswith(ENUM_NAMED_ENDINGS):
                continue  # 产业发展、医疗卫生等项目, 法律服务、医疗义诊等活动: fields of work, not names
            if it in ex.matcher.program_by_name:
                continue  # lexicon already has it
            name = it + suffix if count and suffix in ("行动", "工程", "活动", "计划", "项目") else it
            found.append(_prog(ist, ist + len(it), name, "enum", it))
    return found


def _triggered_names(text: str, ex) -> list[Mention]:
    """Names right after an implementing verb: 实施金融扶贫富民工程, 部署开展了…2023行动, 研发全国首个防贫保预警监控平台, 制定出台全方位建设模范自治区的决定."""
    found: list[Mention] = []
    # 研发全国首个防贫保预警监控平台, 制定出台全方位建设模范自治区的决定
    for tm in TRIGGERED_NAME_RE.finditer(text):
        name = tm.group("name")
        ns = tm.start("name")
        lead_amount = LEAD_AMOUNT.match(name)
        if lead_amount:  # 设立300万元携手奔小康帮扶基金 -> 携手奔小康帮扶基金
            ns += lead_amount.end()
            name = name[lead_amount.end() :]
            if len(name) <= len(tm.group("suffix")) + 2:
                continue
        suffix = tm.group("suffix")
        if len(name) - len(suffix) < 3 or name in NOT_PROGRAMS:
            continue
        body = name[: len(name) - len(suffix)]
        pair = _shared_suffix_pair(body, suffix, ns)
        if pair:  # 实施了照亮村屯和关爱未来工程: two names share the programme word
            found += pair
            continue
        if body in GENERIC_PROGRAM_BODIES or TRIGGERED_BODY_BAD.search(body) or GENERIC_AGREEMENT.fullmatch(body):
            continue
        core = body.removesuffix("实施") if suffix in ("计划", "方案") else body  # (…项目实施计划: a plan's name)
        if suffix not in ("意见", "决定", "办法", "方案", "规定") and TRIGGERED_BODY_VERBS.search(core):
            continue  # a document title may hold verbs (推进…的决定), a project name does not
        if "的" in body and suffix not in ("意见", "决定", "办法", "方案", "规定"):
            continue
        if suffix in ("平台", "系统") and tm.group("trig") not in PLATFORM_TRIGGERS:
            continue
        if tm.group("trig") == "建设" and suffix not in ("项目", "工程"):
            continue  # 出资400万元建设…基础设施项目: a project built, not a plan or a system
        if suffix in ("意见", "决定", "办法", "方案", "规定", "制度") and not DOC_TRIGGER.match(tm.group("trig")):
            continue  # 实施…制度 is fine, but 开展…意见 is not a document being issued
        if name.startswith("自治区") and ex.home and ex.gaz.get(ex.home).name.endswith("自治区"):
            name = ex.gaz.get(ex.home).name + name[3:]  # 自治区精准扶贫大数据平台 -> 内蒙古自治区…
        m = _prog(ns, tm.end("name"), name, "triggered")
        if name != text[ns : tm.end("name")]:
            m.aliases.add(text[ns : tm.end("name")])
        found.append(m)
    return found


ISSUED_DOC_RE = rx.compile("关于[^，。；、《》“”\"\\s]{4,50}?的(?:实施意见|指导意见|若干意见|意见|通知|决定|实施办法|办法|实施方案|方案)")


def _issued_documents(text: str, out: list[Mention]) -> list[Mention]:
    """A document title written without 《》 right after the bodies that issue it (内蒙古自治区党委自治区人民政府
    关于…的实施意见): the title from 关于, its issuers noted for IMPLEMENTS."""
    found: list[Mention] = []
    for dm in ISSUED_DOC_RE.finditer(text):
        if text.rfind("《", 0, dm.start()) > text.rfind("》", 0, dm.start()):
            continue  # inside a 《》 title: the book title is the document
        issuers: list[Mention] = []
        pos = dm.start()
        while True:
            prev = next((m for m in out if m.type == "Agency" and m.end == pos), None)
            if prev is None:
                break
            issuers.insert(0, prev)
            pos = prev.start - (1 if prev.start > 0 and text[prev.start - 1] == "、" else 0)
        if issuers:
            m = _prog(dm.start(), dm.end(), dm.group(0), "issued")
            m.extra["issuers"] = issuers
            found.append(m)
    return found


def _shared_suffix_pair(body: str, suffix: str, start: int) -> list[Mention]:
    """照亮村屯和关爱未来 + 工程 -> 照亮村屯工程, 关爱未来工程: two parallel names (three or more characters,
    lengths within one) joined by 和/及 before one programme word; 与 joins the parts of one name
    (…改善与能力提升工程)."""
    parts = re.split("[和及]", body)
    if len(parts) != 2 or suffix not in ("工程", "行动", "计划", "项目") or abs(len(parts[0]) - len(parts[1])) > 1 \
            or any(len(p) < 3 or TRIGGERED_BODY_BAD.search(p) or p in GENERIC_PROGRAM_BODIES for p in parts):
        return []
    a, b = parts
    return [_prog(start, start + len(a), a + suffix, "triggered", a),
            _prog(start + len(a) + 1, start + len(body) + len(suffix), b + suffix, "triggered")]


def _named_projects(text: str, out: list[Mention]) -> list[Mention]:
    """Named projects: a body (anchored on a programme or place named just before, or scanned) + 工程/行动/计划/项目 …."""
    found: list[Mention] = []
    for pm in PROGRAM_SUFFIX_RE.finditer(text):
        suffix = pm.group(1)
        if suffix not in PROGRAM_SUFFIXES_KEPT or suffix == "战略" and text.startswith(("合作", "伙伴"), pm.end()):
            continue  # (与大宁县政府战略合作: strategic cooperation, not a strategy)
        s = pm.start()
        if s > 0 and text[s - 1] in "”\"":
            continue  # quoted form handled above
        anchor = None
        for m in sorted(out, key=lambda m: m.start):
            if m.type in ("Program", "Region") and m.end <= s and s - m.end <= 12 and all(
                "\u4e00" <= c <= "\u9fff" and c not in "的了在和与及是等为对向从把被将" for c in text[m.end : s]
            ):
                anchor = m
                break
        if anchor is not None:
            # a programme or place named just before: 携手奔小康帮扶基金, 格日僧苏木以工代赈治沙项目; of a
            # chain of places only the last one belongs to the name (赤峰市翁牛特旗格日僧苏木… -> 格日僧苏木…)
            start = anchor.start
            if anchor.type == "Program" and PAIR_BEFORE.fullmatch(text, max(0, start - 2), start):
                start -= 2  # 闽宁|对口帮扶菌菇项目: the pair whose programme it is
            if anchor.type == "Region":
                nxt = next((m for m in out if m.type == "Region" and m.start == anchor.end), None)
                while nxt is not None and nxt.end <= s:
                    start = nxt.start
                    nxt = next((m for m in out if m.type == "Region" and m.start == nxt.end), None)
            if trim_verbish(text[start if anchor.type == "Region" else anchor.end : s]) or \
                    not body_ok(text[anchor.end : s]) or anchor.type == "Program" and \
                    re.fullmatch("(?:重大|重要|伟大|国家|总体|长期)", text[anchor.end : s]):
                continue  # 阿尔山市实施项目: a verb between the place and the suffix
        else:
            if suffix in ANCHORED_ONLY or suffix in ("项目", "计划"):
                continue  # an unanchored …项目/…计划 is a kind of project (绿色环保项目), not a name
            start = scan_left_body(text, s, 14)
            start = trim_breakers(text, start, s)
            start = snap_start(text, start, s)
            start += trim_verbish(text[start:s])
        # do not start inside another mention; a region/agency at the start belongs to the name
        for m in out:
            if m.start < start < m.end:
                start = m.end if m.type not in ("Region",) else m.start
        body = text[start:s]
        if len(body) < 2 or body in GENERIC_PROGRAM_BODIES or body in NOT_PROGRAMS:
            continue
        if any(body.endswith(x) for x in ("扶贫", "帮扶", "建设", "重点", "民生", "这些", "此类", "各类")) and len(body) <= 4:
            continue
        if body[-1] in "个项批" or body[0] in "等及和与各该这此全每" or len(body) < 2:
            continue
        if suffix != "转移支付" and (_ordinary_word(body) or body[0] in "用以把将对" and _ordinary_word(body[1:])) \
                and not any(m.start == start and m.type in ("Region", "Agency") for m in out):
            continue  # 实际行动, 具体项目, 铁路项目, 用|实际行动: a common word, not a name
        name = body + suffix
        if any(name.endswith(x) for x in EXCLUDED_ENDINGS):
            continue
        found.append(_prog(start, pm.end(), name, "named"))
    return found


GENERIC_CHECKED = ("named", "triggered", "enum")  # the kinds found by a programme word, not by a name
NAME_SUFFIX = rx.compile("(工程|行动|计划|项目|基金|协议|规划|方案|活动)$")


def _generic_after_names(text: str, prog: Mention, out: list[Mention], mechanisms: set[str]) -> bool:
    """北京项目, 宁波市援建项目, 京蒙协作项目, 产业合作项目, 年度帮扶计划: after the places and programmes that
    open it, the body holds only generic words (援建, 合作, 扶贫, 资金 …), which name a kind, not one."""
    sm = NAME_SUFFIX.search(prog.name)
    suffix = sm.group(0) if sm else ""
    end = prog.end - len(suffix)
    # a cooperation mechanism opening a project or a plan only says whose it is (京蒙协作项目); opening a fund,
    # an agreement or a campaign it names it (携手奔小康帮扶基金), and so does any other programme
    # (义务教育薄弱环节改善与能力提升|工程)
    whose = suffix in ("项目", "工程", "计划")
    pos = prog.start
    while True:
        m = next((m for m in out if m.start == pos and m.end <= end and (
            m.type == "Region" or whose and m.type == "Program" and m.name in mechanisms)), None)
        if m is None:
            break
        pos = m.end
    return all(t in GENERIC_PROGRAM_BODIES for t in seg(text[pos:end]))


TRIGGERED_NAME_RE = rx.compile(
    "(?P<trig>部署开展|组织开展|启动实施|制定出台|研究制定|全面实施|深入实施|持续实施|实施|开展|启动|研发|制定|出台|印发|下达|设立|"
    "利用|依托|借助|搭建|建立|建成|开发|上线|签署|签订|建设)"
    "(?:了|完成|好)?(?:全国首个|全区首个|首个|一批|一个|一套)?"
    "(?P<name>[\u4e00-\u9fff0-9“”\"]{2,28}?"
    "(?P<suffix>大普查|大排查大整治|专项行动|行动计划|工程(?!师)|行动|计划|项目|平台|系统|制度|决定|办法|方案|基金|协议))"
    # (六个“倍增计划”实施方案: the name goes on after the quote; 签署…框架协议后: a time word ends it)
    "(?!(?!后|之后|以来|时|期间)[\u4e00-\u9fff]|[”\"][\u4e00-\u9fff])"
)
ENUM_ITEM_BAD = rx.compile(
    "[的了是在等这那各该其]|^(和|与|及|或|并)|实施|开展|推进|落实|加强|加快|做好|坚持|"
    "^(支持|扶持|鼓励|引导|促进|提高|完善|健全|建立|强化|深化|优化|加大|推动|保障|确保|实现|打造|培育)"
)
TRIGGERED_BODY_VERBS = rx.compile("实施|开展|推进|推动|落实|组织|召开|举办|工作")
TRIGGERED_BODY_BAD = rx.compile(
    "等|及其|以及|并|和|同时|进一步|用于|[”\"」][“\"「]|^(各|这|该|此|相关|有关|一系列|多项|各项|各类|具体|年度|主要|"
    "重点|有关|一些|若干|新的?|好)|^[0-9一二三四五六七八九十百千两多]+[个项批类座条家]|重点$|^[0-9]+$|"
    "[0-9一二三四五六七八九十百千两多]+[个项批类座条家]$|"  # 建设任务13个|项目: a count of projects, no name
    "^[0-9.]+(?:千瓦|兆瓦|万千瓦|亩|平方米|米|公里|吨|头|只|户|人)|"  # 200千瓦光伏发电项目: a facility's size
    "^第[0-9一二三四五六七八九十]+[轮批期次](?:帮扶|扶贫|援助|援建|支援|协作|结对)?$"  # 第三轮帮扶|行动: a round, no name
)
PLATFORM_TRIGGERS = {"研发", "设立", "启动", "利用", "依托", "借助", "搭建", "建立", "建成", "开发", "上线"}
SLOGAN_RE = rx.compile("[一二两三四五六七八九十]+[个大]")
GENERIC_AGREEMENT = rx.compile("(?:战略|合作|框架|全面|友好|结对|帮扶|协作|共建|投资|项目|消费|对口)+")
LEAD_AMOUNT = rx.compile("[0-9０-９.]+(?:万|亿|千)?元")
DOC_TRIGGER = rx.compile("制定出台|研究制定|制定|出台|印发|实施|全面实施|深入实施|持续实施")

_BOOK = rx.compile("《([^《》]{2,80})》")
_JIANCHENG = rx.compile("[（(]\\s*以下简称\\s*[“\"《]?([^”\"》）)]{1,20})[”\"》]?\\s*[）)]")


def BOOK(text: str):  # noqa: N802 - reads like the regex it wraps
    return _BOOK.finditer(text)


def JIANCHENG(text: str, pos: int):  # noqa: N802
    return _JIANCHENG.match(text, pos)


def _ordinary_word(body: str) -> bool:
    """A body that is one ordinary dictionary word (or a verb + one word) names nothing."""
    jiebadict.load()
    toks = seg(body)
    if len(toks) == 1:
        return jiebadict.tag(body) not in (None, "nz", "nr", "ns", "nt", "j")
    if len(toks) == 2 and jiebadict.tag(toks[0]) in ("v", "a", "ad", "d", "vn"):
        return True
    return False


def _starts_with_verb(item: str) -> bool:
    jiebadict.load()
    toks = seg(item)
    return bool(toks) and len(toks[0]) >= 2 and jiebadict.tag(toks[0]) in ("v", "d", "p", "c", "ad")
