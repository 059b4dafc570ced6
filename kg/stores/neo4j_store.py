"""Neo4j over Bolt, as one import: the names of kg.stores.statements (the Cypher sent), kg.stores.batches
(rows → statements → transactions), kg.stores.server (what the server is; FalkorDB's quirks), kg.stores.bolt
(connection, store primitives, timeouts) and kg.stores.loader (load with retries and resume, forget)."""

from __future__ import annotations

from kg.stores.batches import (  # noqa: F401
    DEFAULT_BATCH,
    DEFAULT_BATCH_BYTES,
    NO_AMOUNT,
    NO_DATE,
    Batch,
    LoadRows,
    columnar_batches,
    entity_id,
    graph_rows,
    literal_bytes,
    load_batches,
    statement_bytes,
    transactions,
)
from kg.stores.bolt import (  # noqa: F401
    DEFAULT_DATABASE,
    DEFAULT_TIMEOUT,
    DEFAULT_URI,
    DEFAULT_USER,
    Connection,
    Neo4jStore,
    StatementFailed,
    describe_error,
    one_line,
)
from kg.stores.loader import Checkpoint, Failure, LoadFailed, forget, load  # noqa: F401
from kg.stores.rel_batches import EVIDENCE_KEYS, rel_batches, split_evidence  # noqa: F401
from kg.stores.server import FALKORDB_MAX_BYTES, NEO4J, SPLICING, ServerProfile, escape  # noqa: F401
from kg.stores.statements import (  # noqa: F401
    DERIVED_TYPES,
    DOCUMENT_STATEMENT,
    ENTITY_LABELS,
    ENTITY_REL_PATTERN,
    EVIDENCE_TYPES,
    FALLBACK_SCHEMA,
    LEVEL_LABELS,
    REL_TYPES,
    all_write_statements,
    mentions_statement,
    node_statement,
    rel_statement,
    schema_statements,
)
