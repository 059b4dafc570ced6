// Title: Shortest connections between two entities (up to 4 hops)
// Answers: how are $source and $target connected? All shortest paths over the schema relationships,
//   in either direction, as a readable chain (A -[FUNDS]-> B <-[PART_OF]- C).
// Parameters:
//   $source  name, alias or id (default 北京市)
//   $target  name, alias or id (default 赤峰市)
// Columns: hops, path, names, relations
// Order: path
// In Neo4j Browser, run these first:
// :param source => "北京市"
// :param target => "赤峰市"
MATCH (a:Entity)
WHERE a.name = $source OR $source IN a.aliases OR a.id = $source
MATCH (b:Entity)
WHERE b.name = $target OR $target IN b.aliases OR b.id = $target
MATCH p = (a)-[:ASSISTS|FUNDS|IMPLEMENTS|HOLDS_POSITION|PART_OF|LOCATED_IN*1..4]-(b)
WITH collect(p) AS paths, min(length(p)) AS best
UNWIND paths AS p
WITH p, best
WHERE length(p) = best
RETURN length(p) AS hops,
       reduce(s = head(nodes(p)).name, i IN range(0, length(p) - 1) |
         s + CASE WHEN startNode(relationships(p)[i]).id = nodes(p)[i].id
                  THEN ' -[' + type(relationships(p)[i]) + ']-> '
                  ELSE ' <-[' + type(relationships(p)[i]) + ']- ' END + nodes(p)[i + 1].name) AS path,
       [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS relations
ORDER BY path
