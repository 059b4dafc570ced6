// Title: Top recipients by total FUNDS amount
// Answers: who receives the most? Total amount_yuan over each entity's incoming FUNDS links
//   (links without an amount count 0) and how many distinct funders it has.
// Parameters:
//   $limit  number of rows, 1..100000 (default 10)
// Columns: recipient, type, amount_yuan, funders, id
// Order: amount_yuan descending, then recipient, id
// In Neo4j Browser, run this first:
// :param limit => 10
MATCH (f:Entity)-[r:FUNDS]->(t:Entity)
WITH t, sum(coalesce(r.amount_yuan, 0.0)) AS total, count(DISTINCT f) AS funders
RETURN t.name AS recipient, t.type AS type, total AS amount_yuan, funders, t.id AS id
ORDER BY amount_yuan DESC, recipient, id
LIMIT $limit
