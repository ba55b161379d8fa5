"""What /vendor/ serves is exactly what a built package carries (onewindow/vendor_files.py): every
file the pages link is on the list, and nothing else is."""

import re

import pytest

from onewindow import vendor
from onewindow.vendor_files import SERVED, files_to_ship, served_file

needs_node_modules = pytest.mark.skipif(
    not (vendor.CHECKOUT / "socket.io-client" / "package.json").exists(), reason="npm ci has not run"
)


def test_a_checkout_serves_from_its_node_modules():
    assert not vendor.PACKAGED.exists()  # only a built package has its own copy
    assert vendor.node_modules_folder() == vendor.CHECKOUT


@pytest.mark.parametrize(
    "path",
    [
        "socket.io-client/dist/socket.io.min.js",
        "@fontsource/noto-sans-khmer/khmer-400.css",
        "@fontsource/noto-sans-khmer/files/noto-sans-khmer-khmer-700-normal.woff2",
        "@fontsource/noto-sans/package.json",
    ],
)
def test_served(path):
    assert served_file(path) is not None


@pytest.mark.parametrize(
    "path",
    [
        "socket.io-client/dist/socket.io.esm.min.js",  # installed, but not what the pages use
        "socket.io-client/build/cjs/index.js",
        "@fontsource/noto-sans/400-italic.css",
        "@fontsource/noto-sans/files/noto-sans-cyrillic-400-normal.woff2",
        "@fontsource/noto-sans-khmer/files/../../../socket.io-client/package.json",
        "ws/package.json",
        "socket.io-client/",
    ],
)
def test_not_served(path):
    assert served_file(path) is None


def test_every_page_link_is_served():
    for package, stylesheet in vendor.WEB_FONTS:
        assert served_file(f"{package}/{stylesheet}")
    assert served_file("socket.io-client/dist/socket.io.min.js")


@needs_node_modules
def test_the_font_files_each_stylesheet_names_are_served():
    for package, stylesheet in vendor.WEB_FONTS:
        css = (vendor.CHECKOUT / package / stylesheet).read_text(encoding="utf-8")
        named = re.findall(r"url\(\./([^)]+)\)", css)
        assert named
        for file in named:
            assert served_file(f"{package}/{file}"), f"{stylesheet} names {file}, which is not served"


@needs_node_modules
def test_the_build_finds_every_served_file(tmp_path):
    shipped = files_to_ship(vendor.CHECKOUT)
    assert {f"{package}/package.json" for package in SERVED} <= set(shipped)
    assert all(served_file(name) for name in shipped)
    with pytest.raises(FileNotFoundError):
        files_to_ship(tmp_path)  # no npm ci: the build stops and says so
