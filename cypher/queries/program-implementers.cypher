// Title: Who implements a programme
// Answers: the agencies and regions with an IMPLEMENTS link to a programme (or to every programme when
//   $program is ""), with the documents that say so.
// Parameters:
//   $program  name, alias or id of the programme; "" for all (default 京蒙扶贫协作)
// Columns: program, implementer, type, evidence_count, documents, program_id, implementer_id
// Order: program, implementer, program_id, implementer_id
// In Neo4j Browser, run this first:
// :param program => "京蒙扶贫协作"
MATCH (a:Entity)-[r:IMPLEMENTS]->(p:Program)
WHERE $program = '' OR p.name = $program OR $program IN p.aliases OR p.id = $program
RETURN p.name AS program, a.name AS implementer, a.type AS type, size(r.evidence_docs) AS evidence_count,
       r.evidence_docs AS documents, p.id AS program_id, a.id AS implementer_id
ORDER BY program, implementer, program_id, implementer_id
