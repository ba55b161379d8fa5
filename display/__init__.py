"""The display area: the waiting-room TV page and its Socket.IO namespace /display."""


def init_app(app, socketio) -> None:
    from display.namespace import NAMESPACE, DisplayNamespace, announcer
    from display.page import bp

    app.register_blueprint(bp)
    socketio.on_namespace(DisplayNamespace(NAMESPACE))
    app.extensions["onewindow.events"].subscribe("display", announcer(app, socketio))
