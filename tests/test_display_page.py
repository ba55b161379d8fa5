"""The TV page's server side: the page and its settings, the voice clips, and /vendor/ serving
only the npm packages it should (the page itself runs in tests/browser)."""

import json
import re

import pytest

from display import voices
from display.page import languages
from onewindow import vendor

needs_node_modules = pytest.mark.skipif(
    not (vendor.NODE_MODULES / "socket.io-client" / "package.json").exists(),
    reason="node_modules is not installed: run scripts/setup (npm ci)",
)


def page_config(response) -> dict:
    match = re.search(r'<script type="application/json" id="config">(.*?)</script>', response.text, re.S)
    assert match, response.text[:500]
    return json.loads(match.group(1))


def test_the_page_carries_the_office_its_zone_and_the_languages_to_speak(app, client):
    app.config["ANNOUNCE_LANGUAGES"] = "km,en"
    response = client.get("/display")
    assert response.status_code == 200
    config = page_config(response)
    assert config["officeName"] == app.config["OFFICE_NAME"]
    assert config["timezone"] == "Asia/Phnom_Penh"
    assert config["languages"] == ["km", "en"]
    assert config["socketQuery"] == {}
    assert "/vendor/socket.io-client/dist/socket.io.min.js?v=" in response.text
    assert "/vendor/@fontsource/noto-sans-khmer/" in response.text


def test_the_page_passes_its_filter_on_and_may_choose_its_languages(client):
    config = page_config(client.get("/display?counters=1,2&services=3&lang=en"))
    assert config["socketQuery"] == {"counters": "1,2", "services": "3"}
    assert config["languages"] == ["en"]
    config = page_config(client.get("/display?counters=1;drop&lang=<b>"))
    assert config["socketQuery"] == {}
    assert config["languages"] == ["km", "en"]  # nothing usable asked for: the office's default


def test_languages_are_codes_in_order_each_once():
    assert languages(" km, EN ,km,xx-YY,,fr") == ["km", "en", "fr"]
    assert languages(None) == []


def test_a_language_without_clips_has_none_and_an_office_may_record_its_own(app, client, tmp_path):
    app.instance_path = str(tmp_path)
    assert page_config(client.get("/display?lang=km"))["voices"] == {"km": []}
    assert client.get("/display/voice/km/number.wav").status_code == 404

    recorded = tmp_path / "voice" / "km"
    recorded.mkdir(parents=True)
    (recorded / "number.wav").write_bytes(b"RIFF-recorded-by-the-office")
    assert page_config(client.get("/display?lang=km"))["voices"] == {"km": ["number"]}
    response = client.get("/display/voice/km/number.wav")
    assert response.status_code == 200
    assert response.mimetype == "audio/wav"
    assert response.data == b"RIFF-recorded-by-the-office"


def test_only_known_clips_of_well_formed_languages_are_served(app, client, tmp_path):
    app.instance_path = str(tmp_path)
    (tmp_path / "voice" / "km").mkdir(parents=True)
    (tmp_path / "secret_key.wav").write_bytes(b"no")
    for path in ("/display/voice/km/secret.wav", "/display/voice/..%2F/secret_key.wav", "/display/voice/KM1/a.wav"):
        assert client.get(path, follow_redirects=True).status_code == 404, path


def test_clip_names_cover_digits_letters_and_the_two_words():
    assert len(voices.CLIPS) == 10 + 26 + 2
    assert {"0", "9", "a", "z", "number", "counter"} <= set(voices.CLIPS)
    assert voices.spoken_text("a") == "A" and voices.spoken_text("counter") == "counter"


@needs_node_modules
def test_vendor_serves_the_allowed_packages_with_long_cache_headers(client):
    response = client.get("/vendor/socket.io-client/dist/socket.io.min.js")
    assert response.status_code == 200
    assert response.cache_control.max_age == vendor.CACHE_SECONDS
    assert response.cache_control.public
    font_css = client.get("/vendor/@fontsource/noto-sans-khmer/khmer-400.css")
    assert font_css.status_code == 200
    assert b"Noto Sans Khmer" in font_css.data


@needs_node_modules
@pytest.mark.parametrize(
    "path",
    [
        "/vendor/ws/package.json",  # installed, but not on the list
        "/vendor/socket.io-client/../ws/package.json",
        "/vendor/socket.io-client/%2e%2e/%2e%2e/package-lock.json",
        "/vendor/socket.io-client/..%2f..%2fpackage.json",
        "/vendor/socket.io-client/node_modules/debug/package.json",
        "/vendor/socket.io-client/",
        "/vendor/socket.io-client",
        "/vendor/@fontsource/noto-sans-khmerx/package.json",
        "/vendor//etc/passwd",
        "/vendor/socket.io-client//etc/passwd",
    ],
)
def test_vendor_serves_nothing_else(client, path):
    # Werkzeug may first redirect a path with `//` or `..` to its tidy form: that is a 404 too.
    assert client.get(path, follow_redirects=True).status_code == 404
