// Title: Neighbourhood of an entity (up to depth 3)
// Answers: every entity within $depth links of the given one (any schema relationship, either direction),
//   with its distance. The pattern is bounded at 3 hops; $depth may be 0 to 3.
// Parameters:
//   $name   name, alias or id of the entity (default 赤峰市)
//   $depth  maximum distance, 0..3 (default 1)
// Columns: name, type, distance, id
// Order: distance, name, id
// In Neo4j Browser, run these first:
// :param name => "赤峰市"
// :param depth => 1
MATCH (c:Entity)
WHERE c.name = $name OR $name IN c.aliases OR c.id = $name
MATCH p = (c)-[:ASSISTS|FUNDS|IMPLEMENTS|HOLDS_POSITION|PART_OF|LOCATED_IN*0..3]-(m:Entity)
WITH m, min(length(p)) AS distance
WHERE distance <= $depth
RETURN m.name AS name, m.type AS type, distance, m.id AS id
ORDER BY distance, name, id
