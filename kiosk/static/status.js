/* A ticket's status page on the citizen's phone (/t/<token>, the QR code's target).
 *
 * Drawn at once from the data the page came with, then kept up to date by the /ticket
 * Socket.IO namespace (?token=<token>): it sends `status` (the body of GET
 * /api/v1/status/<token>) on every (re)connect and whenever what the page shows has changed,
 * so the page never asks over HTTP. When the ticket is called it says so, very visibly, with
 * the counter.
 *
 * For tests and devtools: window.onewindowStatus (the state).
 */
import { $ } from "/base/static/dom.js";
import { digitsIn } from "/base/static/digits.js";
import { config, words } from "/base/static/text.js";
import { fontsReady } from "/base/static/fonts.js";
import { live } from "/base/static/live.js";

const lang = config.language;
const { t, count } = words(lang);
const km = lang === "km";

const state = {
  status: config.status,
  updates: 0, // `status` messages received
  connected: false,
  socket: null,
};
window.onewindowStatus = state;

/** "Counter 12" -> "12" (as on the waiting-room TV): what a counter is called by. */
function counterCode(counter) {
  const match = /([A-Za-z]*[0-9][A-Za-z0-9]*)\s*$/.exec(counter.name || "");
  return digitsIn(lang, match ? match[1] : counter.id);
}

// ---- drawing ---------------------------------------------------------------------------

let buzzedFor = null; // called_at of the call we last vibrated for

function draw() {
  const { ticket, service, counter } = state.status;
  document.body.dataset.status = ticket.status;
  $("number").textContent = ticket.number;
  $("service").textContent = km ? service.name_km : service.name_en;
  $("status").textContent = t(ticket.status);

  const called = ticket.status === "called" && counter;
  $("turn").hidden = !called;
  if (called) {
    $("turn-text").textContent = t("your_turn", { counter: counterCode(counter) });
    if (buzzedFor !== ticket.called_at) {
      buzzedFor = ticket.called_at; // a recall calls again: a new called_at, a new buzz
      buzz();
    }
  }
  if (ticket.status === "serving" && counter) {
    $("status").textContent = `${t("serving")} · ${t("at_counter", { counter: counterCode(counter) })}`;
  }
  if (ticket.status === "no_show") $("status").textContent = `${t("no_show")}. ${t("no_show_help")}`;

  const waiting = ticket.status === "waiting";
  $("facts").hidden = !waiting;
  $("live").hidden = !(waiting || ticket.status === "called");
  if (waiting) {
    $("ahead").textContent = count("people", ticket.ahead || 0);
    const minutes = ticket.estimated_wait_min; // the server rounds, once
    $("wait-row").hidden = minutes === null || minutes === undefined;
    $("wait").textContent = minutes < 1 ? t("under_a_minute") : count("minutes", minutes);
  }
  document.title = `${ticket.number} · ${called ? $("turn-text").textContent : $("status").textContent}`;
}

function buzz() {
  // Optional: phones that allow it vibrate (most need a tap on the page first).
  try {
    if (navigator.vibrate) navigator.vibrate([400, 150, 400]);
  } catch (error) {
    // Not allowed: the screen says it.
  }
}

// ---- keeping up to date ----------------------------------------------------------------

state.socket = live("/ticket", {
  query: { token: config.token },
  delayMs: 1000,
  delayMaxMs: 10000,
  wake: true, // a phone that slept asks for its status again
  connected: (connected) => (state.connected = connected),
  on: {
    status(status) {
      state.status = status;
      state.updates += 1;
      draw();
    },
  },
});

draw();
fontsReady();
