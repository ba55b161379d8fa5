"""Which files of the browser libraries (package.json, `npm ci`) OneWindow serves at /vendor/.

The server serves these and nothing else (onewindow/vendor.py), and building the package copies
exactly these into it (setup.py), so an installed OneWindow needs no node_modules. Standard
library only: the build loads this file without the application's dependencies.
"""

from fnmatch import fnmatchcase
from pathlib import Path

# npm package -> the files served, as patterns under its folder. package.json gives the version
# put in URLs; the fonts are the four stylesheets every page links (onewindow.vendor.WEB_FONTS)
# and the font files those stylesheets name.
SERVED = {
    "socket.io-client": (
        "package.json",
        "LICENSE",
        "dist/socket.io.min.js",
        "dist/socket.io.min.js.map",
    ),
    "@fontsource/noto-sans": (
        "package.json",
        "LICENSE",
        "latin-400.css",
        "latin-700.css",
        "files/noto-sans-latin-400-normal.woff*",
        "files/noto-sans-latin-700-normal.woff*",
    ),
    "@fontsource/noto-sans-khmer": (
        "package.json",
        "LICENSE",
        "khmer-400.css",
        "khmer-700.css",
        "files/noto-sans-khmer-khmer-400-normal.woff*",
        "files/noto-sans-khmer-khmer-700-normal.woff*",
    ),
}


def served_file(path: str) -> tuple[str, str] | None:
    """ "@fontsource/noto-sans/latin-400.css" -> ("@fontsource/noto-sans", "latin-400.css"); None if
    that file is not served."""
    for package, patterns in SERVED.items():
        if path.startswith(package + "/"):
            rest = path[len(package) + 1 :]
            parts = rest.split("/")
            if "" in parts or ".." in parts or "\\" in rest:
                return None
            if any(fnmatchcase(rest, pattern) for pattern in patterns):
                return package, rest
    return None


def files_to_ship(node_modules: Path) -> list[str]:
    """Every served file that npm installed under node_modules, as "<package>/<file>" paths
    (what a built package carries). Raises FileNotFoundError naming the first missing package
    or pattern."""
    found = []
    for package, patterns in SERVED.items():
        folder = node_modules / package
        if not (folder / "package.json").is_file():
            raise FileNotFoundError(f"{folder} is missing")
        for pattern in patterns:
            matches = sorted(path for path in folder.glob(pattern) if path.is_file())
            if not matches:
                raise FileNotFoundError(f"nothing in {folder} matches {pattern}")
            found += [f"{package}/{path.relative_to(folder).as_posix()}" for path in matches]
    return found
