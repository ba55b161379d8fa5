"""What a printed ticket says: plain data, handed to the layout by the print spool."""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from office.citizen_view import wait_minutes


def words(*khmer_words: str) -> str:
    """Khmer words joined by zero-width spaces: Khmer has no spaces, so a line breaks there."""
    return "\u200b".join(khmer_words)


@dataclass(frozen=True)
class Labels:
    """The printed words, each a (Khmer, English) pair, so an office can reword them."""

    your_number: tuple[str, str] = (words("លេខ", "រង់ចាំ", "របស់", "អ្នក"), "Your number")
    fee: tuple[str, str] = (words("ថ្លៃ", "សេវា (គំរូ)"), "Sample fee")
    riel: str = "៛"
    issued: tuple[str, str] = (words("ម៉ោង", "ចេញ", "សំបុត្រ"), "Issued")
    people_ahead: tuple[str, str] = (words("អ្នក", "រង់ចាំ", "មុន", "អ្នក"), "People ahead")
    estimated_wait: tuple[str, str] = (words("រយៈពេល", "រង់ចាំ", "ប្រហែល"), "Estimated wait")
    minutes: tuple[str, str] = ("នាទី", "min")
    scan: tuple[str, str] = (words("ស្កេន", "ដើម្បី", "តាមដាន", "វេន", "របស់", "អ្នក"), "Scan to follow your turn")
    footer: tuple[str, str] = (
        words("សូម", "រង់ចាំ", "ការ", "ហៅ", "លេខ", "របស់", "អ្នក។ សូមអរគុណ!"),
        "Please wait for your number to be called. Thank you!",
    )


DEFAULT_LABELS = Labels()


@dataclass(frozen=True)
class TicketPrint:
    """Everything printed on one ticket. No database object: the spool copies the values in.

    `issued_at` is an aware datetime, printed in `timezone` (the office's, a ZoneInfo or its
    name). `fee_riel` None prints "—"; `estimated_wait_s` None prints "—".
    """

    office_name: str
    number: str
    service_name_km: str
    service_name_en: str
    fee_riel: int | None
    issued_at: datetime
    people_ahead: int
    estimated_wait_s: int | None
    status_url: str
    timezone: ZoneInfo | str = "Asia/Phnom_Penh"
    labels: Labels = field(default=DEFAULT_LABELS)
    office_name_km: str = ""  # printed above the English name when given

    def __post_init__(self):
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be an aware datetime")
        if isinstance(self.timezone, str):
            object.__setattr__(self, "timezone", ZoneInfo(self.timezone))
        if self.people_ahead < 0:
            raise ValueError(f"people_ahead must not be negative, got {self.people_ahead}")
        if self.fee_riel is not None and self.fee_riel < 0:
            raise ValueError(f"fee_riel must not be negative, got {self.fee_riel}")
        if not self.status_url:
            raise ValueError("status_url is empty: the QR code needs it")

    @property
    def issued_local(self) -> str:
        """The issue time on the office's wall clock: 25/11/2026 09:30."""
        return self.issued_at.astimezone(self.timezone).strftime("%d/%m/%Y %H:%M")

    @property
    def fee_text(self) -> str:
        """The fee with thousands separators and the riel sign, or "—" when unknown."""
        if self.fee_riel is None:
            return "—"
        return f"{self.fee_riel:,} {self.labels.riel}"

    @property
    def wait_minutes_text(self) -> str:
        """The estimated wait in whole minutes as every screen tells it (rounded up), or "—"
        when unknown."""
        minutes = wait_minutes(self.estimated_wait_s)
        return "—" if minutes is None else str(minutes)
