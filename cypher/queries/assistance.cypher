// Title: Who assists or funds whom (either side optional)
// Answers: every ASSISTS/FUNDS link from $helper (or what is part of it or located in it: its districts,
//   counties, agencies) to $recipient (likewise); "" on a side means anybody. `kg ask` uses it for
//   "who assists X", "whom does X fund", "how much did X give Y".
// Parameters:
//   $helper     name, alias or id of the helping side; "" for any (default 北京市)
//   $recipient  name, alias or id of the receiving side; "" for any (default "")
//   $relation   ASSISTS, FUNDS or "" for both (default "")
// Columns: source, relation, target, program, amount_yuan, evidence_count, source_id, target_id
// Order: source, relation, target, source_id, target_id
// In Neo4j Browser, run these first:
// :param helper => "北京市"
// :param recipient => ""
// :param relation => ""
MATCH (src:Entity)-[r:ASSISTS|FUNDS]->(dst:Entity)
WHERE $relation = '' OR type(r) = $relation
OPTIONAL MATCH (src)-[:PART_OF|LOCATED_IN*0..]->(h:Entity)
WHERE h.name = $helper OR $helper IN h.aliases OR h.id = $helper
WITH src, r, dst, count(h) AS helper_hits
WHERE $helper = '' OR helper_hits > 0
OPTIONAL MATCH (dst)-[:PART_OF|LOCATED_IN*0..]->(rc:Entity)
WHERE rc.name = $recipient OR $recipient IN rc.aliases OR rc.id = $recipient
WITH src, r, dst, count(rc) AS recipient_hits
WHERE $recipient = '' OR recipient_hits > 0
RETURN src.name AS source, type(r) AS relation, dst.name AS target, r.program AS program,
       r.amount_yuan AS amount_yuan, size(r.evidence_docs) AS evidence_count, src.id AS source_id,
       dst.id AS target_id
ORDER BY source, relation, target, source_id, target_id
