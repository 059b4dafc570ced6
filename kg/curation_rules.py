"""The curation file (`kg build … --curation FILE`): YAML rules, read and checked with their line numbers.

    merge:   [{into: 内蒙古自治区党委, from: [内蒙古自治区委, 自治区党委]}]
    rename:  [{from: 综合考核组, to: 国家综合考核组}]
    retype:  [{name: 京蒙协作项目, type: Program}]
    reject:  [{source: 内蒙古自治区, type: ASSISTS, target: 北京市}]    # optionally doc: FILE
    add:     [{source: 西城区, type: FUNDS, target: 喀喇沁旗, amount_yuan: 5270000, doc: x.txt, evidence: "…"}]

`load_rules(path)` -> [Rule] in the order they are applied (kg.curation.KINDS, then the file's order);
anything malformed raises CurationError "FILE:LINE: reason". `append_rule(path, kind, spec)` adds one rule
to a file (creating it), as `kg curate` does, and checks that the file still reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KgError

KINDS = ("merge", "rename", "retype", "reject", "add")  # the order rules are applied in
NODE_TYPES = ("Person", "Agency", "Region", "Program")
LINK_TYPES = ("ASSISTS", "FUNDS", "IMPLEMENTS", "HOLDS_POSITION", "PART_OF", "LOCATED_IN")
# per kind: required fields, optional fields
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "merge": (("into", "from"), ()),
    "rename": (("from", "to"), ()),
    "retype": (("name", "type"), ()),
    "reject": (("source", "type", "target"), ("doc",)),
    "add": (("source", "type", "target"), ("doc", "evidence", "date", "amount_yuan", "program",
                                          "source_type", "target_type")),
}
_LINE = "__line__"


class CurationError(KgError):
    """A malformed curation file or rule: "FILE:LINE: reason"."""


@dataclass
class Rule:
    kind: str
    spec: dict[str, Any]
    file: str
    line: int
    order: int = field(default=0)  # place in the file (ties within a kind)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.kind, "line": self.line, **self.spec}


class _Duplicate(Exception):
    def __init__(self, msg: str, line: int):
        super().__init__(msg)
        self.line = line


def _loader():
    import yaml

    class Loader(yaml.SafeLoader):
        """SafeLoader that notes each mapping's line (1-based) under __line__."""

    def mapping(loader, node):
        seen: set = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in seen:  # YAML would keep the last silently: a rule section written twice loses rules
                raise _Duplicate(f"{key!r} appears twice in one mapping", key_node.start_mark.line + 1)
            seen.add(key)
        d = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
        d[_LINE] = node.start_mark.line + 1
        return d

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return Loader


def parse_rules(text: str, file: str) -> list[Rule]:
    """Rules from the YAML text of `file` (named in errors), in application order."""
    import yaml

    try:
        data = yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise CurationError(f"{file}:{line}: not valid YAML: {e.problem or e.context}") from None
    except yaml.YAMLError as e:
        raise CurationError(f"{file}:1: not valid YAML: {e}") from None
    except _Duplicate as e:
        raise CurationError(f"{file}:{e.line}: {e}") from None
    if data is None:
        return []
    if not isinstance(data, dict):
        raise CurationError(f"{file}:1: expected a mapping of {', '.join(KINDS)}")
    top = data.pop(_LINE, 1)
    rules: list[Rule] = []
    for kind, items in data.items():
        if kind not in KINDS:
            raise CurationError(f"{file}:{top}: unknown section {kind!r} (expected {', '.join(KINDS)})")
        if items is None:
            continue
        if not isinstance(items, list):
            raise CurationError(f"{file}:{top}: {kind}: expected a list of rules")
        for item in items:
            rules.append(_rule(kind, item, file, top, len(rules)))
    return sorted(rules, key=lambda r: (KINDS.index(r.kind), r.order))


def _rule(kind: str, item: Any, file: str, top: int, order: int) -> Rule:
    if not isinstance(item, dict):
        raise CurationError(f"{file}:{top}: {kind}: each rule is a mapping such as "
                            f"{{{', '.join(f'{k}: …' for k in FIELDS[kind][0])}}}")
    line = item.pop(_LINE, top)
    where = f"{file}:{line}"
    required, optional = FIELDS[kind]
    for k in item:
        if k not in required and k not in optional:
            raise CurationError(f"{where}: {kind}: unknown field {k!r} "
                                f"(fields: {', '.join(required + optional)})")
    for k in required:
        if item.get(k) in (None, "", []):
            raise CurationError(f"{where}: {kind}: missing {k!r}")
    spec: dict[str, Any] = {}
    for k, v in item.items():
        spec[k] = _value(kind, k, v, where)
    if kind == "merge" and isinstance(spec["from"], str):
        spec["from"] = [spec["from"]]
    return Rule(kind, spec, file, line, order)


def _value(kind: str, key: str, v: Any, where: str) -> Any:
    """One field's value, checked."""
    if key == "amount_yuan":
        if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
            raise CurationError(f"{where}: {kind}: amount_yuan must be a non-negative number")
        return int(v) if float(v).is_integer() else v
    if key == "from" and kind == "merge":
        vs = v if isinstance(v, list) else [v]
        if not vs or not all(isinstance(x, str) and x.strip() for x in vs):
            raise CurationError(f"{where}: merge: 'from' must be a name or a list of names")
        return [x.strip() for x in vs]
    if key == "date":
        v = str(v)  # YAML reads 2020-08-25 as a date
    if not isinstance(v, str) or not v.strip():
        raise CurationError(f"{where}: {kind}: {key!r} must be a non-empty string")
    v = v.strip()
    if key == "type" and kind == "retype" or key in ("source_type", "target_type"):
        if v not in NODE_TYPES:
            raise CurationError(f"{where}: {kind}: unknown entity type {v!r} ({', '.join(NODE_TYPES)})")
    elif key == "type" and v not in LINK_TYPES:
        raise CurationError(f"{where}: {kind}: unknown relation type {v!r} ({', '.join(LINK_TYPES)})")
    return v


def load_rules(path: str | Path) -> list[Rule]:
    """The rules of a curation file; CurationError (FILE:LINE: reason) when it cannot be used."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise CurationError(f"{path}: no such curation file") from None
    except IsADirectoryError:
        raise CurationError(f"{path}: is a directory, not a curation file") from None
    except OSError as e:
        raise CurationError(f"{path}: cannot read: {e.strerror or e}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise CurationError(f"{path}:{line}: not UTF-8 text") from None
    return parse_rules(text, str(path))


def load_for_build(path: str | Path | None) -> tuple[str, list[Rule]] | None:
    """(the file, its rules) for `kg build --curation`, None without a file."""
    return None if path is None else (str(path), load_rules(path))


def format_rule(kind: str, spec: dict[str, Any]) -> str:
    """One rule as a YAML flow mapping, e.g. `{into: 甲, from: [乙, 丙]}`."""
    import yaml

    return yaml.safe_dump(spec, allow_unicode=True, default_flow_style=True, sort_keys=False,
                          width=1 << 16).strip()


def append_rule(path: str | Path, kind: str, spec: dict[str, Any]) -> Rule:
    """Add one rule to a curation file (created if missing) and return it as read back. The file is
    rewritten atomically; a file that does not read as curation rules is left alone (CurationError)."""
    import yaml

    from kg.jsonio import atomic_write_text

    if kind not in KINDS:
        raise CurationError(f"unknown rule kind {kind!r} ({', '.join(KINDS)})")
    p = Path(path)
    text = ""
    if p.exists():
        load_rules(p)  # the file is sound before it is touched
        text = p.read_text(encoding="utf-8")
    probe = parse_rules(f"{kind}:\n  - {format_rule(kind, spec)}\n", str(path))  # the rule is sound
    data = yaml.safe_load(text) if text.strip() else {}
    if not isinstance(data, dict):
        data = {}
    items = data.get(kind)
    if isinstance(items, list) and items:
        # append to the existing section: the rule goes on a new line after the section's last item
        text = _insert_into_section(text, kind, format_rule(kind, spec))
    else:
        if text and not text.endswith("\n"):
            text += "\n"
        if kind in data:  # an empty section: drop its header, a fresh one follows
            text = "\n".join(ln for ln in text.splitlines() if not ln.startswith(f"{kind}:")) + "\n"
            text = text.lstrip("\n")
        text += f"{kind}:\n  - {format_rule(kind, spec)}\n"
    atomic_write_text(p, text)
    rules = [r for r in load_rules(p) if r.kind == kind]
    return rules[-1] if rules else probe[0]


def _insert_into_section(text: str, kind: str, rule: str) -> str:
    """The text with `  - rule` added at the end of the block section `kind:` (or its flow list)."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(f"{kind}:"))
    head = lines[start][len(kind) + 1:].split("#")[0].strip()
    if head.startswith("["):  # a flow list on one line: write the section as a block list
        import yaml

        try:
            items = yaml.safe_load(head)
        except yaml.YAMLError:
            raise CurationError(f"{kind}: write this section as a list of '- ' lines to add to it") from None
        block = [f"{kind}:"] + [f"  - {format_rule(kind, it)}" for it in items] + [f"  - {rule}"]
        return "\n".join(lines[:start] + block + lines[start + 1:]) + "\n"
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t-#"):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[:end] + [f"  - {rule}"] + lines[end:]) + "\n"
