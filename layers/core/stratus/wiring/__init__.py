"""The parts of the composition root (``stratus.bootstrap``), one concern per module.

Each part builds on the ones before it (adapters, then services, browsers, engines), so
everything is constructed in dependency order; each builder returns the port it stands for.
"""
