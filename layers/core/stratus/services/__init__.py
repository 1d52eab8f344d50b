"""Use cases. They depend on ports, never on concrete adapters."""
