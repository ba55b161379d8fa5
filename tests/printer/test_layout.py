"""The ticket picture: size, QR code, Khmer shaping, wrapping, fields."""

import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from PIL import Image, ImageFilter, ImageFont

from printer import fonts
from printer.fonts import LayoutUnavailable, find_font_path, load_font
from printer.layout import SIZES, TICKET_WIDTHS, render_ticket, warm_up
from printer.wrap import COENG
from tests.printer.conftest import longest_khmer_service, make_ticket, services


def qr_contents(image: Image.Image) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(image.convert("L")) if code.format.name == "QRCode"]


@pytest.mark.parametrize("width", TICKET_WIDTHS)
def test_the_ticket_is_a_one_bit_image_exactly_as_wide_as_the_printer_head(width):
    image = render_ticket(make_ticket(), width=width)
    assert image.mode == "1"
    assert image.width == width
    assert 600 < image.height < 2500


@pytest.mark.parametrize("width", [0, 383, 512, 580, 640])
def test_other_widths_are_refused(width):
    with pytest.raises(ValueError, match="576"):
        render_ticket(make_ticket(), width=width)


@pytest.mark.parametrize("width", TICKET_WIDTHS)
def test_the_qr_code_decodes_to_the_status_url(width):
    url = "http://192.0.2.10:5000/t/3f9c2a7be81d4c0fa9e2"
    assert qr_contents(render_ticket(make_ticket(status_url=url), width=width)) == [url]


@pytest.mark.parametrize("width", TICKET_WIDTHS)
def test_the_qr_code_survives_a_blurred_half_size_photo_of_the_print(width):
    url = "https://owso.example.gov.kh/tickets/status/6f1d0c9a8b7e4d3c2b1a09f8e7d6c5b4"
    image = render_ticket(make_ticket(status_url=url), width=width).convert("L")
    photo = image.resize((width // 2, image.height // 2), Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(1))
    assert qr_contents(photo) == [url]


def test_a_status_url_too_long_for_a_readable_qr_code_is_refused():
    with pytest.raises(ValueError, match="too long"):
        render_ticket(make_ticket(status_url="http://x/" + "a" * 1500), width=384)


def test_the_font_is_khmer_os_shaped_by_raqm():
    font = load_font(40)
    assert font.getname()[0] == "Khmer OS"
    assert font.layout_engine == ImageFont.Layout.RAQM
    basic = ImageFont.truetype(find_font_path(), 40, layout_engine=ImageFont.Layout.BASIC)
    word = "ក្រុងកើត"  # a subscript ro (coeng) and a vowel sign written before its consonant
    shaped, unshaped = font.getmask(word), basic.getmask(word)
    assert (shaped.size, bytes(shaped)) != (unshaped.size, bytes(unshaped))
    # Shaped, the subscript goes under the line: the ink reaches lower than unshaped.
    assert font.getbbox(word)[3] > basic.getbbox(word)[3]


def test_the_ticket_itself_is_drawn_shaped(monkeypatch):
    ticket = make_ticket(service_name_km=longest_khmer_service()["service_km"])
    shaped = render_ticket(ticket)

    def basic_font(path, size):
        return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)

    monkeypatch.setattr(fonts, "_load", basic_font)
    unshaped = render_ticket(ticket)
    assert shaped.tobytes() != unshaped.tobytes()


def test_without_raqm_it_refuses_to_draw_and_names_the_package(monkeypatch):
    monkeypatch.setattr(fonts, "_checked_paths", set())
    monkeypatch.setattr(fonts.features, "check", lambda feature: False)
    with pytest.raises(LayoutUnavailable, match="apt-get install libfribidi0"):
        render_ticket(make_ticket())


def test_when_raqm_draws_like_basic_layout_it_refuses_to_draw(monkeypatch):
    monkeypatch.setattr(fonts, "_checked_paths", set())
    real_truetype = fonts.ImageFont.truetype
    monkeypatch.setattr(
        fonts.ImageFont,
        "truetype",
        lambda path, size, layout_engine=None: real_truetype(path, size, layout_engine=ImageFont.Layout.BASIC),
    )
    with pytest.raises(LayoutUnavailable, match="libfribidi0"):
        fonts.check_khmer_shaping(find_font_path())


def test_a_missing_font_names_the_debian_package(monkeypatch):
    monkeypatch.setattr(fonts, "KNOWN_FONT_PATHS", ())
    monkeypatch.setattr(fonts, "_fontconfig_file", lambda family: None)
    with pytest.raises(LayoutUnavailable, match="apt-get install fonts-khmeros"):
        find_font_path()
    with pytest.raises(LayoutUnavailable, match="font_path"):
        find_font_path("/nonexistent/KhmerOS.ttf")


def test_fontconfig_finds_khmer_os_and_not_a_fallback():
    assert fonts._fontconfig_file("Khmer OS").endswith("KhmerOS.ttf")
    assert fonts._fontconfig_file("No Such Font Family") is None


def test_an_explicit_font_path_is_used(tmp_path):
    copy = tmp_path / "office-font.ttf"
    copy.write_bytes(Path(find_font_path()).read_bytes())
    image = render_ticket(make_ticket(), font_path=str(copy))
    assert image.tobytes() == render_ticket(make_ticket()).tobytes()


def ink_columns(image: Image.Image) -> list[int]:
    """Columns holding at least one black dot."""
    grey = image.convert("L")
    return [x for x in range(grey.width) if grey.crop((x, 0, x + 1, grey.height)).getextrema()[0] == 0]


@pytest.mark.parametrize("width", TICKET_WIDTHS)
def test_long_service_names_wrap_inside_the_margins(width):
    margin = SIZES[width].margin
    for row in sorted(services(), key=lambda row: -len(row["service_km"]))[:5]:
        ticket = make_ticket(service_name_km=row["service_km"], service_name_en=row["service_en"])
        columns = ink_columns(render_ticket(ticket, width=width))
        assert min(columns) >= margin and max(columns) < width - margin, row["service_en"]


def test_a_long_name_makes_a_longer_ticket_not_a_wider_one():
    short = render_ticket(make_ticket())
    long = render_ticket(make_ticket(service_name_km=longest_khmer_service()["service_km"]))
    assert long.width == short.width
    assert long.height > short.height + 150  # several more lines


def test_an_unknown_fee_and_wait_print_a_dash():
    ticket = make_ticket(fee_riel=None, estimated_wait_s=None)
    assert ticket.fee_text == "—"
    assert ticket.wait_minutes_text == "—"
    image = render_ticket(ticket, width=384)
    assert image.tobytes() != render_ticket(make_ticket(), width=384).tobytes()


def test_the_dash_is_a_real_glyph_of_the_font_not_a_missing_glyph_box():
    font = load_font(40)
    # Khmer OS has no U+FFFF: it draws its "missing glyph" box; the em dash must not look like it.
    assert bytes(font.getmask("—")) != bytes(font.getmask("\uffff"))


def test_field_values():
    ticket = make_ticket(fee_riel=100000, estimated_wait_s=1510, people_ahead=3)
    assert ticket.fee_text == "100,000 ៛"
    assert ticket.wait_minutes_text == "26"  # rounded up: never promise less than the estimate
    assert make_ticket(estimated_wait_s=0).wait_minutes_text == "0"
    assert make_ticket(estimated_wait_s=60).wait_minutes_text == "1"


def test_the_issue_time_is_printed_on_the_office_clock():
    moment = datetime(2026, 11, 25, 2, 30, tzinfo=ZoneInfo("UTC"))
    assert make_ticket(issued_at=moment).issued_local == "25/11/2026 09:30"
    assert make_ticket(issued_at=moment, timezone=ZoneInfo("Asia/Bangkok")).issued_local == "25/11/2026 09:30"
    assert make_ticket(issued_at=moment, timezone="UTC").issued_local == "25/11/2026 02:30"


def test_bad_ticket_data_is_refused():
    with pytest.raises(ValueError, match="aware"):
        make_ticket(issued_at=datetime(2026, 11, 25, 9, 30))
    with pytest.raises(ValueError):
        make_ticket(people_ahead=-1)
    with pytest.raises(ValueError):
        make_ticket(status_url="")


@pytest.mark.parametrize("number", ["A1", "A012", "PRI-0123", "ABCD-123456"])
def test_numbers_of_any_length_fit_and_short_ones_are_huge(number):
    image = render_ticket(make_ticket(number=number))
    assert image.width == 576


def test_after_warm_up_the_first_ticket_is_as_quick_as_any(monkeypatch):
    warm_up()
    started = time.perf_counter()
    render_ticket(make_ticket(number="B077", service_name_km="លិខិតអនុញ្ញាតសាងសង់"), width=384)
    assert time.perf_counter() - started < 0.5


def test_no_line_starts_inside_a_khmer_cluster():
    from printer.wrap import wrap

    font = load_font(32)
    for row in services():
        lines = wrap(row["service_km"], lambda line: font.getlength(line), 300)
        assert "".join(lines).replace(" ", "") == row["service_km"].replace(" ", "")
        assert all(font.getlength(line) <= 300 for line in lines)
        for before, line in zip(lines, lines[1:], strict=False):
            assert not before.endswith(COENG) and not _is_mark(line[0]), (before, line)


def _is_mark(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char) in ("Mn", "Mc", "Me")
