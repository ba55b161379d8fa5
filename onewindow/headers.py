"""Security headers on every answer, set by one after-request hook (no library).

Why a hook and not Flask-Talisman: what we need is five fixed headers and one caching rule.
Talisman's defaults are made for a public HTTPS site (it redirects to HTTPS and sends HSTS,
which an office LAN on plain HTTP cannot take) and it has nothing for the caching rule, so
it would be as many lines of switching things off as this module has of switching them on.

- Content-Security-Policy: scripts, styles, fonts, fetches and Socket.IO only from this
  server, no inline script, no inline style (the pages set CSS custom properties through
  `element.style.setProperty`, which CSP allows), no plugins, and `frame-ancestors 'none'`:
  no page, not even one on this same host, may frame ours (clickjacking a supervisor).
  - `connect-src 'self'`: Socket.IO's websocket is on this same host and port, and CSP
    Level 3 browsers (Chromium, Firefox, Safari 15.4+) let 'self' match ws:/wss: there; an
    older browser that refuses the websocket still gets through with Socket.IO's polling.
  - `img-src 'self' data:`: the pages' `<link rel="icon" href="data:,">` (no favicon
    request) and the QR code of a kiosk's enrolment link on /admin/kiosks (an SVG data: URL,
    shown once); an image can run nothing. A ticket's QR code is a URL on this server.
  - `media-src 'self'`: the TV fetches its voice clips from this server (Web Audio).
- X-Frame-Options: DENY, the same for browsers that predate frame-ancestors.
- X-Content-Type-Options: nosniff, so an answer is only ever what its Content-Type says.
- Referrer-Policy: no-referrer, since a citizen's status page URL (/t/<token>) is the
  ticket's secret; no link or request from a page may carry it to another site.
- Cache-Control: no-store on every answer whose view did not choose its own caching. The
  answers that do choose are all public and none needs a staff user: static files and the
  browser libraries (no-cache / a year, by URL version), the display's voice clips and a
  ticket's QR code. So every staff answer (API operations with roles, /login, /counter,
  /supervisor, their errors and redirects) is kept by no cache, and Back after logging out
  shows nothing.
"""

from flask import Flask

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def init_app(app: Flask) -> None:
    @app.after_request
    def _security_headers(response):
        for name, value in HEADERS.items():
            response.headers[name] = value
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response
