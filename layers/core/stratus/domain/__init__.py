"""Pure domain model: runs, steps, actions, statuses, ids. No I/O here."""
