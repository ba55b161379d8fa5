"""The administration area: what an office's administrator sets up in the browser (services,
counters, kiosks, TV displays, staff, office settings) and the history of those changes.
Pages under /admin, JSON under /api/v1/admin; every rule lives in office/."""


def init_app(app, socketio) -> None:
    # Each section adds its routes to the two blueprints when imported.
    import admin.counters  # noqa: F401
    import admin.displays  # noqa: F401
    import admin.services  # noqa: F401
    from admin import history, index, kiosks, settings, users  # noqa: F401
    from admin.blueprints import api, pages

    app.register_blueprint(api)
    app.register_blueprint(pages)
