// Title: Profile of a region
// Answers: one row per matching region: level and adcode, the chain of parents (nearest first), its direct
//   sub-regions, money flowing into it and everything PART_OF / LOCATED_IN it, who assists it,
//   and how many documents mention it.
// Parameters:
//   $region  name, alias or id of the region (default 赤峰市)
// Columns: name, level, adcode, parents, subregions, funding_in_yuan, funds_links, funders, assisted_by,
//   documents, id
// Order: id
// In Neo4j Browser, run this first:
// :param region => "赤峰市"
MATCH (r:Region)
WHERE r.name = $region OR $region IN r.aliases OR r.id = $region
OPTIONAL MATCH p = (r)-[:PART_OF*1..]->(anc:Region)
WITH r, anc, length(p) AS d
ORDER BY d
WITH r, collect(anc.name) AS parents
OPTIONAL MATCH (sub:Region)-[:PART_OF]->(r)
WITH r, parents, sub
ORDER BY sub.name
WITH r, parents, collect(sub.name) AS subregions
OPTIONAL MATCH (f:Entity)-[fr:FUNDS]->(:Entity)-[:PART_OF|LOCATED_IN*0..]->(r)
WITH r, parents, subregions, collect(DISTINCT fr) AS funds, count(DISTINCT f) AS funders
OPTIONAL MATCH (h:Entity)-[:ASSISTS]->(:Entity)-[:PART_OF|LOCATED_IN*0..]->(r)
WITH r, parents, subregions, funds, funders, h
ORDER BY h.name
WITH r, parents, subregions, funds, funders, collect(DISTINCT h.name) AS assisted_by
OPTIONAL MATCH (r)-[:MENTIONED_IN]->(doc:Document)
WITH r, parents, subregions, funds, funders, assisted_by, count(doc) AS documents
RETURN r.name AS name, r.level AS level, r.adcode AS adcode, parents, subregions,
       reduce(s = 0.0, x IN funds | s + coalesce(x.amount_yuan, 0.0)) AS funding_in_yuan,
       size(funds) AS funds_links, funders, assisted_by, documents, r.id AS id
ORDER BY id
