"""The kiosk area: the ticket-issuing API, the touch kiosk page (/kiosk) and the ticket's
status page (/t/<token>) with its QR code, and their Socket.IO namespaces /kiosk and /ticket;
and a kiosk device's enrolment (/kiosk/enrol/<code>, kiosk/enrolment.py)."""


def init_app(app, socketio) -> None:
    from kiosk.api import bp
    from kiosk.enrolment import api as enrolment_api
    from kiosk.enrolment import pages as enrolment_pages
    from kiosk.group_commit import GroupCommitIssuer
    from kiosk.namespace import KIOSK_NAMESPACE, KioskNamespace, kiosk_notifier
    from kiosk.pages import bp as pages_bp
    from kiosk.ticket_namespace import TICKET_NAMESPACE, StatusPages, TicketNamespace

    app.extensions["kiosk.issuer"] = GroupCommitIssuer(app, socketio)
    app.register_blueprint(bp)
    app.register_blueprint(pages_bp)
    app.register_blueprint(enrolment_api)
    app.register_blueprint(enrolment_pages)
    bus = app.extensions["onewindow.events"]
    socketio.on_namespace(KioskNamespace(KIOSK_NAMESPACE))
    bus.subscribe("kiosks", kiosk_notifier(app, socketio))
    status_pages = StatusPages(app, socketio)
    socketio.on_namespace(TicketNamespace(TICKET_NAMESPACE, status_pages))
    bus.subscribe("status-pages", status_pages.on_event)
