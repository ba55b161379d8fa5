"""Line breaking: Khmer clusters stay whole, spaces and zero-width spaces are preferred."""

from printer.wrap import clusters, wrap


def by_characters(line: str) -> int:
    return len(line)


def test_a_cluster_keeps_its_subscripts_and_vowel_signs():
    assert clusters("ក្រុង") == ["ក្រុ", "ង"]
    assert clusters("សិទ្ធិ") == ["សិ", "ទ្ធិ"]
    assert clusters("ស្ត្រី") == ["ស្ត្រី"]  # two subscripts and a vowel: one cluster
    assert clusters("A012") == ["A", "0", "1", "2"]


def test_breaks_at_spaces_when_they_fill_the_line():
    assert wrap("Transfer of possession of land", by_characters, 16) == ["Transfer of", "possession of", "land"]


def test_an_english_word_is_not_split_unless_longer_than_a_line():
    assert wrap("a certification", by_characters, 10) == ["a", "certificat", "ion"]


def test_khmer_without_spaces_breaks_between_syllables():
    lines = wrap("ដីដែលមានទំហំចាប់ពី", by_characters, 9)
    assert "".join(lines) == "ដីដែលមានទំហំចាប់ពី"
    # never before a final consonant: មាន stays whole, and so does ចាប់
    assert not any(line.startswith(("ន", "ប់")) for line in lines), lines


def test_zero_width_spaces_mark_word_breaks_and_are_not_printed():
    text = "ស្កេន\u200bដើម្បី\u200bតាមដាន\u200bវេន\u200bរបស់\u200bអ្នក"
    lines = wrap(text, by_characters, 14)
    assert lines == ["ស្កេនដើម្បី", "តាមដានវេនរបស់", "អ្នក"]


def test_a_number_stays_with_its_unit_and_punctuation_with_its_word():
    lines = wrap("ផ្លូវជាតិលេខ២៥៨ដេ។", by_characters, 12)
    assert all("២៥៨ដេ" in line for line in lines if "២" in line), lines
    assert not any(line.startswith("។") for line in lines)


def test_lines_never_exceed_the_width_and_lose_nothing():
    text = "ការផ្ទេរសិទ្ធិកាន់កាប់អចលនទ្រព្យដែលពុំទាន់ចុះបញ្ជី (ជាប់សងខាងផ្លូវជាតិលេខ៥) — ដីក្រោម ១០០ម៉ែត្រការ៉េ"
    for width in (8, 15, 30):
        lines = wrap(text, by_characters, width)
        assert all(len(line) <= width for line in lines), lines
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_empty_and_multi_paragraph_text():
    assert wrap("", by_characters, 10) == [""]
    assert wrap("one\ntwo", by_characters, 10) == ["one", "two"]
