"""``make demo``: a real task end to end on the embedded default, against a bundled page."""
