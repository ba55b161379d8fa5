"""The counter area: staff login, counter actions, the officer's and the supervisor's pages,
and the Socket.IO namespace /counter that keeps those pages live."""


def init_app(app, socketio) -> None:
    from counter.api import bp as api_bp
    from counter.auth import login_manager
    from counter.namespace import NAMESPACE, CounterNamespace, OpenSessions, notifier
    from counter.pages import bp as pages_bp

    login_manager.init_app(app)
    app.register_blueprint(api_bp)
    app.register_blueprint(pages_bp)
    sessions = OpenSessions(app, socketio)
    socketio.on_namespace(CounterNamespace(NAMESPACE, sessions))
    app.extensions["onewindow.events"].subscribe("counter-screens", notifier(app, socketio))
    app.extensions["onewindow.events"].subscribe("counter-sessions", sessions.on_event)
