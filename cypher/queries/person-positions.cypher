// Title: Positions held by people
// Answers: which person holds which title in which agency or region (HOLDS_POSITION), for one person
//   or for everybody when $person is ""; only posts in $organisation (or in what is part of it or
//   located in it) unless it is "".
// Parameters:
//   $person        name, alias or id of a person; "" for all (default "")
//   $organisation  name, alias or id of an agency or region; "" for all (default "")
// Columns: person, title, organisation, organisation_type, evidence_count, person_id, organisation_id
// Order: person, organisation, person_id, organisation_id
// In Neo4j Browser, run these first:
// :param person => ""
// :param organisation => ""
MATCH (p:Person)-[r:HOLDS_POSITION]->(o:Entity)
WHERE $person = '' OR p.name = $person OR $person IN p.aliases OR p.id = $person
OPTIONAL MATCH (o)-[:PART_OF|LOCATED_IN*0..]->(x:Entity)
WHERE x.name = $organisation OR $organisation IN x.aliases OR x.id = $organisation
WITH p, r, o, count(x) AS hits
WHERE $organisation = '' OR hits > 0
RETURN p.name AS person, r.title AS title, o.name AS organisation, o.type AS organisation_type,
       size(r.evidence_docs) AS evidence_count, p.id AS person_id, o.id AS organisation_id
ORDER BY person, organisation, person_id, organisation_id
