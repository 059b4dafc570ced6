// Title: Beijing → Chifeng aid: every ASSISTS/FUNDS link from 北京市 to 赤峰市
// Answers: which Beijing actors (the city, its districts via PART_OF, agencies LOCATED_IN Beijing) assist or
//   fund 赤峰市 or its counties (PART_OF), under which programme, with how much and on what evidence: one
//   row per link with how many sentences support it and the first $evidence_limit of them (by date,
//   undated first; the query relation-evidence lists them all).
// Parameters:
//   $helper          helping region: name, alias or id (default 北京市)
//   $recipient       receiving region: name, alias or id (default 赤峰市)
//   $evidence_limit  evidence sentences shown per link, 0..10000 (default 3)
// Columns: source, relation, target, program, amount_yuan, evidence_count, evidence, source_id, target_id
// Order: source, relation, target, source_id, target_id
// In Neo4j Browser, run these first:
// :param helper => "北京市"
// :param recipient => "赤峰市"
// :param evidence_limit => 3
MATCH (h:Region)
WHERE h.name = $helper OR $helper IN h.aliases OR h.id = $helper
MATCH (src:Entity)-[:PART_OF|LOCATED_IN*0..]->(h)
WITH DISTINCT src
MATCH (rc:Region)
WHERE rc.name = $recipient OR $recipient IN rc.aliases OR rc.id = $recipient
MATCH (dst:Entity)-[:PART_OF*0..]->(rc)
WITH DISTINCT src, dst
MATCH (src)-[r:ASSISTS|FUNDS]->(dst)
// the evidence by (date, document, sentence), as graph.json lists it, whatever order the loads added it in
UNWIND CASE size(r.evidence_texts) WHEN 0 THEN [null] ELSE range(0, size(r.evidence_texts) - 1) END AS i
WITH src, r, dst, i
ORDER BY r.evidence_dates[i], r.evidence_docs[i], r.evidence_texts[i]
WITH src, r, dst, collect(r.evidence_texts[i]) AS texts
RETURN src.name AS source, type(r) AS relation, dst.name AS target, r.program AS program,
       r.amount_yuan AS amount_yuan, size(texts) AS evidence_count, texts[0..$evidence_limit] AS evidence,
       src.id AS source_id, dst.id AS target_id
ORDER BY source, relation, target, source_id, target_id
