/* Numbers as Khmer readers write them: Khmer digits (០១២៣៤៥៦៧៨៩) in Khmer text. */

const KHMER_DIGITS = "០១២៣៤៥៦៧៨៩";
const grouped = new Intl.NumberFormat("en-US");

/** "A 12" -> "A ១២": every ASCII digit as a Khmer digit. */
export function khmerDigits(text) {
  return String(text).replace(/[0-9]/g, (d) => KHMER_DIGITS[Number(d)]);
}

/** The digits of `text` as written in `lang`. */
export function digitsIn(lang, text) {
  return lang === "km" ? khmerDigits(text) : String(text);
}

/** 1000 -> "1,000" ("១,០០០" in Khmer). */
export function formatNumber(value, lang) {
  return digitsIn(lang, grouped.format(value));
}
