/* The page's interface text, from the Flask-Babel catalogues: the page renders it as JSON in
 * <script type="application/json" id="text">, by language: {"km": {key: text}, "en": {…}}.
 * A text is a string with {name} placeholders, or, for a counted phrase, its plural forms by
 * CLDR category ({"one": "{n} person", "other": "{n} people"}; Khmer has "other" only), chosen
 * here with Intl.PluralRules. The page's settings are in #config.
 */
import { readJSON } from "./dom.js";
import { formatNumber } from "./digits.js";

export const text = readJSON("text");
export const config = readJSON("config");

/** "{n} people" with {n: 3} -> "3 people"; an unknown placeholder stays as it is. */
export function fill(template, values = {}) {
  return String(template).replace(/\{(\w+)\}/g, (found, name) => (name in values ? String(values[name]) : found));
}

/** The words of one language: t(key, values) and count(key, n, values). */
export function words(lang) {
  const strings = text[lang] || {};
  const rules = new Intl.PluralRules(lang);
  return {
    lang,
    t(key, values) {
      return fill(strings[key] ?? key, values);
    },
    /** A counted phrase in the right plural form, its {n} in the language's digits. */
    count(key, n, values) {
      const forms = strings[key] || {};
      const template = forms[rules.select(n)] ?? forms.other ?? key;
      return fill(template, { n: formatNumber(n, lang), ...values });
    },
  };
}
