"""The counter area: staff login, counter actions and the supervisor's reports."""


def init_app(app) -> None:
    from counter.api import bp as api_bp
    from counter.auth import login_manager
    from counter.pages import bp as pages_bp

    login_manager.init_app(app)
    app.register_blueprint(api_bp)
    app.register_blueprint(pages_bp)
