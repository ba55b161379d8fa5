"""The ticket as a 1-bit picture, ready for a thermal printer's raster mode.

Every word is drawn by Pillow (Khmer shaped by raqm), never by the printer's own fonts, which
have no Khmer. The picture is as wide as the printer's head: 576 dots on 80 mm paper, 384 on
58 mm paper, both at 203 dpi (8 dots per millimetre).
"""

import threading
from dataclasses import dataclass
from datetime import UTC, datetime

import qrcode
from PIL import Image, ImageDraw, ImageFont

from printer.fonts import LayoutUnavailable, load_font
from printer.ticket import TicketPrint
from printer.wrap import wrap

__all__ = ["PAPER_DOTS", "TICKET_WIDTHS", "LayoutUnavailable", "TicketPrint", "paper_dots", "render_ticket", "warm_up"]

TICKET_WIDTHS = (576, 384)
# A kiosk's paper (millimetres, office/printers.py PAPER_WIDTHS_MM) -> the picture's width.
PAPER_DOTS = {80: 576, 58: 384}
# Antialiased grey darker than this prints black: a little bolder than 50 %, which thermal
# heads render thin.
INK_THRESHOLD = 160
# A QR module of fewer than 3 dots (0.375 mm) scans poorly from thermal paper; 5 dots
# (0.625 mm) reads at arm's length and keeps the ticket short.
QR_MIN_MODULE, QR_MAX_MODULE, QR_QUIET_ZONE = 3, 5, 4


@dataclass(frozen=True)
class _Sizes:
    """Font sizes in pixels and spacing in dots for one paper width."""

    margin: int
    office: int
    caption_km: int
    caption_en: int
    number_max: int
    service_km: int
    service_en: int
    label_km: int
    label_en: int
    value: int
    footer_km: int
    footer_en: int
    gap: int
    qr_share: float  # of the printable width


# Khmer OS draws its letters small for their size (tall ascender and descender room), so
# Khmer text gets a larger size than English beside it.
SIZES = {
    576: _Sizes(
        margin=12,
        office=30,
        caption_km=28,
        caption_en=24,
        number_max=250,
        service_km=32,
        service_en=28,
        label_km=28,
        label_en=22,
        value=38,
        footer_km=26,
        footer_en=22,
        gap=12,
        qr_share=0.5,
    ),
    384: _Sizes(
        margin=6,
        office=26,
        caption_km=24,
        caption_en=20,
        number_max=170,
        service_km=30,
        service_en=22,
        label_km=24,
        label_en=19,
        value=30,
        footer_km=22,
        footer_en=18,
        gap=10,
        qr_share=0.62,
    ),
}

_render_lock = threading.Lock()  # FreeType faces are not safe to share between threads


def paper_dots(paper_width_mm: int) -> int:
    """The ticket's width in dots on paper this wide: 576 for 80 mm, 384 for 58 mm."""
    if paper_width_mm not in PAPER_DOTS:
        raise ValueError(f"paper width must be one of {sorted(PAPER_DOTS)} mm, got {paper_width_mm!r}")
    return PAPER_DOTS[paper_width_mm]


def render_ticket(ticket: TicketPrint, *, width: int = 576, font_path=None) -> Image.Image:
    """Draw `ticket` as a 1-bit image exactly `width` dots wide (576 or 384).

    Raises ValueError for another width or a status_url too long for a QR code on the paper,
    and LayoutUnavailable (a RuntimeError) where Khmer cannot be shaped or the font is missing.
    """
    if width not in SIZES:
        raise ValueError(f"ticket width must be one of {TICKET_WIDTHS} dots, got {width!r}")
    with _render_lock:
        return _Ticket(ticket, width, SIZES[width], font_path).render()


def warm_up(*, font_path=None, widths=TICKET_WIDTHS) -> None:
    """Check shaping, load the fonts and draw a sample ticket at each width.

    Call it at start-up, off the event loop: the first ticket is then as fast as the others,
    and a machine that cannot shape Khmer fails at start, not at the first citizen.
    """
    sample = TicketPrint(
        office_name="One Window Service Office",
        number="A000",
        service_name_km="ការចុះបញ្ជីកំណើត",
        service_name_en="Birth registration",
        fee_riel=1000,
        issued_at=datetime(2026, 1, 1, tzinfo=UTC),
        people_ahead=0,
        estimated_wait_s=0,
        status_url="http://127.0.0.1/t/warm-up",
    )
    for width in widths:
        render_ticket(sample, width=width, font_path=font_path)


class _Ticket:
    """One rendering: blocks of the ticket, top to bottom, each as wide as the paper."""

    def __init__(self, ticket: TicketPrint, width: int, sizes: _Sizes, font_path):
        self.ticket, self.width, self.sizes, self.font_path = ticket, width, sizes, font_path
        self.content_width = width - 2 * sizes.margin

    def font(self, size: int) -> ImageFont.FreeTypeFont:
        return load_font(size, self.font_path)

    def render(self) -> Image.Image:
        t, s, labels = self.ticket, self.sizes, self.ticket.labels
        sections = [
            [self.text(name, s.office) for name in (t.office_name_km, t.office_name) if name],
            [
                self.text(labels.your_number[0], s.caption_km),
                self.text(labels.your_number[1], s.caption_en),
                self.number(t.number),
            ],
            [self.text(t.service_name_km, s.service_km), self.text(t.service_name_en, s.service_en)],
            [
                self.field(labels.fee, t.fee_text),
                self.field(labels.issued, t.issued_local),
                self.field(labels.people_ahead, str(t.people_ahead)),
                self.field(_with_unit(labels.estimated_wait, labels.minutes), t.wait_minutes_text),
            ],
            [self.qr_with_caption(t.status_url, labels.scan)],
            [self.text(labels.footer[0], s.footer_km), self.text(labels.footer[1], s.footer_en)],
        ]
        return _to_one_bit(self.page(sections))

    def page(self, sections: list[list[Image.Image]]) -> Image.Image:
        """Sections one under the other with a dashed rule between them; tighter within one."""
        gap, inner = self.sizes.gap, self.sizes.gap // 2
        placed, y = [], gap
        for index, section in enumerate(sections):
            if index:
                placed.append((self.rule(), y))
                y += 2 + gap
            for block in section:
                placed.append((block, y))
                y += block.height + inner
            y += gap - inner
        page = Image.new("L", (self.width, y + gap), 255)
        for block, top in placed:
            page.paste(block, (0, top))
        return page

    # Blocks -------------------------------------------------------------------------------

    def text(self, text: str, size: int, *, align: str = "center", width: int | None = None) -> Image.Image:
        """A paragraph wrapped to `width` (the printable width if None), every line at one pitch."""
        font = self.font(size)
        max_width = width if width is not None else self.content_width
        lines = wrap(text, lambda line: _ink_width(font, line, 0), max_width)
        block = _lines_image(lines, font, max_width, align=align, stroke=0, gap=round(size * 0.15))
        if width is not None:
            return block
        framed = Image.new("L", (self.width, block.height), 255)
        framed.paste(block, (self.sizes.margin, 0))
        return framed

    def number(self, number: str) -> Image.Image:
        """The ticket number, as large as the paper allows: it is read from across the room."""
        reference = self.font(100)
        stroke_at_100 = 3
        left, top, right, bottom = reference.getbbox(number, stroke_width=stroke_at_100)
        size = min(self.sizes.number_max, int(100 * self.content_width / max(right - left, 1)))
        size -= size % 4  # a handful of sizes, each loaded once
        font = self.font(size)
        stroke = max(1, round(size * stroke_at_100 / 100))
        left, top, right, bottom = font.getbbox(number, stroke_width=stroke)
        space = self.sizes.gap // 2  # air between the caption and such a large number
        image = Image.new("L", (self.width, bottom - top + space), 255)
        x = (self.width - (right - left)) // 2 - left
        ImageDraw.Draw(image).text((x, space - top), number, font=font, fill=0, stroke_width=stroke, stroke_fill=0)
        return image

    def field(self, label: tuple[str, str], value: str) -> Image.Image:
        """A bilingual label on the left (Khmer above English), its value on the right."""
        s = self.sizes
        value_font = self.font(s.value)
        value_width = min(_ink_width(value_font, value, 1), self.content_width)
        value_image = _lines_image([value], value_font, value_width, align="right", stroke=1, gap=0)
        label_width = self.content_width - value_width - s.gap
        if label_width < self.content_width // 3:  # a very long value goes under its label
            label_width = self.content_width
        label_km = self.text(label[0], s.label_km, align="left", width=label_width)
        label_en = self.text(label[1], s.label_en, align="left", width=label_width)
        if label_width == self.content_width:
            below = label_km.height + label_en.height + s.gap // 3
            row = Image.new("L", (self.width, below + s.gap // 3 + value_image.height), 255)
            row.paste(label_km, (s.margin, 0))
            row.paste(label_en, (s.margin, label_km.height + s.gap // 3))
            row.paste(value_image, (self.width - s.margin - value_width, below + s.gap // 3))
            return row
        height = max(label_km.height + label_en.height + s.gap // 3, value_image.height)
        row = Image.new("L", (self.width, height), 255)
        row.paste(label_km, (s.margin, 0))
        row.paste(label_en, (s.margin, label_km.height + s.gap // 3))
        row.paste(value_image, (self.width - s.margin - value_width, (height - value_image.height) // 2))
        return row

    def qr_with_caption(self, content: str, caption: tuple[str, str]) -> Image.Image:
        """The QR code on the left, what it is for on the right."""
        s = self.sizes
        code = self.qr(content)
        caption_width = self.content_width - code.width - s.gap
        km = self.text(caption[0], s.footer_km, align="left", width=caption_width)
        en = self.text(caption[1], s.footer_en, align="left", width=caption_width)
        text_height = km.height + s.gap // 2 + en.height
        row = Image.new("L", (self.width, max(code.height, text_height)), 255)
        row.paste(code, (s.margin, (row.height - code.height) // 2))
        x, y = s.margin + code.width + s.gap, (row.height - text_height) // 2
        row.paste(km, (x, y))
        row.paste(en, (x, y + km.height + s.gap // 2))
        return row

    def qr(self, content: str) -> Image.Image:
        """The QR code of the status page, with whole-dot modules and its quiet zone."""
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, box_size=1)
        code.add_data(content)
        code.make(fit=True)
        matrix = code.get_matrix()
        modules = len(matrix)
        span = modules + 2 * QR_QUIET_ZONE
        module = min(QR_MAX_MODULE, int(self.content_width * self.sizes.qr_share) // span)
        if module < QR_MIN_MODULE:
            raise ValueError(
                f"status_url is too long for a QR code readable from {self.width}-dot paper "
                f"({len(content)} characters, {modules} modules)"
            )
        small = Image.new("L", (modules, modules), 255)
        small.putdata([0 if dark else 255 for row in matrix for dark in row])
        quiet = QR_QUIET_ZONE * module
        image = Image.new("L", (modules * module + 2 * quiet,) * 2, 255)
        image.paste(small.resize((modules * module,) * 2, Image.Resampling.NEAREST), (quiet, quiet))
        return image

    def rule(self) -> Image.Image:
        """A dashed line between sections."""
        image = Image.new("L", (self.width, 2), 255)
        draw = ImageDraw.Draw(image)
        for x in range(self.sizes.margin, self.width - self.sizes.margin, 12):
            draw.rectangle((x, 0, min(x + 7, self.width - self.sizes.margin - 1), 1), fill=0)
        return image


def _with_unit(label: tuple[str, str], unit: tuple[str, str]) -> tuple[str, str]:
    return f"{label[0]} ({unit[0]})", f"{label[1]} ({unit[1]})"


def _ink_width(font: ImageFont.FreeTypeFont, line: str, stroke: int) -> int:
    if not line:
        return 0
    left, _, right, _ = font.getbbox(line, stroke_width=stroke)
    return right - min(left, 0)


def _lines_image(lines, font, width, *, align, stroke, gap) -> Image.Image:
    """Lines drawn at one pitch: tall enough for the highest vowel sign and the deepest subscript."""
    boxes = [font.getbbox(line, anchor="ls", stroke_width=stroke) if line else (0, 0, 0, 0) for line in lines]
    top = min(box[1] for box in boxes)
    bottom = max(box[3] for box in boxes)
    pitch = bottom - top + gap
    image = Image.new("L", (width, max(1, pitch * len(lines) - gap)), 255)
    draw = ImageDraw.Draw(image)
    for index, (line, box) in enumerate(zip(lines, boxes, strict=True)):
        left = min(box[0], 0)
        ink = box[2] - left
        x = {"left": 0, "center": (width - ink) // 2, "right": width - ink}[align] - left
        draw.text((x, index * pitch - top), line, font=font, anchor="ls", fill=0, stroke_width=stroke, stroke_fill=0)
    return image


def _to_one_bit(image: Image.Image) -> Image.Image:
    return image.point([0 if value < INK_THRESHOLD else 255 for value in range(256)], "1")
