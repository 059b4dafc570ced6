"""Generate a realistic large corpus from the samples: `python -m bench.gen_corpus --size 50 [--out DIR]`.

Pages (~20 KB each, like a newspaper page) are recombined from the sample articles' paragraphs
(data/samples/*.txt and /work/shared/dev/docs/*.txt), with region names substituted by other regions of
the same level from the gazetteer, person names and dates varied, and a unique issue line, so that no two
documents are identical. Deterministic for a given size and seed. Output: bench/corpora/<size>mb/.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SOURCES = [REPO / "data" / "samples", Path("/work/shared/dev/docs")]
PAGE_BYTES = 20_000
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文辉力斌宇浩凯健俊峰波鹏海燕雪梅琳晨阳"
AGENCIES = ["扶贫开发领导小组办公室", "乡村振兴局", "农业农村局", "发展和改革委员会", "财政局", "民政局",
            "人力资源和社会保障局", "教育局", "卫生健康委员会", "商务局", "工商业联合会", "对口支援办公室"]
_DATE = re.compile(r"(20\d\d)年(\d{1,2})月(\d{1,2})日")
_PERSON = re.compile(r"(记者|通讯员|书记|县长|旗长|主任|局长)([\u4e00-\u9fff]{2,3})")


def regions_by_level() -> dict[str, list[str]]:
    from kg.extract.gazetteer import load_gazetteer

    out: dict[str, list[str]] = {}
    for r in load_gazetteer().regions.values():
        out.setdefault(r.level, []).append(r.name)
    return {k: sorted(v) for k, v in out.items()}


def paragraphs() -> list[str]:
    paras: list[str] = []
    for d in SOURCES:
        for f in sorted(d.glob("*.txt")) if d.is_dir() else ():
            text = f.read_text(encoding="utf-8", errors="replace")
            for p in re.split(r"\n\s*\n", text):
                p = p.strip()
                if len(p) >= 40:
                    paras.append(p)
    if not paras:
        raise SystemExit("no sample documents found")
    return paras


def generate(size_mb: float, out: Path, seed: int = 7) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    done = out / ".complete"
    if done.exists() and done.read_text() == f"{size_mb}:{seed}":
        return out
    rng = random.Random(seed)
    paras = paragraphs()
    levels = regions_by_level()
    all_names = sorted({n for v in levels.values() for n in v if len(n) >= 3}, key=len, reverse=True)
    level_of = {n: lvl for lvl, v in levels.items() for n in v}
    name_re = re.compile("|".join(map(re.escape, all_names)))
    target = int(size_mb * 1e6)
    total = 0
    i = 0
    while total < target:
        year = 2011 + (i * 10 // max(1, target // PAGE_BYTES))
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        subst = {}

        def region(m: re.Match, subst: dict = subst) -> str:
            n = m.group(0)
            if n not in subst:
                pool = levels.get(level_of.get(n, "county")) or all_names
                subst[n] = n if rng.random() < 0.5 else rng.choice(pool)
            return subst[n]

        def person(m: re.Match) -> str:
            return m.group(1) + rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))

        parts = [f"第{20000 + i}期\n\n{year}年{month}月{day}日\n"]
        size = 0
        while size < PAGE_BYTES:
            p = rng.choice(paras)
            p = name_re.sub(region, p)
            p = _PERSON.sub(person, p)
            p = _DATE.sub(lambda m, y=year: f"{y}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", p)
            if rng.random() < 0.3:
                p += f"{rng.choice(list(subst.values()) or all_names[:1])}{rng.choice(AGENCIES)}负责同志表示，将持续推进帮扶工作。"
            parts.append(p)
            size += len(p.encode("utf-8")) + 2
        data = "\n\n".join(parts).encode("utf-8")
        d = out / f"{year}" / f"{month:02d}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"page{i:06d}.txt").write_bytes(data)
        total += len(data)
        i += 1
    done.write_text(f"{size_mb}:{seed}")
    return out


def corpus_dir(size_mb: float) -> Path:
    return HERE / "corpora" / f"{size_mb:g}mb"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=float, default=5, help="MB of text (5, 50, 200, ...)")
    ap.add_argument("--out", default=None)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    out = generate(a.size, Path(a.out) if a.out else corpus_dir(a.size), a.seed)
    files = list(out.rglob("*.txt"))
    print(f"{out}: {len(files)} documents, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
