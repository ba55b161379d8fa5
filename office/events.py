"""After-commit notifications of the office's state changes.

The engine writes an Event row in the same transaction as every change; once that
transaction has committed it publishes the event on the app's bus (each app has its own, so
two apps in one process never hear each other). Subscribers (Socket.IO rooms, the print
spool) never run inside a transaction and cannot make a change fail.
"""

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


class EventBus:
    """Named subscribers, each called with every committed Event."""

    def __init__(self):
        self._subscribers: dict[str, Callable] = {}

    def subscribe(self, name: str, handler: Callable) -> None:
        """Register `handler(event)` under `name`; a second call with the same name replaces it."""
        self._subscribers[name] = handler

    def unsubscribe(self, name: str) -> None:
        self._subscribers.pop(name, None)

    def publish(self, event) -> None:
        """Hand a committed Event to every subscriber. A failing subscriber is logged, not raised."""
        for name, handler in list(self._subscribers.items()):
            try:
                handler(event)
            except Exception:  # a display or printer problem must never undo a committed change
                log.exception("event subscriber %s failed on %s", name, getattr(event, "kind", event))
