"""``stratus mcp``: a Model Context Protocol server over a Stratus API (local or AWS).

The ``mcp`` package is needed only here; nothing else in Stratus imports this package.
"""
