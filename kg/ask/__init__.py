"""`kg ask`: questions in Chinese answered from the graph by the named queries, offline and deterministic
(entities through the extractor's own names, intent from keywords and patterns; no language model)."""

from kg.ask.answer import Answer, Source, Unanswerable, ask, normalise, yuan_text

__all__ = ["Answer", "Source", "Unanswerable", "ask", "normalise", "yuan_text"]
