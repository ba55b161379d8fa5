"""How often one live connection may ask the server for something (a Socket.IO client event
such as `snapshot`): a token bucket per connection.

Each request is real work (database reads and a large emit); one socket sending 500
`snapshot`s stalled every other client for seconds. Every namespace keeps one `SocketRate`
and asks it before doing any work. Nothing here knows Flask or Socket.IO: the key is any
hashable (the socket's sid) and the clock a callable giving seconds (time.monotonic in the
server, a fake in tests).
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import Enum

from office.limits import SOCKET_EVENTS_BURST, SOCKET_EVENTS_PER_S, SOCKET_REFUSALS_MAX


class Verdict(Enum):
    ALLOW = "allow"  # do what was asked
    REFUSE = "refuse"  # ignore it (tell the client why)
    CUT_OFF = "cut_off"  # it went on asking while refused: disconnect it


@dataclass
class _Bucket:
    tokens: float
    at: float
    refusals: int = 0  # in a row, since the last request allowed


class SocketRate:
    """A burst of `burst` requests per connection, then `per_s` a second. A connection refused
    more than `refusals_max` times in a row (it does not slow down when told) is cut off."""

    def __init__(
        self,
        *,
        clock: Callable[[], float],
        burst: int = SOCKET_EVENTS_BURST,
        per_s: float = SOCKET_EVENTS_PER_S,
        refusals_max: int = SOCKET_REFUSALS_MAX,
    ):
        self.clock, self.burst, self.per_s, self.refusals_max = clock, burst, per_s, refusals_max
        self._buckets: dict[Hashable, _Bucket] = {}

    def check(self, key: Hashable) -> Verdict:
        """Count one request of connection `key`; what to do with it."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(tokens=self.burst, at=now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.per_s)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.refusals = 0
            return Verdict.ALLOW
        bucket.refusals += 1
        return Verdict.CUT_OFF if bucket.refusals > self.refusals_max else Verdict.REFUSE

    def forget(self, key: Hashable) -> None:
        """The connection has gone: drop its bucket (the map stays as big as the open sockets)."""
        self._buckets.pop(key, None)


RATE_LIMITED = {
    "code": "rate_limited",
    "message": f"too many requests on this connection: at most {SOCKET_EVENTS_BURST} at once, "
    f"then {SOCKET_EVENTS_PER_S:g} a second",
}
