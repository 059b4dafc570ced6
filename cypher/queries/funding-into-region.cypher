// Title: Funding into a region, its sub-regions and the agencies located there
// Answers: every FUNDS link whose recipient is the region, a region PART_OF it (at any depth) or an
//   entity LOCATED_IN one of those, with amount, purpose, programme and how much evidence backs it.
// Parameters:
//   $region  name, alias or id of the region (default 赤峰市)
// Columns: funder, recipient, amount_yuan, purpose, program, evidence_count, funder_id, recipient_id
// Order: amount_yuan descending (links without an amount last), then funder, recipient, funder_id, recipient_id
// In Neo4j Browser, run this first:
// :param region => "赤峰市"
MATCH (reg:Region)
WHERE reg.name = $region OR $region IN reg.aliases OR reg.id = $region
MATCH (dst:Entity)-[:PART_OF|LOCATED_IN*0..]->(reg)
WITH DISTINCT dst
MATCH (f:Entity)-[r:FUNDS]->(dst)
RETURN f.name AS funder, dst.name AS recipient, r.amount_yuan AS amount_yuan, r.purpose AS purpose,
       r.program AS program, size(r.evidence_docs) AS evidence_count, f.id AS funder_id, dst.id AS recipient_id,
       coalesce(r.amount_yuan, -1.0) AS sort_amount
ORDER BY sort_amount DESC, funder, recipient, funder_id, recipient_id
