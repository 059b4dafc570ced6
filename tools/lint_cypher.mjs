// Neo4j's own Cypher linter (@neo4j-cypher/language-support, lintCypherQuery) over statements on stdin.
// Input: a JSON array of {"name": ..., "query": ...} (or of strings).
// Output: a JSON array of {"name", "severity", "message", "line", "column"}, one per diagnostic
// (severity 1 = error, 2 = warning, as in LSP). "Parameter $x is not defined" is not reported: the
// parameters are supplied at run time. Exit 0 when no errors, 1 when errors, 2 on bad input.
import { lintCypherQuery, isNotParamError } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
let items;
try {
  items = JSON.parse(Buffer.concat(chunks).toString('utf8'));
} catch (e) {
  process.stderr.write(`lint_cypher: stdin is not JSON: ${e.message}\n`);
  process.exit(2);
}
const out = [];
let errors = 0;
items.forEach((item, i) => {
  const name = typeof item === 'string' ? `#${i}` : item.name ?? `#${i}`;
  const query = typeof item === 'string' ? item : item.query;
  // empty schema: unknown labels/properties are not errors; syntax and semantics are checked
  const { diagnostics } = lintCypherQuery(query, {}, { consoleCommandsEnabled: true });
  for (const d of diagnostics.filter(isNotParamError)) {
    if (d.severity === 1) errors += 1;
    out.push({
      name,
      severity: d.severity,
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    });
  }
});
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
process.exit(errors ? 1 : 0);
