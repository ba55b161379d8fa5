"""Every word of the interface is in Khmer: each text the code and templates give to gettext is
in the Khmer catalogue (which tests/test_kiosk_pages.py checks is translated, placeholders
kept). A page word added without its Khmer would show in English on a Khmer screen."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KHMER = ROOT / "onewindow" / "translations" / "km" / "LC_MESSAGES" / "messages.po"


def extracted_messages(tmp_path) -> set[str]:
    """What `pybabel extract` (README, "Languages") finds in the code and templates today."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(pot), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


def test_every_interface_text_is_in_the_khmer_catalogue(tmp_path):
    with KHMER.open("rb") as f:
        khmer = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f, locale="km") if m.id}
    missing = sorted(extracted_messages(tmp_path) - khmer)
    assert not missing, f"{len(missing)} text(s) with no Khmer (README, Languages): {missing[:10]}"
