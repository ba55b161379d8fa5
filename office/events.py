"""After-commit notifications of the office's state changes.

The engine writes an Event row in the same transaction as every change; once that
transaction has committed it publishes the event here. Subscribers (Socket.IO rooms, the
print spool) never run inside a transaction and cannot make a change fail.
"""

import logging

log = logging.getLogger(__name__)

_subscribers: dict[str, callable] = {}


def subscribe(name: str, handler) -> None:
    """Register `handler(event)` under `name`; a second call with the same name replaces it."""
    _subscribers[name] = handler


def unsubscribe(name: str) -> None:
    _subscribers.pop(name, None)


def publish(event) -> None:
    """Hand a committed Event to every subscriber. A failing subscriber is logged, not raised."""
    for name, handler in list(_subscribers.items()):
        try:
            handler(event)
        except Exception:  # a display or printer problem must never undo a committed change
            log.exception("event subscriber %s failed on %s", name, getattr(event, "kind", event))
