"""The failure an action handler reports: the step records it and the model is told."""

from __future__ import annotations


class ActionFailed(Exception):
    pass
