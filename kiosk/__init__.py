"""The kiosk area: the ticket-issuing API (and, later, the touch page and status page)."""


def init_app(app, socketio) -> None:
    from kiosk.api import bp
    from kiosk.group_commit import GroupCommitIssuer

    app.extensions["kiosk.issuer"] = GroupCommitIssuer(app, socketio)
    app.register_blueprint(bp)
