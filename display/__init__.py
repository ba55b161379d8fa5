"""The display area: the waiting-room TV page and its Socket.IO namespace /display (issue 3)."""


def init_app(app, socketio) -> None:
    """Nothing to register yet: the TV page and the /display namespace come next."""
