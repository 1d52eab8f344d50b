"""Benchmarks: `python -m bench` runs every registered section and prints a table each."""
