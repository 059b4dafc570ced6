"""`kg curate merge|rename|retype|reject|add … --file FILE`: append one correction to a curation file.

    kg curate merge 内蒙古自治区党委 内蒙古自治区委 自治区党委 --file curation.yaml
    kg curate rename 综合考核组 国家综合考核组 --file curation.yaml
    kg curate retype 京蒙协作项目 Program --file curation.yaml
    kg curate reject 内蒙古自治区 ASSISTS 北京市 [--doc DOC] --file curation.yaml
    kg curate add 西城区 FUNDS 喀喇沁旗 [--amount-yuan N --doc DOC --evidence TEXT …] --file curation.yaml

The next `kg build … --curation FILE` applies it (see kg.curation).
"""

from __future__ import annotations

from kg.curation_rules import LINK_TYPES, NODE_TYPES, append_rule


def register(sub):
    p = sub.add_parser("curate", help="append a correction (merge, rename, retype, reject, add) to a curation file",
                       description="Append one rule to a curation file (YAML, created if missing); "
                                   "`kg build … --curation FILE` applies the file on every build.")
    kinds = p.add_subparsers(dest="kind", metavar="KIND")
    kinds.required = True

    def kind(name: str, help: str):
        k = kinds.add_parser(name, help=help)
        k.add_argument("--file", required=True, help="the curation file (YAML)")
        return k

    k = kind("merge", "fold entities into one: the others' names become its aliases")
    k.add_argument("into", help="the entity kept (name, alias or id)")
    k.add_argument("others", nargs="+", metavar="from", help="entities merged into it")
    k = kind("rename", "give an entity another canonical name (the old one becomes an alias)")
    k.add_argument("old", metavar="from")
    k.add_argument("new", metavar="to")
    k = kind("retype", "give an entity another type")
    k.add_argument("name")
    k.add_argument("type", choices=NODE_TYPES)
    k = kind("reject", "remove a relation (or with --doc, that document's evidence for it)")
    _link_args(k)
    k.add_argument("--doc", help="only this document's evidence (doc id as in graph.json)")
    k = kind("add", "add a relation (marked curated: true)")
    _link_args(k)
    k.add_argument("--doc", help="the document the evidence comes from")
    k.add_argument("--evidence", help="the sentence that proves it")
    k.add_argument("--date", help="the evidence's date (YYYY-MM-DD)")
    k.add_argument("--amount-yuan", type=float, help="FUNDS: the amount in yuan")
    k.add_argument("--program", help="the programme (e.g. 京蒙协作)")
    k.add_argument("--source-type", choices=NODE_TYPES, help="create the source entity if missing")
    k.add_argument("--target-type", choices=NODE_TYPES, help="create the target entity if missing")
    return p


def _link_args(k) -> None:
    k.add_argument("source")
    k.add_argument("type", choices=LINK_TYPES)
    k.add_argument("target")


def spec_of(args) -> dict:
    """The rule the arguments describe, as the curation file writes it."""
    if args.kind == "merge":
        return {"into": args.into, "from": list(args.others)}
    if args.kind == "rename":
        return {"from": args.old, "to": args.new}
    if args.kind == "retype":
        return {"name": args.name, "type": args.type}
    spec = {"source": args.source, "type": args.type, "target": args.target}
    opts = ("doc",) if args.kind == "reject" else ("doc", "evidence", "date", "amount_yuan", "program",
                                                    "source_type", "target_type")
    for o in opts:
        v = getattr(args, o, None)
        if v is not None:
            spec[o] = int(v) if o == "amount_yuan" and float(v).is_integer() else v
    return spec


def run(args) -> int:
    rule = append_rule(args.file, args.kind, spec_of(args))
    print(f"{rule.where}: {rule.kind} rule added")
    return 0
