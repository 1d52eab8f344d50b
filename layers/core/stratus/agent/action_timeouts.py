"""How long one action waits for its element to be ready."""

ACTION_TIMEOUT_MS = 5_000
