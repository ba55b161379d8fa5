"""The kiosk area: the ticket-issuing API, the touch kiosk page (/kiosk) and the ticket's
status page (/t/<token>) with its QR code."""


def init_app(app, socketio) -> None:
    from kiosk.api import bp
    from kiosk.group_commit import GroupCommitIssuer
    from kiosk.pages import bp as pages_bp

    app.extensions["kiosk.issuer"] = GroupCommitIssuer(app, socketio)
    app.register_blueprint(bp)
    app.register_blueprint(pages_bp)
