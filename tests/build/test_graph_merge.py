"""kg.graph: digests merged in any order give the bytes of build_graph in order; the streaming graph.json
writer gives the bytes of json.dumps."""

from __future__ import annotations

import json
import random

import pytest

import kg.graph as kgraph
from kg import graphjson
from kg.jsonio import dumps_canonical
from tests.build import reference_merge

# ------------------------------------------------------------------------- writer


def _random_value(rng: random.Random, depth: int = 0):
    kinds = ["str", "int", "float", "none", "bool"] + (["list", "dict", "tuple"] if depth < 4 else [])
    k = rng.choice(kinds)
    if k == "str":
        return rng.choice(["", "北京市", 'a"b\\c', "line\nbreak\t", "\u2028\x00\x1f", "é", "😀", "</script>"])
    if k == "int":
        return rng.choice([0, -1, 7, 2**40, -(2**70)])
    if k == "float":
        return rng.choice([0.0, -0.0, 1.5, 116.407394, 1e-7, 1e21, 6500000.0, 0.1 + 0.2])
    if k == "none":
        return None
    if k == "bool":
        return rng.random() < 0.5
    n = rng.randint(0, 4)
    if k == "dict":
        return {rng.choice(["a", "b", "doc", "中", "Z", "a b", ""]) + str(i): _random_value(rng, depth + 1)
                for i in range(n)}
    items = [_random_value(rng, depth + 1) for _ in range(n)]
    return tuple(items) if k == "tuple" else items


def test_streaming_writer_matches_json_dumps(tmp_path):
    rng = random.Random(6)
    for i in range(200):
        graph = {"generator": "kg test", "documents": [_random_value(rng) for _ in range(rng.randint(0, 3))]}
        nodes = [{"id": f"n{j}", "a": _random_value(rng, 1), "b": _random_value(rng, 1)}
                 for j in range(rng.randint(0, 5))]
        links = [{"source": "a", "target": "b", "key": str(j), "v": _random_value(rng)} for j in range(rng.randint(0, 3))]
        p = tmp_path / f"g{i}.json"
        graphjson.write_node_link(p, graph, map(graphjson.item_bytes, links), map(graphjson.item_bytes, nodes))
        ref = dumps_canonical({"directed": True, "multigraph": True, "graph": graph, "nodes": nodes,
                               "links": links}, indent=1) + "\n"
        assert p.read_text(encoding="utf-8") == ref


def test_writer_refuses_nan_like_json(tmp_path):
    with pytest.raises(ValueError):
        graphjson.write_node_link(tmp_path / "g.json", {}, iter([]),
                                  map(graphjson.item_bytes, [{"id": "a", "lon": float("nan")}]))
    assert not list(tmp_path.iterdir())  # no temp file left behind


def test_writer_falls_back_for_unusual_values(tmp_path):
    g = kgraph.build_graph([])
    g.add_node("Agency:x", type="Agency", name="x", aliases=[], mentions=[], extra={1: "int key"})
    kgraph.write_graph(g, tmp_path / "g.json")
    assert (tmp_path / "g.json").read_text(encoding="utf-8") == kgraph.dumps_graph(g)


# ------------------------------------------------------------------------- merge in any order


def _ent(etype, name, **kw):
    return {"type": etype, "name": name, "aliases": kw.pop("aliases", []), "mentions": kw.pop("mentions", []), **kw}


def _conflicting_extractions() -> list[dict]:
    """Documents that disagree: names of one region id, attributes known to some, the same evidence
    sentence with and without an amount, a document id seen twice, mentions given twice."""
    exs = []
    for i in range(12):
        doc = f"d{i % 10:02d}.txt"  # d00 and d01 twice
        cf = _ent("Region", "赤峰市" if i % 3 else "赤峰", adcode="150400",
                  level="prefecture" if i % 4 == 1 else None, lon=118.9 + i if i % 5 == 2 else None,
                  aliases=["赤峰", f"别名{i % 3}"],
                  mentions=[{"sentence": i, "start": 3, "end": 6}, {"sentence": i, "start": 3, "end": 6},
                            {"sentence": 0, "start": 2**33, "end": True}])
        bj = _ent("Region", "北京市", adcode="110000", level="province",
                  mentions=[{"sentence": 1, "start": i, "end": i + 3}])
        ag = _ent("Agency", "国家统计局", aliases=["统计局"])
        rels = [
            {"type": "FUNDS", "source": ag, "target": cf, "amount_yuan": (100 * i if i % 2 else None),
             "program": ["京蒙协作", None, "东西部协作"][i % 3], "title": None,
             "evidence": {"text": "国家统计局投入资金支持赤峰市。", "date": f"2020-0{1 + i % 9}-01" if i % 4 else None}},
            {"type": "ASSISTS", "source": bj, "target": cf, "purpose": "产业" if i % 2 else "教育",
             "evidence": {"text": f"北京市帮扶赤峰市{i % 4}。", "date": "2020-01-01"}},
            {"type": "ASSISTS", "source": bj, "target": cf,
             "evidence": {"text": f"北京市帮扶赤峰市{i % 4}。", "date": "2021-01-01"}, "amount_yuan": 5.5},
        ]
        exs.append({"doc": doc, "sha256": f"{i:064x}", "path": f"/c/{doc}", "date": None if i % 6 == 0 else "2020-01-01",
                    "entities": [cf, bj, ag], "context_entities": [_ent("Region", "内蒙古自治区", adcode="150000")],
                    "relations": rels, "derived": [{"type": "PART_OF", "source": cf, "target": _ent(
                        "Region", "内蒙古", adcode="150000", level="province")}]})
    return exs


def test_build_graph_is_the_reference_merge():
    exs = _conflicting_extractions()
    assert kgraph.dumps_graph(kgraph.build_graph(exs)) == kgraph.dumps_graph(reference_merge.build_graph(exs))


def test_digests_merged_in_any_order_give_the_same_bytes(tmp_path):
    exs = _conflicting_extractions()
    ref = kgraph.dumps_graph(reference_merge.build_graph(exs))  # in order: the definition
    digests = [json.loads(json.dumps(kgraph.digest_extraction(ex), ensure_ascii=False)) for ex in exs]
    rng = random.Random(1)
    for trial in range(20):
        order = list(range(len(exs)))
        rng.shuffle(order)
        m = kgraph.GraphMerger()
        for rank in order:
            m.add_digest(digests[rank], rank)
        m.write(tmp_path / f"g{trial}.json")
        assert (tmp_path / f"g{trial}.json").read_text(encoding="utf-8") == ref
        assert kgraph.dumps_graph(m.to_networkx()) == ref


def test_build_graph_semantics_kept():
    """Spot checks of the merge rules build_graph has always had."""
    g = kgraph.build_graph(_conflicting_extractions())
    cf = g.nodes["Region:150400"]
    assert cf["name"] == "赤峰"  # the first document's name
    assert cf["level"] == "prefecture" and cf["lon"] == 118.9 + 2  # first non-null, in document order
    assert cf["aliases"] == ["别名0", "别名1", "别名2"]  # 赤峰, the node's own name, is not an alias
    funds = g.edges["Agency:国家统计局", "Region:150400", "FUNDS"]
    # one evidence per (doc, sentence): the first one with an amount wins over an earlier one without
    assert [(e["doc"], e.get("amount_yuan")) for e in funds["evidence"] if e["doc"] == "d01.txt"] == [("d01.txt", 100)]
    assert funds["program"] == "东西部协作"  # 4 votes each: the tie goes to the smaller string
    docs = {d["doc"]: d for d in g.graph["documents"]}
    assert docs["d00.txt"]["sha256"] == f"{10:064x}"  # a document id seen twice: the last record wins




def _merger(exs):
    m = kgraph.GraphMerger()
    for rank, ex in enumerate(exs):
        m.add_digest(json.loads(json.dumps(kgraph.digest_extraction(ex), ensure_ascii=False)), rank)
    return m


def test_merger_write_same_bytes(tmp_path):
    exs = _conflicting_extractions()
    ref = kgraph.dumps_graph(reference_merge.build_graph(exs))
    _merger(exs).write(tmp_path / "g.json")
    assert (tmp_path / "g.json").read_text(encoding="utf-8") == ref
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]
    kgraph.GraphMerger().write(tmp_path / "empty.json")
    assert (tmp_path / "empty.json").read_text(encoding="utf-8") == kgraph.dumps_graph(kgraph.build_graph([]))


def test_items_the_fast_encoder_cannot_format_are_json_dumps_bytes(tmp_path, monkeypatch):
    real = graphjson.encode

    def picky(o, level):
        if isinstance(o, dict) and "source" in o:
            raise graphjson.Unsupported
        return real(o, level)

    monkeypatch.setattr(graphjson, "encode", picky)
    exs = _conflicting_extractions()
    _merger(exs).write(tmp_path / "g.json")
    monkeypatch.setattr(graphjson, "encode", real)
    assert (tmp_path / "g.json").read_text(encoding="utf-8") == kgraph.dumps_graph(reference_merge.build_graph(exs))
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]
