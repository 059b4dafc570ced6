// kg schema for Neo4j 5: applied by `kg load` before loading (idempotent: IF NOT EXISTS).
// Statements are separated by ';' at the end of a line. Paste into Neo4j Browser or cypher-shell as is.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE;
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX region_adcode IF NOT EXISTS FOR (n:Region) ON (n.adcode);
// names and aliases (aliases_text = the aliases joined by spaces), tokenised for Chinese
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases_text]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
