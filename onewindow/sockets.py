"""One rule for every Socket.IO namespace: how often a socket may send the server an event.

The rule itself (a token bucket per socket) is office/ratelimit.py; this is where it meets
Socket.IO. It sits here, in the application, because it applies to every area's namespace
(/display, /kiosk, /ticket, /counter) and to any event they add later, and an area may not
import another. The namespaces themselves stay as they are.

A request over the limit is ignored and the socket gets `error` {"code": "rate_limited",
"message"}; a socket that goes on sending while refused (SOCKET_REFUSALS_MAX times in a row)
is disconnected. Connecting and disconnecting are not counted.
"""

import time

from office.ratelimit import RATE_LIMITED, SocketRate, Verdict

NOT_COUNTED = frozenset({"connect", "disconnect"})


def limit_client_events(socketio, *, clock=time.monotonic) -> SocketRate:
    """Put the per-socket limit in front of every namespace registered so far."""
    rate = SocketRate(clock=clock)
    server = socketio.server
    for namespace, handler in server.namespace_handlers.items():
        handler.trigger_event = _guarded(handler.trigger_event, namespace, rate, server)
    return rate


def _guarded(trigger_event, namespace: str, rate: SocketRate, server):
    def trigger(event, *args):
        sid = args[0] if args else None
        if event == "disconnect":
            rate.forget((namespace, sid))
        if event in NOT_COUNTED or sid is None:
            return trigger_event(event, *args)
        verdict = rate.check((namespace, sid))
        if verdict is Verdict.ALLOW:
            return trigger_event(event, *args)
        if verdict is Verdict.CUT_OFF:
            rate.forget((namespace, sid))
            server.disconnect(sid, namespace=namespace)
            return None
        server.emit("error", RATE_LIMITED, to=sid, namespace=namespace)
        return None

    return trigger
