"""The counter area: staff login, counter actions and the supervisor's reports."""


def init_app(app) -> None:
    from counter.api import bp

    app.register_blueprint(bp)
