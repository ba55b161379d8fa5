"""The kiosk's pages on the server side: /kiosk in Khmer and English (from the Flask-Babel
catalogues), the ticket's status page /t/<token> and its QR code (the pages themselves run in
tests/browser/test_kiosk_flow.py)."""

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import zxingcpp
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from PIL import Image, ImageDraw

TRANSLATIONS = Path(__file__).resolve().parent.parent / "onewindow" / "translations"


def compile_catalogues() -> None:
    """What scripts/setup does: each .po -> .mo where the .mo is missing or older, so a test
    run right after editing a translation sees it."""
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        with mo.open("wb") as target:
            write_mo(target, catalog)


@pytest.fixture(autouse=True, scope="module")
def _catalogues():
    compile_catalogues()


def page_config(response, element_id: str = "config") -> dict:
    """The JSON a page carries for its script: #config (its settings) or #text (its words)."""
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', response.text, re.S)
    assert match, response.text[:500]
    return json.loads(match.group(1))


class _Translated(HTMLParser):
    """The text of every element with data-t="key", as the server rendered it."""

    def __init__(self):
        super().__init__()
        self.found: list[list] = []  # [key, text] in page order
        self._open: list[tuple[str, list | None]] = []

    def handle_starttag(self, tag, attrs):
        key = dict(attrs).get("data-t")
        entry = [key, ""] if key else None
        if entry:
            self.found.append(entry)
        self._open.append((tag, entry))

    def handle_endtag(self, tag):
        while self._open and self._open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for _tag, entry in self._open:
            if entry:
                entry[1] += data


def translated_elements(html: str) -> list[tuple[str, str]]:
    parser = _Translated()
    parser.feed(html)
    return [(key, " ".join(text.split())) for key, text in parser.found]


def take(client, service_id: int = 1) -> dict:
    response = client.post("/api/v1/tickets", json={"service_id": service_id})
    assert response.status_code == 201, response.json
    return response.json["ticket"]


# ---- the kiosk page ---------------------------------------------------------------------


def test_the_kiosk_speaks_khmer_unless_asked_for_english(client):
    khmer = client.get("/kiosk")
    assert khmer.status_code == 200
    assert '<html lang="km">' in khmer.text
    assert "យកសំបុត្រលេខរៀង" in khmer.text  # "Take a ticket"
    assert page_config(khmer)["language"] == "km"

    english = client.get("/kiosk?lang=en")
    assert '<html lang="en">' in english.text
    assert "Take a ticket" in english.text
    assert page_config(english)["language"] == "en"

    assert page_config(client.get("/kiosk?lang=fr"))["language"] == "km"  # not offered: the default


def test_the_kiosk_carries_its_text_in_both_languages_and_it_matches_the_page(client):
    for lang in ("km", "en"):
        response = client.get(f"/kiosk?lang={lang}")
        strings = page_config(response, "text")
        assert set(strings) == {"km", "en"}
        assert set(strings["km"]) == set(strings["en"])
        shown = translated_elements(response.text)
        assert len(shown) > 10
        for key, text in shown:
            assert text == " ".join(strings[lang][key].split()), (lang, key)
    # Every string is translated (the Khmer catalogue is compiled and complete).
    same = [key for key in strings["en"] if strings["km"][key] == strings["en"][key]]
    assert same == []
    # Counted phrases in the plural forms of each language (CLDR categories, for Intl.PluralRules).
    assert strings["km"]["waiting"] == {"other": "មានអ្នករង់ចាំ {n} នាក់"}
    assert strings["en"]["waiting"] == {"one": "{n} person waiting", "other": "{n} people waiting"}
    assert strings["en"]["printer_down"].startswith("The printer is not working")


def test_the_printer_notice_is_on_the_page_in_both_languages_whatever_the_language(client):
    for lang in ("km", "en"):
        text = client.get(f"/kiosk?lang={lang}").text
        assert "ម៉ាស៊ីនបោះពុម្ពមិនដំណើរការទេ" in text
        assert "The printer is not working: please note your number or take a photo of the screen." in text


def test_the_kiosk_name_comes_from_the_address(client):
    assert page_config(client.get("/kiosk"))["kiosk"] == "kiosk"
    assert page_config(client.get("/kiosk?kiosk=hall-2"))["kiosk"] == "hall-2"
    assert page_config(client.get("/kiosk?kiosk=../../etc"))["kiosk"] == "kiosk"  # one the API would refuse


def test_the_kiosk_lists_the_services_with_sectors_fees_and_people_waiting(client):
    take(client, 1)
    config = page_config(client.get("/kiosk"))
    api = client.get("/api/v1/services").json["services"]
    assert config["services"] == api
    first = config["services"][0]
    assert first["waiting"] == 1
    assert first["group_km"] and first["group_en"]
    assert any(service["fee_riel"] is None for service in config["services"])  # shown as "—"
    assert config["returnAfterS"] == 20
    assert config["printerPollS"] == 10


def test_the_kiosk_loads_its_fonts_and_socket_library_from_vendor(client):
    text = client.get("/kiosk").text
    assert "/vendor/@fontsource/noto-sans-khmer/khmer-400.css?v=" in text
    assert "/vendor/socket.io-client/dist/socket.io.min.js?v=" in text
    for path in re.findall(r'(?:src|href)="(/(?:kiosk|base)/static/[^"]+)"', text):
        assert client.get(path).status_code == 200, path
    assert '<script type="module" src="/kiosk/static/kiosk.js"' in text
    assert 'href="/base/static/base.css"' in text
    for module in ("dom", "digits", "text", "fonts", "live"):
        assert client.get(f"/base/static/{module}.js").status_code == 200, module


# ---- the status page --------------------------------------------------------------------


def test_the_status_page_shows_the_ticket_in_the_chosen_language(client):
    ticket = take(client, 1)
    response = client.get(f"/t/{ticket['token']}")
    assert response.status_code == 200
    assert ticket["number"] in response.text
    assert "លេខរបស់អ្នក" in response.text  # "Your number"
    config = page_config(response)
    assert config["language"] == "km"
    assert config["statusUrl"] == f"/api/v1/status/{ticket['token']}"
    assert config["status"] == client.get(config["statusUrl"]).json
    assert config["token"] == ticket["token"]
    assert page_config(response, "text") == {"km": page_config(response, "text")["km"]}  # its language only
    assert page_config(response, "text")["km"]["your_turn"] == "ដល់វេនរបស់អ្នកហើយ៖ សូមអញ្ជើញទៅបញ្ជរ {counter}"
    service_km = config["status"]["service"]["name_km"]
    assert service_km in response.text

    english = client.get(f"/t/{ticket['token']}?lang=en")
    assert "Your number" in english.text
    assert config["status"]["service"]["name_en"] in english.text
    assert page_config(english, "text")["en"]["your_turn"] == "It's your turn: counter {counter}"


def test_an_unknown_ticket_gets_a_friendly_page_not_found(client):
    for path in ("/t/no-such-ticket-0123456789", "/t/short"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.mimetype == "text/html"
        assert "រកមិនឃើញសំបុត្រ" in response.text  # "Ticket not found"
    english = client.get("/t/no-such-ticket-0123456789?lang=en")
    assert english.status_code == 404
    assert "Ticket not found" in english.text
    for path in ("/t/no-such-ticket-0123456789/qr.svg", "/t/no-such-ticket-0123456789/qr.png"):
        assert client.get(path).status_code == 404


# ---- the QR code ------------------------------------------------------------------------


def svg_to_image(svg: bytes, scale: int = 8) -> Image.Image:
    """Draw qrcode's path SVG (one `M x,y H x' V y' H x z` square per dark module) with Pillow."""
    text = svg.decode()
    width, height = (int(float(v)) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', text).groups())
    image = Image.new("L", (width * scale, height * scale), 255)
    draw = ImageDraw.Draw(image)
    path = re.search(r'<path d="([^"]+)"', text).group(1)
    for x, y, right, bottom in re.findall(r"M([\d.]+),([\d.]+)H([\d.]+)V([\d.]+)H[\d.]+z", path):
        box = [float(x) * scale, float(y) * scale, float(right) * scale - 1, float(bottom) * scale - 1]
        draw.rectangle(box, fill=0)
    return image


def decoded(image: Image.Image) -> str:
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1, codes
    return codes[0].text


def test_the_qr_code_is_the_address_of_the_status_page(client):
    issued = take(client, 2)
    token, status_url = issued["token"], issued["status_url"]
    assert status_url.endswith(f"/t/{token}")

    svg = client.get(f"/t/{token}/qr.svg")
    assert svg.status_code == 200
    assert svg.mimetype == "image/svg+xml"
    assert "private" in svg.headers["Cache-Control"]
    assert decoded(svg_to_image(svg.data)) == status_url

    png = client.get(f"/t/{token}/qr.png")
    assert png.status_code == 200
    assert png.mimetype == "image/png"
    assert decoded(Image.open(io.BytesIO(png.data))) == status_url


def test_the_qr_code_uses_the_public_address_when_one_is_set(app, client):
    app.config["PUBLIC_URL"] = "http://owso.example:5000/"
    issued = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    assert issued["status_url"] == f"http://owso.example:5000/t/{issued['token']}"
    png = client.get(f"/t/{issued['token']}/qr.png")
    assert decoded(Image.open(io.BytesIO(png.data))) == issued["status_url"]


# ---- the catalogues ---------------------------------------------------------------------


def test_the_khmer_catalogue_translates_everything_and_keeps_every_placeholder():
    with (TRANSLATIONS / "km" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale="km")
    messages = [m for m in catalog if m.id]
    assert len(messages) > 30
    for message in messages:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {ids[0]!r}"
        assert not message.fuzzy, f"fuzzy: {ids[0]!r}"
        wanted = set(re.findall(r"%\(\w+\)s", ids[0]))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)s", string)) == wanted, (ids[0], string)
