"""`kg eval`: score a graph.json against gold JSONL as ANNOTATION.md defines it.

Entities: the set of (document, canonical name, type); a predicted entity counts for a document when it
has a mention there, and matches a gold entity whose name or aliases contain the predicted name.
Relations: (document, source, type, target) tuples, names matched the same way, direction included; a
predicted relation counts for a document when it has evidence from it. FUNDS amounts: among matched FUNDS
relations, the share whose amount is within 0.5% of the gold figure.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.model import ENTITY_TYPES, EXTRACTED_RELATIONS


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class EvalResult:
    entities: dict[str, PRF] = field(default_factory=dict)
    relations: dict[str, PRF] = field(default_factory=dict)
    amount_matched: int = 0
    amount_correct: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    docs: int = 0

    @property
    def amount_accuracy(self) -> float:
        return self.amount_correct / self.amount_matched if self.amount_matched else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.docs,
            "entities": {k: v.as_dict() for k, v in self.entities.items()},
            "relations": {k: v.as_dict() for k, v in self.relations.items()},
            "funds_amount_accuracy": round(self.amount_accuracy, 4),
            "funds_amount_matched": self.amount_matched,
        }


def _gold_problem(obj: Any) -> str | None:
    """Why a parsed gold line is not a document as ANNOTATION.md describes it (None when it is)."""
    if not isinstance(obj, dict):
        return f"a gold line is a JSON object, not {type(obj).__name__}"
    if not isinstance(obj.get("doc"), str) or not obj["doc"]:
        return "no \"doc\" (the document's file name)"
    for key, fields in (("entities", ("name", "type")), ("relations", ("source", "type", "target"))):
        items = obj.get(key, [])
        if not isinstance(items, list):
            return f"\"{key}\" is not a list"
        for k, item in enumerate(items):
            if not isinstance(item, dict):
                return f"{key}[{k}] is not an object"
            missing = [f for f in fields if not isinstance(item.get(f), str)]
            if missing:
                return f"{key}[{k}] has no \"{missing[0]}\""
            if key == "entities" and not isinstance(item.get("aliases", []), list):
                return f"{key}[{k}] \"aliases\" is not a list"
    return None


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold documents of a JSONL file; a malformed line ends with KgError("FILE:LINE: reason")."""
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise KgError(f"cannot read gold file {path}: {e.strerror}") from None
    out = []
    for i, bline in enumerate(raw.split(b"\n"), 1):
        try:
            line = bline.decode("utf-8")
        except UnicodeDecodeError:
            raise KgError(f"{path}:{i}: not UTF-8 text") from None
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            raise KgError(f"{path}:{i}: not a JSON line") from None
        problem = _gold_problem(obj)
        if problem:
            raise KgError(f"{path}:{i}: {problem}")
        out.append(obj)
    return out


def _doc_key(doc: str) -> str:
    return Path(doc).name


def evaluate(g: nx.MultiDiGraph, gold: list[dict[str, Any]], tolerance: float = 0.005) -> EvalResult:
    res = EvalResult(docs=len(gold))
    for t in ENTITY_TYPES + ("all",):
        res.entities[t] = PRF()
    for t in EXTRACTED_RELATIONS + ("all",):
        res.relations[t] = PRF()
    pred_ents, pred_rels = _predicted(g)
    for doc, gd in {_doc_key(d["doc"]): d for d in gold}.items():
        resolve = _resolver(gd)
        _score_entities(res, doc, gd, pred_ents.get(doc, ()), resolve)
        _score_relations(res, doc, gd, pred_rels.get(doc, {}), resolve, tolerance)
    for table in (res.entities, res.relations):
        total = PRF()
        for k, v in table.items():
            if k != "all":
                total.tp += v.tp
                total.fp += v.fp
                total.fn += v.fn
        table["all"] = total
    return res


def _predicted(g: nx.MultiDiGraph) -> tuple[dict, dict]:
    """Per document: the predicted (name, type) entities, and (source, type, target) -> amounts."""
    pred_ents: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for _, data in g.nodes(data=True):
        for doc in {m["doc"] for m in data.get("mentions", ())}:
            pred_ents[_doc_key(doc)].add((data["name"], data["type"]))
    pred_rels: dict[str, dict[tuple[str, str, str], list[float]]] = defaultdict(dict)
    for s, t, data in g.edges(data=True):
        if data.get("type") not in EXTRACTED_RELATIONS:
            continue
        sname, tname = g.nodes[s]["name"], g.nodes[t]["name"]
        for ev in data.get("evidence", ()):
            amounts = pred_rels[_doc_key(ev["doc"])].setdefault((sname, data["type"], tname), [])
            if ev.get("amount_yuan") is not None:
                amounts.append(ev["amount_yuan"])
    return pred_ents, pred_rels


def _resolver(gd: dict[str, Any]):
    """pred name (and type) -> the gold canonical name it matches (by name or alias), or None."""
    names: dict[str, set[str]] = {}
    types: dict[str, str] = {}
    for e in gd.get("entities", ()):
        names[e["name"]] = {e["name"], *e.get("aliases", ())}
        types[e["name"]] = e["type"]

    def resolve(pred_name: str, etype: str | None = None) -> str | None:
        if pred_name in names and (etype is None or types[pred_name] == etype):
            return pred_name
        for canon, ns in names.items():
            if pred_name in ns and (etype is None or types[canon] == etype):
                return canon
        return None

    resolve.types = types
    return resolve


def _score_entities(res: EvalResult, doc: str, gd: dict, predicted, resolve) -> None:
    matched_gold: set[str] = set()
    for name, etype in sorted(predicted):
        canon = resolve(name, etype)
        if canon is not None and canon not in matched_gold:
            matched_gold.add(canon)
            res.entities[etype].tp += 1
        elif canon is None:  # (a second predicted name for an already matched gold entity is not an extra)
            res.entities[etype].fp += 1
            res.errors.append({"doc": doc, "kind": "extra entity", "type": etype, "name": name})
    for canon, etype in resolve.types.items():
        if canon not in matched_gold:
            res.entities.setdefault(etype, PRF()).fn += 1
            res.errors.append({"doc": doc, "kind": "missed entity", "type": etype, "name": canon})


def _score_relations(res: EvalResult, doc: str, gd: dict, predicted: dict, resolve, tolerance: float) -> None:
    gold_rels: dict[tuple[str, str, str], dict] = {}
    for r in gd.get("relations", ()):
        gold_rels.setdefault((r["source"], r["type"], r["target"]), r)
    matched_rel: set[tuple[str, str, str]] = set()
    for (sname, rtype, tname), amounts in sorted(predicted.items()):
        key = (resolve(sname), rtype, resolve(tname))
        if key in gold_rels and key not in matched_rel:
            matched_rel.add(key)
            res.relations[rtype].tp += 1
            gr = gold_rels[key]
            if rtype == "FUNDS" and gr.get("amount_yuan"):
                res.amount_matched += 1
                want = float(gr["amount_yuan"])
                got = max(amounts) if amounts else None
                if got is not None and abs(got - want) <= tolerance * want:
                    res.amount_correct += 1
                else:
                    res.errors.append({"doc": doc, "kind": "wrong amount", "type": rtype,
                                       "source": sname, "target": tname, "got": got, "want": want})
        elif key not in matched_rel:
            res.relations[rtype].fp += 1
            res.errors.append({"doc": doc, "kind": "extra relation", "type": rtype,
                               "source": sname, "target": tname})
    for key, r in gold_rels.items():
        if key not in matched_rel:
            res.relations[key[1]].fn += 1
            res.errors.append({"doc": doc, "kind": "missed relation", "type": key[1], "source": key[0],
                               "target": key[2], "evidence": r.get("evidence", "")[:120]})


def format_table(res: EvalResult) -> str:
    lines = [f"{'':24}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for title, table in (("entities", res.entities), ("relations", res.relations)):
        for k, v in table.items():
            label = f"{title} {k}"
            lines.append(f"{label:24}{v.precision:8.3f}{v.recall:8.3f}{v.f1:8.3f}{v.tp:6}{v.fp:6}{v.fn:6}")
    lines.append(f"{'FUNDS amount accuracy':24}{res.amount_accuracy:8.3f}  ({res.amount_correct}/{res.amount_matched})")
    return "\n".join(lines)


# ---------------------------------------------------------------- cross-validation
# What the extractor fits from gold: nothing today (its rules and lexicons are written by hand from the
# language and the domain, none is harvested from gold), so each held-out fold is scored on the graph as
# built. A learned part would register here a fit(train_gold) -> graph transformer applied per fold.
FITTED_FROM_GOLD: tuple[str, ...] = ()


@dataclass
class CVResult:
    k: int
    folds: list[list[str]]  # document keys of each held-out fold
    per_fold: list[EvalResult]
    pooled: EvalResult  # held-out counts summed over the folds (micro average)


def doc_folds(gold: list[dict[str, Any]], k: int) -> list[list[str]]:
    """Documents dealt into k folds in sorted-name order (deterministic; sizes differ by at most one)."""
    keys = sorted({_doc_key(d["doc"]) for d in gold})
    if k < 2 or k > len(keys):
        raise KgError(f"--cv needs 2 <= K <= {len(keys)} (the gold's documents), got {k}")
    return [keys[i::k] for i in range(k)]


def _add_counts(into: dict[str, PRF], more: dict[str, PRF]) -> None:
    for key, v in more.items():
        t = into.setdefault(key, PRF())
        t.tp, t.fp, t.fn = t.tp + v.tp, t.fp + v.fp, t.fn + v.fn


def cross_validate(g: nx.MultiDiGraph, gold: list[dict[str, Any]], k: int) -> CVResult:
    """Document-level K-fold cross-validation: each fold scored as held-out, the rest as training.

    Everything fitted from gold (FITTED_FROM_GOLD) would be fitted on the training folds only; with
    nothing fitted the pooled held-out score equals the plain score, which is what the report shows."""
    folds = doc_folds(gold, k)
    pooled = EvalResult()
    per_fold = []
    for fold in folds:
        held = set(fold)
        res = evaluate(g, [d for d in gold if _doc_key(d["doc"]) in held])
        per_fold.append(res)
        _add_counts(pooled.entities, res.entities)
        _add_counts(pooled.relations, res.relations)
        pooled.amount_matched += res.amount_matched
        pooled.amount_correct += res.amount_correct
        pooled.docs += res.docs
    return CVResult(k, folds, per_fold, pooled)


def format_cv(plain: EvalResult, cv: CVResult) -> str:
    """Per type: the plain F1 beside the pooled held-out F1 and the folds' range."""
    lines = [f"{cv.k}-fold document cross-validation (fitted from gold: "
             f"{', '.join(FITTED_FROM_GOLD) or 'nothing'})",
             f"{'':24}{'plain F1':>10}{'CV F1':>8}{'fold min':>10}{'fold max':>10}"]
    for title in ("entities", "relations"):
        for key, v in getattr(plain, title).items():
            fold_f1 = [getattr(r, title)[key].f1 for r in cv.per_fold
                       if getattr(r, title)[key].tp + getattr(r, title)[key].fn]
            pooled = getattr(cv.pooled, title)[key].f1
            lo, hi = (min(fold_f1), max(fold_f1)) if fold_f1 else (0.0, 0.0)
            lines.append(f"{title + ' ' + key:24}{v.f1:10.3f}{pooled:8.3f}{lo:10.3f}{hi:10.3f}")
    lines.append(f"{'FUNDS amount accuracy':24}{plain.amount_accuracy:10.3f}{cv.pooled.amount_accuracy:8.3f}")
    return "\n".join(lines)
