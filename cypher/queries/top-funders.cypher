// Title: Top funders by total FUNDS amount
// Answers: who pays the most? Total amount_yuan over each entity's outgoing FUNDS links
//   (links without an amount count 0) and how many distinct recipients it funds.
// Parameters:
//   $limit  number of rows, 1..100000 (default 10)
// Columns: funder, type, amount_yuan, recipients, id
// Order: amount_yuan descending, then funder, id
// In Neo4j Browser, run this first:
// :param limit => 10
MATCH (f:Entity)-[r:FUNDS]->(t:Entity)
WITH f, sum(coalesce(r.amount_yuan, 0.0)) AS total, count(DISTINCT t) AS recipients
RETURN f.name AS funder, f.type AS type, total AS amount_yuan, recipients, f.id AS id
ORDER BY amount_yuan DESC, funder, id
LIMIT $limit
