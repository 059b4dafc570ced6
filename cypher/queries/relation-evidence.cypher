// Title: Evidence for the relations between two entities
// Answers: every evidence sentence behind the links between $source and $target (either direction),
//   optionally only of one relation type, with date, document and amount.
// Parameters:
//   $source    name, alias or id (default 北京市)
//   $target    name, alias or id (default 赤峰市)
//   $relation  ASSISTS, FUNDS, IMPLEMENTS, HOLDS_POSITION, PART_OF, LOCATED_IN or "" for all (default "")
// Columns: source, relation, target, date, doc, amount_yuan, text
// Order: date (undated last), doc, text, relation, source, target
// In Neo4j Browser, run these first:
// :param source => "北京市"
// :param target => "赤峰市"
// :param relation => ""
MATCH (a:Entity)
WHERE a.name = $source OR $source IN a.aliases OR a.id = $source
MATCH (b:Entity)
WHERE b.name = $target OR $target IN b.aliases OR b.id = $target
MATCH (a)-[r]-(b)
WHERE ($relation = '' OR type(r) = $relation) AND r.evidence_docs IS NOT NULL
WITH DISTINCT r
UNWIND range(0, size(r.evidence_docs) - 1) AS i
RETURN startNode(r).name AS source, type(r) AS relation, endNode(r).name AS target,
       CASE WHEN r.evidence_dates[i] = '' THEN null ELSE r.evidence_dates[i] END AS date,
       r.evidence_docs[i] AS doc,
       CASE WHEN r.evidence_amounts[i] < 0 THEN null ELSE r.evidence_amounts[i] END AS amount_yuan,
       r.evidence_texts[i] AS text,
       CASE WHEN r.evidence_dates[i] = '' THEN '~' ELSE r.evidence_dates[i] END AS sort_date
ORDER BY sort_date, doc, text, relation, source, target
