/* Waiting-room TV: draws the office's calls from the /display Socket.IO namespace and
 * announces each call (a chime, then the call spoken from pre-recorded clips).
 *
 * Everything on screen is redrawn from the `snapshot` the server sends on every (re)connect;
 * `called` and `waiting` update it in between. Calls are known by their id, so one that
 * arrives twice is drawn and announced once; a recall has an id of its own and is announced
 * again. Announcements wait for each other: one plays at a time, in the order calls came.
 *
 * A display the administrator named (/display?name=<name>) connects with its name: when its
 * settings change (`reconfigured`, or a snapshot whose settings differ from the first one's),
 * the page loads again with them; when it is no longer in use (refused), the page says so.
 *
 * For tests and for anyone looking at a TV with devtools: window.onewindowDisplay (the state)
 * and window.onewindowAnnouncements ({id, number, start, end, spoken, skipped}, times from
 * performance.now()).
 */
import { $, el } from "/base/static/dom.js";
import { khmerDigits } from "/base/static/digits.js";
import { config, fill, text } from "/base/static/text.js";
import { fontsReady } from "/base/static/fonts.js";
import { live } from "/base/static/live.js";

const KEEP_CALLS = 10;
const HISTORY_ROWS = 5;
const FEE_ROWS = 4;
const FEE_PAGE_MS = 12000;
const MISSED_CALLS_ANNOUNCED = 3;

const state = {
  calls: new Map(), // event id -> call
  waiting: {}, // service id (string) -> people waiting, only for followed services
  follow: null,
  display: null, // a named display's settings, as its first snapshot gave them (JSON)
  services: [],
  connected: false,
  connects: 0,
  snapshots: 0,
  lastCallId: 0,
  feePage: 0,
  sound: "none", // the AudioContext's state: "suspended" until a tap, unless autoplay is allowed
};
window.onewindowDisplay = state;
window.onewindowAnnouncements = [];

// ---- words and numbers -----------------------------------------------------------------

const khmer = text.km; // the TV's Khmer words, from the catalogue (the English are the browser's)

/** "Counter 12" -> "12": what identifies a counter when it is spoken or written in Khmer. */
function counterCode(call) {
  const match = /([A-Za-z]*[0-9][A-Za-z0-9]*)\s*$/.exec(call.counter || "");
  return match ? match[1] : String(call.counter_id);
}

function counterKhmer(call) {
  return fill(khmer.counter, { counter: khmerDigits(counterCode(call)) });
}

const riel = new Intl.NumberFormat("en-US");

function zoned(options, locale) {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone: config.timezone, ...options });
  } catch (error) {
    return new Intl.DateTimeFormat(locale, options); // unknown zone: the TV's own
  }
}

const clockFormat = zoned({ hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }, "en-GB");
const timeFormat = zoned({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }, "en-GB");
const dateFormat = zoned({ weekday: "long", day: "numeric", month: "long", year: "numeric" }, "en-GB");
const dateParts = zoned({ weekday: "short", day: "numeric", month: "numeric", year: "numeric" }, "en-US");

// The names come from the page (CLDR): browsers' own Khmer dates vary (Chromium's falls back to English).
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** "ថ្ងៃពុធ ទី២៥ ខែវិច្ឆិកា ឆ្នាំ២០២៦" in the office's time zone. */
function khmerDate(moment) {
  const part = Object.fromEntries(dateParts.formatToParts(moment).map((p) => [p.type, p.value]));
  return fill(khmer.date, {
    weekday: khmer.weekdays[WEEKDAYS.indexOf(part.weekday)],
    day: khmerDigits(part.day),
    month: khmer.months[Number(part.month) - 1],
    year: khmerDigits(part.year),
  });
}

// ---- clock -----------------------------------------------------------------------------

function tick() {
  const now = new Date();
  $("clock").textContent = clockFormat.format(now);
  $("date-en").textContent = dateFormat.format(now);
  $("date-km").textContent = khmerDate(now);
  setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
}

// ---- drawing ---------------------------------------------------------------------------

/** The arrow of the newest call, smaller: "→" is in neither web font (unicode-range). */
function arrow() {
  const svg = document.querySelector(".now-arrow").cloneNode(true);
  svg.setAttribute("class", "arrow");
  return svg;
}

/** The calls to show, newest first, each ticket once (at its latest call or recall). */
function shownCalls() {
  const seen = new Set();
  return [...state.calls.values()]
    .sort((a, b) => b.id - a.id)
    .filter((call) => !seen.has(call.ticket_id) && seen.add(call.ticket_id));
}

function drawCalls({ fresh } = {}) {
  const calls = shownCalls();
  const newest = calls[0];
  $("now-number").textContent = newest ? newest.number : "—";
  $("now-counter").textContent = newest ? newest.counter : "";
  $("now-counter-km").textContent = newest ? counterKhmer(newest) : "";
  $("now-where").hidden = !newest;
  $("now-recall").hidden = !(newest && newest.recall);
  if (fresh) {
    const now = $("now");
    now.classList.remove("fresh");
    void now.offsetWidth; // restart the animation
    now.classList.add("fresh");
  }
  const list = $("history");
  list.replaceChildren();
  for (const call of calls.slice(1, 1 + HISTORY_ROWS)) {
    const row = el("li");
    row.dataset.id = call.id;
    row.append(el("span", "number", call.number), arrow());
    const counter = el("span", "counter", call.counter);
    counter.append(el("small", "", timeFormat.format(new Date(call.called_at))));
    row.append(counter);
    list.append(row);
  }
}

/** The services this display is about: those it follows, or all, in the office's order. */
function shownServices() {
  const ids = state.follow && state.follow.waiting_service_ids;
  if (!ids) return state.services;
  const wanted = new Set(ids);
  return state.services.filter((service) => wanted.has(service.id));
}

function drawWaiting() {
  const services = shownServices();
  const tiles = $("waiting");
  const few = services.length <= 6;
  const cols = few ? 1 : services.length <= 12 ? 3 : services.length <= 20 ? 4 : 5;
  const rows = Math.max(1, Math.ceil(services.length / cols));
  tiles.style.setProperty("--cols", cols);
  tiles.style.setProperty("--rows", Math.max(rows, 4)); // a lone service gets a tile, not the panel
  tiles.style.setProperty("--tile-font", `${Math.min(4.6, 20 / rows).toFixed(2)}vh`);
  tiles.replaceChildren();
  for (const service of services) {
    const count = state.waiting[String(service.id)] || 0;
    const tile = el("li", count ? "" : "zero");
    tile.dataset.serviceId = service.id;
    tile.append(el("span", "prefix", service.prefix));
    if (few) {
      const name = el("span", "name", service.name_km);
      name.lang = "km";
      tile.append(name);
    }
    tile.append(el("span", "count", String(count)));
    tiles.append(tile);
  }
}

function drawFees() {
  const services = shownServices();
  const pages = Math.max(1, Math.ceil(services.length / FEE_ROWS));
  state.feePage %= pages;
  $("fees-page").textContent = pages > 1 ? `${state.feePage + 1} / ${pages}` : "";
  const body = $("fees");
  body.replaceChildren();
  for (const service of services.slice(state.feePage * FEE_ROWS, (state.feePage + 1) * FEE_ROWS)) {
    const row = el("tr");
    row.append(el("td", "prefix", service.prefix));
    const names = el("td", "name");
    const km = el("div", "name-km", service.name_km);
    km.lang = "km";
    const en = el("div", "name-en", service.name_en);
    en.lang = "en";
    names.append(km, en);
    const fee = el("td", "fee");
    if (service.fee_riel === null || service.fee_riel === undefined) {
      fee.textContent = "—";
    } else {
      fee.textContent = riel.format(service.fee_riel);
      fee.append(el("span", "riel", "៛"));
    }
    row.append(names, fee);
    body.append(row);
  }
}

function nextFeePage() {
  state.feePage += 1;
  drawFees();
}

async function loadServices() {
  try {
    const response = await fetch(config.servicesUrl, { cache: "no-store" });
    if (!response.ok) return;
    state.services = (await response.json()).services;
    drawWaiting();
    drawFees();
  } catch (error) {
    // The next snapshot (after a reconnect) tries again.
  }
}

// ---- the connection --------------------------------------------------------------------

function rememberCall(call) {
  state.calls.set(call.id, call);
  state.lastCallId = Math.max(state.lastCallId, call.id);
  const ids = [...state.calls.keys()].sort((a, b) => b - a);
  for (const old of ids.slice(KEEP_CALLS)) state.calls.delete(old);
}

function onSnapshot(snapshot) {
  // Calls made while this screen was cut off: announce the latest few, oldest first.
  const missed =
    state.snapshots > 0
      ? snapshot.calls
          .filter((call) => call.id > state.lastCallId)
          .slice(0, MISSED_CALLS_ANNOUNCED)
          .reverse()
      : [];
  if (snapshot.display) {
    const settings = JSON.stringify(snapshot.display);
    if (state.display !== null && state.display !== settings) return showSettings(snapshot.display.name);
    state.display = settings;
  }
  state.snapshots += 1;
  state.follow = snapshot.follow;
  state.calls = new Map();
  for (const call of snapshot.calls) rememberCall(call);
  state.waiting = { ...snapshot.waiting };
  drawCalls({ fresh: missed.length > 0 });
  drawWaiting();
  drawFees();
  loadServices();
  for (const call of missed) announcer.enqueue(call);
}

function onCalled(call) {
  if (state.calls.has(call.id)) return;
  rememberCall(call);
  drawCalls({ fresh: true });
  announcer.enqueue(call);
}

function onWaiting(counts) {
  if (!state.follow) return; // before the first snapshot: it brings the counts
  const shown = state.follow.waiting_service_ids;
  state.waiting = shown ? Object.fromEntries(shown.map((id) => [String(id), counts[String(id)] || 0])) : { ...counts };
  drawWaiting();
}

/** A named display's settings changed: the page again, with them (under its new name if
 * it was renamed). */
function showSettings(name) {
  if (name && name !== config.display) location.assign(`/display?name=${encodeURIComponent(name)}`);
  else location.reload();
}

function connect() {
  state.socket = live("/display", {
    query: config.socketQuery,
    wake: true, // a tab that slept may have missed messages: the whole picture again
    connected: (connected) => (state.connected = connected),
    on: {
      connect: () => (state.connects += 1),
      snapshot: onSnapshot,
      called: onCalled,
      waiting: onWaiting,
      reconfigured: (change) => showSettings(change && change.name),
      connect_error: (error) => {
        // Renamed or taken out of use while this TV was cut off: the page says what it is now.
        if (config.display && /^no display/.test((error && error.message) || "")) location.reload();
      },
    },
  });
}

// ---- announcements ---------------------------------------------------------------------

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** "A001" at "Counter 2" -> ["number", "a", "0", "0", "1", "counter", "2"]. */
function clipsFor(call) {
  const chars = (text) => [...String(text).toLowerCase()].filter((ch) => /[a-z0-9]/.test(ch));
  return ["number", ...chars(call.number), "counter", ...chars(counterCode(call))];
}

const announcer = {
  context: null,
  queue: [],
  busy: false,
  clips: new Map(), // "lang/clip" -> Promise<AudioBuffer>

  start() {
    const AudioContextClass = window.AudioContext || window.webkitAudioContext;
    if (!AudioContextClass) return;
    this.context = new AudioContextClass();
    state.sound = this.context.state;
    this.context.addEventListener("statechange", () => (state.sound = this.context.state));
    const overlay = $("sound-overlay");
    // Browsers keep audio off until someone touches the page (TVs in kiosk mode run
    // Chromium with --autoplay-policy=no-user-gesture-required and never see this).
    const unlock = () => {
      this.context.resume().then(() => {
        overlay.hidden = true;
        document.removeEventListener("pointerdown", unlock);
        document.removeEventListener("keydown", unlock);
      });
    };
    if (this.context.state !== "running") {
      overlay.hidden = false;
      document.addEventListener("pointerdown", unlock);
      document.addEventListener("keydown", unlock);
    }
    for (const lang of config.languages) {
      for (const clip of config.voices[lang] || []) this.clip(lang, clip).catch(() => {});
    }
  },

  get soundOn() {
    return this.context !== null && this.context.state === "running";
  },

  clip(lang, name) {
    const key = `${lang}/${name}`;
    if (!this.clips.has(key)) {
      const loading = fetch(`${config.voiceUrl}${lang}/${name}.wav`)
        .then((response) => {
          if (!response.ok) throw new Error(`${key}: HTTP ${response.status}`);
          return response.arrayBuffer();
        })
        .then((bytes) => this.context.decodeAudioData(bytes));
      loading.catch(() => this.clips.delete(key)); // try again next time
      this.clips.set(key, loading);
    }
    return this.clips.get(key);
  },

  enqueue(call) {
    if (!this.soundOn) return; // no sound yet: the screen alone tells
    this.queue.push(call);
    if (!this.busy) this.run();
  },

  async run() {
    this.busy = true;
    while (this.queue.length) {
      await this.announce(this.queue.shift());
      await sleep(400);
    }
    this.busy = false;
  },

  async announce(call) {
    const record = {
      id: call.id,
      number: call.number,
      counter: call.counter,
      recall: call.recall,
      start: performance.now(),
      end: null,
      spoken: [],
      skipped: [],
    };
    window.onewindowAnnouncements.push(record);
    try {
      await this.chime();
      const names = clipsFor(call);
      for (const lang of config.languages) {
        const have = new Set(config.voices[lang] || []);
        if (!names.every((name) => have.has(name))) {
          record.skipped.push(lang); // no recorded voice: chime and screen only
          continue;
        }
        try {
          const buffers = await Promise.all(names.map((name) => this.clip(lang, name)));
          await this.say(buffers, names);
          record.spoken.push(lang);
        } catch (error) {
          record.skipped.push(lang);
        }
      }
    } catch (error) {
      record.error = String(error);
    }
    record.end = performance.now();
  },

  /** Resolves when the last of `nodes` has stopped (or a little after it should have). */
  played(nodes, seconds) {
    return new Promise((resolve) => {
      const fallback = setTimeout(resolve, seconds * 1000 + 1500);
      nodes[nodes.length - 1].onended = () => {
        clearTimeout(fallback);
        resolve();
      };
    });
  },

  chime() {
    const ctx = this.context;
    const start = ctx.currentTime + 0.05;
    const notes = [
      [880, 0, 0.6],
      [659.25, 0.35, 0.9],
    ];
    const nodes = notes.map(([frequency, at, length]) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = "sine";
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + at);
      gain.gain.exponentialRampToValueAtTime(0.5, start + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + at + length);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start + at);
      osc.stop(start + at + length);
      return osc;
    });
    return this.played(nodes, 1.3);
  },

  say(buffers, names) {
    const ctx = this.context;
    let at = ctx.currentTime + 0.15;
    const nodes = buffers.map((buffer, i) => {
      if (names[i] === "counter") at += 0.3; // a breath between the number and the counter
      const source = ctx.createBufferSource();
      source.buffer = buffer;
      source.connect(ctx.destination);
      source.start(at);
      at += buffer.duration + 0.04;
      return source;
    });
    return this.played(nodes, at - ctx.currentTime);
  },
};

// ---- start -----------------------------------------------------------------------------

tick();
drawCalls();
setInterval(nextFeePage, FEE_PAGE_MS);
fontsReady();
announcer.start();
connect();
