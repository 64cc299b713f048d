"""Article search: the last step before "please rephrase" (BM25 over the knowledge base's passages)."""
