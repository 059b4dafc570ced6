// Title: Who implements a programme
// Answers: the agencies and regions with an IMPLEMENTS link to a programme (or to every programme when
//   $program is ""), with the documents that say so; only those of $implementer unless it is "".
// Parameters:
//   $program      name, alias or id of the programme; "" for all (default 京蒙扶贫协作)
//   $implementer  name, alias or id of the implementing agency or region; "" for all (default "")
// Columns: program, implementer, type, evidence_count, documents, program_id, implementer_id
// Order: program, implementer, program_id, implementer_id
// In Neo4j Browser, run these first:
// :param program => "京蒙扶贫协作"
// :param implementer => ""
MATCH (a:Entity)-[r:IMPLEMENTS]->(p:Program)
WHERE ($program = '' OR p.name = $program OR $program IN p.aliases OR p.id = $program)
  AND ($implementer = '' OR a.name = $implementer OR $implementer IN a.aliases OR a.id = $implementer)
RETURN p.name AS program, a.name AS implementer, a.type AS type, size(r.evidence_docs) AS evidence_count,
       r.evidence_docs AS documents, p.id AS program_id, a.id AS implementer_id
ORDER BY program, implementer, program_id, implementer_id
