"""Stratus: a self-hostable browser-agent service speaking the Skyvern Tasks API."""

__version__ = "0.1.0"
