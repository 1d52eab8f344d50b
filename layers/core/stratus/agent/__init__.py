"""The step agent: reads a page snapshot, asks a model what to do, acts, verifies, extracts."""
