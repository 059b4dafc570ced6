// Title: Positions held by people
// Answers: which person holds which title in which agency or region (HOLDS_POSITION), for one person
//   or for everybody when $person is "".
// Parameters:
//   $person  name, alias or id of a person; "" for all (default "")
// Columns: person, title, organisation, organisation_type, evidence_count, person_id, organisation_id
// Order: person, organisation, person_id, organisation_id
// In Neo4j Browser, run this first:
// :param person => ""
MATCH (p:Person)-[r:HOLDS_POSITION]->(o:Entity)
WHERE $person = '' OR p.name = $person OR $person IN p.aliases OR p.id = $person
RETURN p.name AS person, r.title AS title, o.name AS organisation, o.type AS organisation_type,
       size(r.evidence_docs) AS evidence_count, p.id AS person_id, o.id AS organisation_id
ORDER BY person, organisation, person_id, organisation_id
