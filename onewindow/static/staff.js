/* What the staff pages (counter screen, supervisor's view) share beyond the base modules: JSON
 * API calls with the session cookie and the page's CSRF token, the /counter connection (which
 * sends to the login page when the session has ended), their words in both languages, and how
 * times are written.
 */
import { $, bilingual } from "/base/static/dom.js";
import { config, text, words } from "/base/static/text.js";
import { live } from "/base/static/live.js";

export { config };

const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
const REQUEST_TIMEOUT_MS = 10000;
const km = words("km");
const en = words("en");

/** The Khmer and the English of one text, side by side. */
export function both(key, values, className) {
  return bilingual(km.t(key, values), en.t(key, values), className);
}

/** One text in one language ("km" or "en"). */
export const say = (lang, key, values) => (lang === "km" ? km : en).t(key, values);

function loginUrl() {
  return "/login?next=" + encodeURIComponent(location.pathname + location.search);
}

/**
 * One JSON API call. Resolves (never rejects) to {ok, status, data, error}; a network
 * failure or a timeout is status 0 with error.code "network". Changes carry X-CSRFToken.
 */
export async function api(method, path, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  try {
    const response = await fetch(config.api + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
      signal: controller.signal,
    });
    let data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
    if (response.ok) return { ok: true, status: response.status, data, error: null };
    if (response.status === 401) location.assign(loginUrl()); // the session has ended
    const error = (data && data.error) || { code: `http_${response.status}`, message: `HTTP ${response.status}` };
    return { ok: false, status: response.status, data, error };
  } catch (error) {
    return { ok: false, status: 0, data: null, error: { code: "network", message: text.en.no_answer } };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The /counter namespace (`query`: e.g. {counter: id}). `on` gets snapshot, changed, waiting;
 * `connected(bool)` every change of the connection. The server refuses a connection without a
 * logged-in session: then, log in again.
 */
export function connect({ query, on, connected }) {
  let socket = null;
  socket = live(config.namespace, {
    query,
    wake: true,
    connected,
    on: {
      ...on,
      connect_error() {
        // Refused by the server (not a network failure, which it retries by itself).
        if (socket && !socket.active) location.assign(loginUrl());
      },
    },
  });
  return socket;
}

/** 75 -> "1:15"; 3725 -> "1:02:05". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) return "–";
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

function zoned(options) {
  try {
    return new Intl.DateTimeFormat("en-GB", { timeZone: config.timezone, ...options });
  } catch (error) {
    return new Intl.DateTimeFormat("en-GB", options);
  }
}
const timeFormat = zoned({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** "2026-11-25T02:30:00.000Z" -> "09:30" in the office's time zone. */
export function clockTime(iso) {
  return iso ? timeFormat.format(new Date(iso)) : "";
}

const dateTimeFormat = (() => {
  const options = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: config.timezone, ...options });
  } catch (error) {
    return new Intl.DateTimeFormat("en-CA", options);
  }
})();

/** "2026-12-03T02:30:00.000Z" -> "2026-12-03 09:30" in the office's time zone. */
export function dateTime(iso) {
  return iso ? dateTimeFormat.format(new Date(iso)).replace(",", "") : "";
}

/** Calls `fn` once, `ms` after the first of a burst of calls: a steady stream of calls
 * (a morning rush) runs it every `ms`, never postpones it for ever. */
export function coalesce(fn, ms) {
  let timer = null;
  return () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };
}

/** Is the keyboard busy with a field (then shortcuts are not ours)? */
export function typing(event) {
  const target = event.target;
  if (!target || target === document.body) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export { $ };
