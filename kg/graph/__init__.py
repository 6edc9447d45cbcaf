"""Model objects to RDF: deterministic IRIs, triples per named graph, SHACL validation."""
