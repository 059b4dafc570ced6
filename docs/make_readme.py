"""Assemble README.md from the head below and the per-area sections in docs/readme/ (run after editing them)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["extract.md", "ingest.md", "build.md", "curate.md", "viz.md", "neo4j.md", "ask.md", "errors.md"]

HEAD = """# kg — knowledge graphs of assistance flows from Chinese documents

kg reads Chinese government documents and newspaper pages about poverty alleviation and rural
revitalisation and builds a knowledge graph of who helps whom: which Beijing districts are paired with
which Inner Mongolian banners, which ministries and state enterprises fund which counties, who implements
which programme, who holds which post. From one page of the Inner Mongolia Daily it finds, for example,
that 北京市 ASSISTS 赤峰市 under 京蒙协作, that 全国社保基金理事会 FUNDS 兴和县 with 650万元, and that
蔡奇 holds the post 书记 of 北京市委 — each edge with the sentence that proves it — and draws the
Beijing → Chifeng aid links as an interactive page.

## Quick start

```sh
make demo   # creates .venv, installs kg, builds data/samples into out/ and writes the HTML pages
make test   # installs what the tests need (PyPI, npm, Debian chromium/nodejs) and runs the whole suite
```

Both need only Python ≥ 3.11, make and apt on a fresh machine. `make demo` prints the page to open
(`out/index.html`, linking the whole graph, Beijing → Chifeng, funding and map pages).

## Command line

| command | does | example |
|---|---|---|
| `kg demo` | builds `data/samples/` into `out/` and writes the HTML pages | `kg demo` |
| `kg build PATH… --out DIR` | documents → `DIR/graph.json` + `DIR/build-report.json` | `kg build corpus/ --out out --workers 2` |
| `kg eval GRAPH --gold FILE` | P/R/F1 per entity and relation type, FUNDS amount accuracy | `kg eval out/graph.json --gold gold.jsonl --show-errors` |
| `kg show NAME` | one entity: aliases, relations in and out, evidence with document and date | `kg show 赤峰市 --graph out/graph.json` |
| `kg viz GRAPH --out FILE` | an interactive, self-contained page | `kg viz out/graph.json --out bj.html --preset beijing-chifeng` |
| `kg load GRAPH` | into Neo4j over Bolt (batched, idempotent, incremental) | `kg load out/graph.json --uri bolt://localhost:7687` |
| `kg query NAME` | a named query from `cypher/queries/`, on graph.json or Neo4j | `kg query top-funders --graph out/graph.json` |
| `kg export GRAPH --format F` | `csv` (neo4j-admin import), `cypher` (cypher-shell), `graphml` (Gephi) | `kg export out/graph.json --format csv --out csv/` |
| `kg curate KIND … --file FILE` | appends a correction (merge, rename, retype, reject, add) that `kg build … --curation FILE` applies on every build | `kg curate merge 内蒙古自治区党委 内蒙古自治区委 --file curation.yaml` |

Outputs land where `--out` says (`out/` for the demo): `graph.json` (NetworkX node-link JSON,
byte-identical for the same corpus), `build-report.json`, the pages, and a per-document cache
`.kg-cache/` that makes the next build incremental. Errors a user can cause end with one plain line on
stderr and a non-zero exit status.

`graph.json`: nodes have `id` (stable: `Region:<adcode>` or `<Type>:<name>`), `type`, `name`, `aliases`,
`level`/`adcode`/`lon`/`lat` for regions and `mentions` (`doc`, `sentence` index, `start`/`end`
character offsets into the document as decoded, before any repair or conversion); links have `source`,
`target`, `type`, `evidence` (`doc`, `text`, `date`, `amount_yuan`) and aggregates (`amount_yuan` total
for FUNDS, `program`, `title`, `purpose`).
"""


def main() -> None:
    parts = [HEAD]
    for name in ORDER:
        p = ROOT / "docs" / "readme" / name
        if p.is_file():
            parts.append(p.read_text(encoding="utf-8").strip() + "\n")
    (ROOT / "README.md").write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    main()
