"""What every page shares: the base template (templates/base.html) that each page extends, the
base stylesheet and the browser modules (static/), served at /base/static/ without a build step.

A page passes `text` (its interface text from the Flask-Babel catalogues, rendered into the page
as JSON for its script) and `page_config` (what its script needs to know); see base.html.
"""

from flask import Blueprint

bp = Blueprint(
    "base",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/base/static",
)
