"""Graphs for the viz tests: a small synthetic 京蒙 graph (every type, presets exercised) and an XSS probe."""

from __future__ import annotations

import pytest

from kg.graph import build_graph

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(1)</script>"


def region(name, adcode, level, lon=None, lat=None, aliases=()):
    e = {"type": "Region", "name": name, "adcode": adcode, "level": level, "aliases": list(aliases),
         "mentions": [{"sentence": 0, "start": 0, "end": len(name)}]}
    if lon is not None:
        e["lon"], e["lat"] = lon, lat
    return e


def ent(etype, name, aliases=()):
    return {"type": etype, "name": name, "aliases": list(aliases), "mentions": [{"sentence": 0, "start": 0, "end": 1}]}


BJ = region("北京市", "110000", "province", 116.407394, 39.904211, ["北京", "京"])
XC = region("西城区", "110102", "county", 116.365868, 39.912289)
CY = region("朝阳区", "110105", "county", 116.443205, 39.921506)
BJW = ent("Agency", "北京市委")
NM = region("内蒙古自治区", "150000", "province", 111.765617, 40.817498, ["内蒙古", "蒙"])
CF = region("赤峰市", "150400", "prefecture", 118.887613, 42.256876, ["赤峰"])
KQ = region("克什克腾旗", "150425", "county", 117.545797, 43.264988, ["克旗"])
WN = region("翁牛特旗", "150426", "county", 119.006184, 42.936188)
XH = region("兴和县", "150924", "county", 113.834, 40.872)  # no Chifeng link
TS = region("得胜沟乡", None, "township")  # no coordinates
PRG = ent("Program", "京蒙扶贫协作", ["京蒙协作"])
SSF = ent("Agency", "全国社保基金理事会")
CAI = ent("Person", "蔡奇")
YGDZ = ent("Program", "以工代赈")


def rel(src, rtype, dst, text, date, **kw):
    r = {"source": src, "target": dst, "type": rtype, "evidence": {"text": text, "date": date}}
    r.update(kw)
    return r


def synthetic_extractions():
    doc1 = {
        "doc": "001_beijing.txt", "date": "2020-05-12",
        "entities": [BJ, XC, CY, BJW, NM, CF, KQ, WN, PRG, CAI],
        "relations": [
            rel(BJ, "ASSISTS", CF, "北京市党政代表团深入我区赤峰市考察，对接落实京蒙扶贫协作工作", "2020-05-12",
                program="京蒙扶贫协作"),
            rel(XC, "ASSISTS", KQ, "西城区对口帮扶克什克腾旗", "2020-05-12", program="京蒙扶贫协作"),
            rel(XC, "FUNDS", KQ, "西城区投入帮扶资金650万元用于克什克腾旗产业发展", "2020-05-12",
                amount_yuan=6500000),
            rel(CY, "FUNDS", WN, "朝阳区安排资金2.94亿元支持翁牛特旗", "2019-08-01", amount_yuan=294000000),
            rel(BJW, "ASSISTS", CF, "北京市委推动京蒙协作向赤峰市延伸", "2021-03-02"),
            rel(BJ, "IMPLEMENTS", PRG, "北京市落实京蒙扶贫协作", "2020-05-12"),
            rel(CAI, "HOLDS_POSITION", BJW, "北京市委书记蔡奇", "2020-05-12", title="书记"),
        ],
        "derived": [
            {"source": XC, "target": BJ, "type": "PART_OF"},
            {"source": CY, "target": BJ, "type": "PART_OF"},
            {"source": BJW, "target": BJ, "type": "LOCATED_IN"},
            {"source": CF, "target": NM, "type": "PART_OF"},
            {"source": KQ, "target": CF, "type": "PART_OF"},
            {"source": WN, "target": CF, "type": "PART_OF"},
        ],
    }
    doc2 = {
        "doc": "002_xinghe.txt", "date": "2018-11-20",
        "entities": [SSF, XH, TS, YGDZ],
        "relations": [
            rel(SSF, "FUNDS", XH, "全国社保基金理事会协调资金 650 万元用于加强乌兰察布市兴和县基础医疗设备配置",
                "2018-11-20", amount_yuan=6500000),
            rel(XH, "IMPLEMENTS", YGDZ, "兴和县实施以工代赈项目", "2018-11-20"),
        ],
        "derived": [{"source": XH, "target": NM, "type": "PART_OF"}, {"source": TS, "target": KQ, "type": "PART_OF"}],
    }
    return [doc1, doc2]


@pytest.fixture(scope="session")
def synthetic_graph():
    return build_graph(synthetic_extractions())


def xss_graph():
    evil_agency = ent("Agency", f"坏机构{XSS_IMG}", [XSS_SCRIPT])
    evil_region = region(f"{XSS_SCRIPT}县", "159999", "county", 115.0, 41.0)
    doc = {
        "doc": f"evil{XSS_IMG}.txt", "date": "2020-01-01",
        "entities": [evil_agency, evil_region, BJ],
        "relations": [
            rel(evil_agency, "FUNDS", evil_region, f"证据{XSS_IMG}与{XSS_SCRIPT}\u2028结束", "2020-01-01",
                amount_yuan=1000000, program=XSS_IMG),
            rel(BJ, "ASSISTS", evil_region, f"北京市帮扶{XSS_SCRIPT}", "2020-01-01"),
        ],
    }
    return build_graph([doc])
