"""Browser libraries installed by npm (package.json, `npm ci`), served at /vendor/<package>/<file>.

Only the files listed in onewindow/vendor_files.py are served: no other package or file, no
way out through `..`. In a source checkout they come from node_modules/; a built package
carries its own copy of exactly those files (setup.py), so an installed OneWindow runs from
any folder. Their URLs change only when a package does, so browsers may keep them for long.
"""

import json
from functools import cache
from pathlib import Path

from flask import Blueprint, abort, send_from_directory, url_for
from markupsafe import Markup
from werkzeug.security import safe_join

from onewindow.vendor_files import served_file

PACKAGED = Path(__file__).resolve().parent / "node_modules"  # put there when the package is built
CHECKOUT = Path(__file__).resolve().parent.parent / "node_modules"  # `npm ci` beside the sources


def node_modules_folder() -> Path:
    """Where the served files are: the package's own copy when it was built and installed,
    else the source checkout's node_modules (an editable install, the tests)."""
    return PACKAGED if PACKAGED.is_dir() else CHECKOUT


NODE_MODULES = node_modules_folder()

CACHE_SECONDS = 365 * 24 * 3600

bp = Blueprint("vendor", __name__)


@bp.get("/vendor/<path:path>")
def vendor_file(path: str):
    found = served_file(path)
    if found is None:
        abort(404)
    package, rest = found
    folder = NODE_MODULES / package
    if safe_join(str(folder), rest) is None:  # `..`, absolute paths, backslashes
        abort(404)
    response = send_from_directory(folder, rest, max_age=CACHE_SECONDS)
    response.cache_control.public = True
    return response


@cache
def package_version(package: str) -> str | None:
    """The installed version of an allowed package (None if npm has not installed it)."""
    try:
        return json.loads((NODE_MODULES / package / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


def vendor_url(package: str, file: str) -> str:
    """The URL of a file of a package, with its version, so an upgrade is fetched anew."""
    if served_file(f"{package}/{file}") is None:
        raise ValueError(f"{package}/{file} is not served under /vendor (onewindow/vendor_files.py)")
    return url_for("vendor.vendor_file", path=f"{package}/{file}", v=package_version(package))


# Every page's text: Noto Sans for Latin, Noto Sans Khmer for Khmer (it has no Latin glyphs).
WEB_FONTS = (
    ("@fontsource/noto-sans", "latin-400.css"),
    ("@fontsource/noto-sans", "latin-700.css"),
    ("@fontsource/noto-sans-khmer", "khmer-400.css"),
    ("@fontsource/noto-sans-khmer", "khmer-700.css"),
)


def web_fonts() -> Markup:
    """The stylesheet links of the web fonts, for a page's <head>."""
    return Markup("\n  ").join(
        Markup('<link rel="stylesheet" href="{}">').format(vendor_url(package, file)) for package, file in WEB_FONTS
    )


@bp.app_context_processor
def _template_helpers():
    return {"vendor_url": vendor_url, "web_fonts": web_fonts}
