"""The knowledge graph: build RDF from Documents, store it, query it, ask it."""
