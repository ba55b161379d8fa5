"""The ticket's font: Khmer OS, shaped by libraqm, loaded once per size.

Without raqm (or without FriBiDi, which Pillow loads at run time) Pillow falls back to its
basic layout and prints Khmer mis-shaped without a word: vowel signs after the consonant
instead of before it, a visible coeng instead of a subscript. A citizen cannot read that, so
we refuse to render rather than print it.
"""

import functools
import io
import os
import shutil
import subprocess
import threading

from PIL import ImageFont, features

FONT_FAMILY = "Khmer OS"
# Debian's fonts-khmeros puts it here; fontconfig finds it anywhere else.
KNOWN_FONT_PATHS = ("/usr/share/fonts/truetype/khmeros/KhmerOS.ttf",)

# A coeng (subscript ro) and a pre-base vowel: basic layout draws both wrongly.
SHAPING_PROBE = "ក្រុងកើត"


class LayoutUnavailable(RuntimeError):
    """The ticket cannot be drawn correctly on this machine (font or shaping missing)."""


def find_font_path(font_path: str | os.PathLike | None = None) -> str:
    """The Khmer OS font file: `font_path` if given, else Debian's, else fontconfig's answer."""
    if font_path is not None:
        if not os.path.isfile(font_path):
            raise LayoutUnavailable(f"ticket font {os.fspath(font_path)!r} does not exist (check font_path)")
        return os.fspath(font_path)
    for path in KNOWN_FONT_PATHS:
        if os.path.isfile(path):
            return path
    found = _fontconfig_file(FONT_FAMILY)
    if found:
        return found
    raise LayoutUnavailable(
        f"the {FONT_FAMILY!r} font is not installed: run `apt-get install fonts-khmeros` "
        "(Noto Sans Khmer will not do: it has no Latin letters or digits), or set font_path"
    )


def _fontconfig_file(family: str) -> str | None:
    # fc-list, not fc-match: fc-match always answers, with a fallback font if need be.
    if not shutil.which("fc-list"):
        return None
    try:
        listing = subprocess.run(
            ["fc-list", f"{family}:style=Regular", "file"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(line.strip().rstrip(":") for line in listing.splitlines() if line.strip())
    return files[0] if files else None


@functools.cache
def _font_bytes(path: str) -> bytes:
    with open(path, "rb") as font_file:
        return font_file.read()


_checked_paths: set[str] = set()
_check_lock = threading.Lock()


def check_khmer_shaping(path: str) -> None:
    """Raise LayoutUnavailable unless Pillow shapes Khmer with raqm using this font."""
    with _check_lock:
        if path in _checked_paths:
            return
        if not features.check("raqm") or not features.version("fribidi"):
            raise LayoutUnavailable(
                "Pillow cannot shape Khmer here: libraqm needs FriBiDi, so run `apt-get install libfribidi0` "
                f"(raqm {features.version('raqm')}, fribidi {features.version('fribidi')})"
            )
        shaped = ImageFont.truetype(path, 40, layout_engine=ImageFont.Layout.RAQM)
        basic = ImageFont.truetype(path, 40, layout_engine=ImageFont.Layout.BASIC)
        if shaped.layout_engine != ImageFont.Layout.RAQM or _mask(shaped) == _mask(basic):
            raise LayoutUnavailable(
                "Khmer text does not shape (raqm and basic layout draw it the same): "
                "run `apt-get install libfribidi0` and check that the font is a Khmer font"
            )
        _checked_paths.add(path)


def _mask(font: ImageFont.FreeTypeFont) -> tuple:
    mask = font.getmask(SHAPING_PROBE)
    return mask.size, bytes(mask)


@functools.lru_cache(maxsize=64)
def _load(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(io.BytesIO(_font_bytes(path)), size, layout_engine=ImageFont.Layout.RAQM)


def load_font(size: int, font_path: str | os.PathLike | None = None) -> ImageFont.FreeTypeFont:
    """The ticket font at `size` pixels, shaped with raqm; cached, so only the first call is slow."""
    path = _resolve(font_path)
    check_khmer_shaping(path)
    return _load(path, size)


@functools.lru_cache(maxsize=8)
def _resolve(font_path) -> str:
    return find_font_path(font_path)
