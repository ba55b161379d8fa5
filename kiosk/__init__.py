"""The kiosk area: the ticket-issuing API (and, later, the touch page and status page)."""


def init_app(app) -> None:
    from kiosk.api import bp

    app.register_blueprint(bp)
