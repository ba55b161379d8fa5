"""The reports area: the figures the supervisor and the ministry read, for any period, as JSON
and as files (CSV, Excel), under /api/v1/reports, and the page that shows them, /reports
(supervisors and admins); the office's public figures, /office and /api/v1/public
(reports/public.py); and the event log's hash chain for supervisors, /api/v1/audit
(reports/audit.py). The figures are computed in office/report_figures.py and written out by
office/report_exports.py."""


def init_app(app, socketio) -> None:
    from reports import audit, public
    from reports.api import bp
    from reports.pages import bp as pages

    app.register_blueprint(bp)
    app.register_blueprint(pages)
    app.register_blueprint(public.api)
    app.register_blueprint(public.pages)
    app.register_blueprint(audit.bp)
