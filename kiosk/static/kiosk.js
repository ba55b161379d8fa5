/* The touch kiosk: one tap on a service takes a ticket (POST /api/v1/tickets), and a
 * confirmation screen shows its number, the people ahead, the wait and a QR code of the
 * ticket's status page, then goes back to the start by itself.
 *
 * Never two tickets for one tap: the tap gets one Idempotency-Key, every button is disabled
 * while its request is in flight, and "Try again" after a failure sends the same key again
 * (so a ticket the server issued but whose answer was lost comes back, not a second one).
 *
 * The people waiting per service stay live through the /kiosk Socket.IO namespace (live.js); the
 * kiosk's printer is checked every few seconds (GET /api/v1/kiosks/<name>/printer) so that
 * citizens are told to note their number when it does not print.
 *
 * Only an enrolled kiosk prints: the device key its enrolment link gave it (kiosk_key.js) goes
 * with every ticket as X-Kiosk-Key, and GET /api/v1/kiosks/me says which kiosk it is and
 * whether it may offer priority tickets. A page without a valid key says so, and its tickets
 * are shown on screen only (as on a phone).
 *
 * An enrolled kiosk also takes ratings ("Rate our service", a quiet button at the bottom of the
 * start): the citizen types the number on the ticket with on-screen keys (the services' prefixes
 * and 0-9), chooses 1-5 and optionally whether a payment was asked beyond the official fee, and
 * the kiosk sends it with its key (POST /api/v1/kiosks/<name>/feedback). A refusal is said in
 * the kiosk's language, from its code, and the screen stays so the number can be corrected; the
 * thanks go back to the start by themselves, and so does a rating screen left alone for a minute.
 *
 * For tests and devtools: window.onewindowKiosk (the state).
 */
import { $, el } from "/base/static/dom.js";
import { formatNumber } from "/base/static/digits.js";
import { config, text, words } from "/base/static/text.js";
import { fontsReady } from "/base/static/fonts.js";
import { live } from "/base/static/live.js";
import { forgetKiosk, savedKiosk, saveKiosk } from "./kiosk_key.js";
import { REFUSALS } from "./rating.js";

const REQUEST_TIMEOUT_MS = 15000;
const PRINTER_CHECK_AFTER_ISSUE_MS = 2500; // a print is over by then, or has failed
const PROBLEM_GIVES_UP_MS = 60000; // an error screen left alone goes back to the start
const BUSY_AFTER_MS = 200; // a quick answer goes straight to the confirmation, without a flash
const RATE_IDLE_MS = 60000; // a rating screen left alone (the citizen walked away) goes back to the start
const THANKS_RETURN_S = 8; // the thanks for a rating go back to the start by themselves
const RATE_DIGITS_MIN = 3; // a ticket's number is its prefix and 3 or more digits ("A012")
const RATE_DIGITS_MAX = 6;

const state = {
  language: config.language,
  services: config.services,
  waiting: Object.fromEntries(config.services.map((s) => [String(s.id), s.waiting])),
  pending: null, // {service, key} of the tap in flight or failed
  inFlight: false,
  issued: [], // the answers of this page's tickets, newest last
  requests: [], // {key, service_id, outcome} of every POST, for tests
  printerOk: true,
  connected: false,
  snapshots: 0,
  screen: "start",
  device: savedKiosk(), // {key, name, offers_priority} while this browser is an enrolled kiosk
  priority: false, // the next ticket is a priority one (only on a kiosk that offers them)
  // The rating screen: the number typed (prefix, digits), the choices, and how sending went.
  rate: newRating(),
  ratings: [], // {number, rating, payment_asked, outcome, code} of every rating sent, for tests
};
window.onewindowKiosk = state;

// ---- words and numbers -----------------------------------------------------------------

const languages = { km: words("km"), en: words("en") };
const say = () => languages[state.language];

/** 1000 -> "1,000", in Khmer digits when the kiosk speaks Khmer. */
const number = (value) => formatNumber(value, state.language);
const t = (key, values) => say().t(key, values);
/** A counted phrase in its plural form ("1 person", "3 people"). */
const counted = (key, n) => say().count(key, n);

function fee(service) {
  if (service.fee_riel === null || service.fee_riel === undefined) return "—";
  return `${number(service.fee_riel)} ${t("riel")}`;
}

/** The wait as the server rounded it, in words. */
function wait(ticket) {
  const minutes = ticket.estimated_wait_min; // the server rounds, once
  if (minutes === null) return null;
  return minutes < 1 ? t("under_a_minute") : counted("minutes", minutes);
}

const nameOf = (service) => (state.language === "km" ? service.name_km : service.name_en);
const groupOf = (service) => (state.language === "km" ? service.group_km : service.group_en) || "";

// ---- language --------------------------------------------------------------------------

function setLanguage(lang) {
  if (!languages[lang] || !text[lang]) return;
  state.language = lang;
  document.documentElement.lang = lang;
  document.title = t("take_ticket");
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  const other = lang === "km" ? "en" : "km";
  const toggle = $("lang");
  toggle.dataset.lang = other;
  toggle.lang = other;
  toggle.textContent = other === "en" ? "English" : "ភាសាខ្មែរ";
  $("r-backspace").setAttribute("aria-label", t("backspace"));
  drawServices();
  if (state.screen === "confirm") drawConfirmation();
  if (state.screen === "problem") $("problem-message").textContent = t(state.problem);
  drawRating();
  if (state.screen === "thanks") drawCountdown();
}

// ---- the start screen ------------------------------------------------------------------

/** The services in the office's order, grouped by sector in order of first appearance. */
function groups() {
  const byName = new Map();
  for (const service of state.services) {
    const name = groupOf(service);
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name).push(service);
  }
  return [...byName.entries()];
}

function waitingText(service) {
  return counted("waiting", state.waiting[String(service.id)] || 0);
}

function drawServices() {
  const main = $("services");
  const nav = $("sectors");
  const empty = main.querySelector(".empty");
  main.replaceChildren(empty);
  nav.replaceChildren();
  empty.hidden = state.services.length > 0;
  groups().forEach(([name, services], index) => {
    const section = el("section", "group");
    section.id = `group-${index}`;
    section.append(el("h2", "", name));
    const list = el("div", "group-services");
    for (const service of services) {
      const button = el("button", "service");
      button.type = "button";
      button.dataset.serviceId = service.id;
      button.disabled = state.pending !== null;
      button.append(el("span", "prefix", service.prefix), el("span", "name", nameOf(service)));
      const meta = el("span", "meta");
      const feeLine = el("span", "fee");
      feeLine.append(el("small", "", t("fee")), document.createTextNode(" " + fee(service)));
      meta.append(feeLine, el("span", "waiting", waitingText(service)));
      button.append(meta);
      list.append(button);
    }
    section.append(list);
    main.append(section);

    const chip = el("button", "sector", name);
    chip.type = "button";
    chip.dataset.group = section.id;
    nav.append(chip);
  });
  nav.hidden = nav.children.length < 2;
}

function drawWaiting() {
  for (const button of document.querySelectorAll("button.service")) {
    const service = state.services.find((s) => String(s.id) === button.dataset.serviceId);
    if (service) button.querySelector(".waiting").textContent = waitingText(service);
  }
}

function setButtonsEnabled(enabled) {
  for (const button of document.querySelectorAll("button.service")) button.disabled = !enabled;
}

function show(screen) {
  state.screen = screen;
  $("busy").hidden = screen !== "busy";
  $("problem").hidden = screen !== "problem";
  $("confirm").hidden = screen !== "confirm";
  $("rate").hidden = screen !== "rate";
  $("thanks").hidden = screen !== "thanks";
  document.body.dataset.screen = screen;
}

// ---- taking a ticket -------------------------------------------------------------------

/** A random UUID. crypto.randomUUID exists only on HTTPS and localhost; a kiosk on the
 * office network over plain HTTP has crypto.getRandomValues only. */
function newKey() {
  if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function onServiceTap(event) {
  const button = event.target.closest("button.service");
  if (!button || state.pending !== null) return; // a second tap while the first is in flight
  const service = state.services.find((s) => String(s.id) === button.dataset.serviceId);
  if (!service) return;
  state.pending = { service, key: newKey() };
  send();
}

async function send() {
  if (state.inFlight) return; // "Try again" tapped twice
  state.inFlight = true;
  const { service, key } = state.pending;
  const record = { key, service_id: service.id, outcome: "sent" };
  state.requests.push(record);
  setButtonsEnabled(false);
  if (state.screen === "start") {
    state.busyTimer = setTimeout(() => state.screen === "start" && show("busy"), BUSY_AFTER_MS);
  } else {
    show("busy"); // "Try again" on the problem screen
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
  let response;
  try {
    response = await fetch(`${config.api}/tickets`, {
      method: "POST",
      headers: ticketHeaders(key),
      body: JSON.stringify(ticketBody(service)),
      signal: abort.signal,
    });
  } catch (error) {
    record.outcome = "network";
    return problem("offline", true);
  } finally {
    clearTimeout(timer);
    clearTimeout(state.busyTimer);
    state.inFlight = false;
  }
  record.outcome = response.status;
  if (response.status === 201) {
    let answer;
    try {
      answer = await response.json();
    } catch (error) {
      return problem("failed", true);
    }
    return issued(answer, service);
  }
  if (response.status === 403 && state.device && (await errorCode(response)) === "kiosk_not_enrolled") {
    notEnrolled(); // revoked meanwhile: the same tap again, as an unprinted ticket
    return send();
  }
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    loadServices(); // the service may have gone
    return problem("unavailable", false);
  }
  return problem("failed", true); // 5xx, 408, 429: the same key again is safe
}

function ticketHeaders(key) {
  const headers = { "Content-Type": "application/json", "Idempotency-Key": key };
  if (state.device) headers["X-Kiosk-Key"] = state.device.key;
  return headers;
}

function ticketBody(service) {
  const body = { service_id: service.id };
  if (state.device) body.kiosk = state.device.name;
  if (state.priority && state.device && state.device.offers_priority) body.priority = true;
  return body;
}

async function errorCode(response) {
  try {
    return (await response.json()).error.code;
  } catch (error) {
    return null;
  }
}

let problemTimer = null;

function problem(key, canRetry) {
  state.problem = key;
  $("problem-message").textContent = t(key);
  $("retry").hidden = !canRetry;
  show("problem");
  clearTimeout(problemTimer);
  problemTimer = setTimeout(backToStart, PROBLEM_GIVES_UP_MS);
}

function retry() {
  clearTimeout(problemTimer);
  if (state.pending !== null) send();
}

// ---- the confirmation screen -----------------------------------------------------------

let countdownTimer = null;

function issued(answer, service) {
  state.issued.push(answer);
  state.current = { ticket: answer.ticket, service };
  state.pending = null;
  state.returnAt = Date.now() + config.returnAfterS * 1000;
  state.secondsLeft = config.returnAfterS;
  if (answer.print && answer.print.ok === false) state.printerOk = false;
  drawPrinter();
  drawConfirmation();
  show("confirm");
  // The server answers before the ticket prints: look again once it should have.
  setTimeout(checkPrinter, PRINTER_CHECK_AFTER_ISSUE_MS);
  countDown();
}

/** Back to the start at state.returnAt, counting down on the screen. */
function countDown() {
  clearInterval(countdownTimer);
  // From a deadline, not by counting ticks: timers of a busy or throttled page run late.
  countdownTimer = setInterval(() => {
    state.secondsLeft = Math.ceil((state.returnAt - Date.now()) / 1000);
    if (state.secondsLeft <= 0) return backToStart();
    drawCountdown();
  }, 250);
}

function drawCountdown() {
  const text = t("back_in", { n: number(state.secondsLeft) });
  $("c-countdown").textContent = state.screen === "thanks" ? "" : text;
  $("t-countdown").textContent = state.screen === "thanks" ? text : "";
}

function drawConfirmation() {
  const { ticket, service } = state.current;
  $("c-number").textContent = ticket.number;
  $("c-service").textContent = nameOf(service);
  $("c-fee").textContent = fee(service);
  $("c-ahead").textContent = counted("people", ticket.ahead);
  const minutes = wait(ticket);
  $("c-wait-row").hidden = minutes === null;
  $("c-wait").textContent = minutes || "";
  const qr = $("c-qr");
  const src = config.qrUrl.replace("{token}", encodeURIComponent(ticket.token));
  if (qr.getAttribute("src") !== src) qr.src = src;
  drawCountdown();
}

function backToStart() {
  clearInterval(countdownTimer);
  clearTimeout(problemTimer);
  clearTimeout(rateIdleTimer);
  countdownTimer = null;
  state.pending = null;
  state.current = null;
  state.rate = newRating();
  setPriority(false);
  $("c-countdown").textContent = "";
  $("t-countdown").textContent = "";
  $("c-qr").removeAttribute("src");
  show("start");
  setButtonsEnabled(true);
  // The next citizen starts in the kiosk's own language, at the top of the list.
  if (state.language !== config.language) setLanguage(config.language);
  $("services").scrollTop = 0;
  loadServices(); // services the office changed meanwhile
}

// ---- rating a finished service ---------------------------------------------------------

let rateIdleTimer = null;

function newRating() {
  return { prefix: "", digits: "", rating: null, paymentAsked: null, sending: false, message: null, wrongNumber: false };
}

/** The number as typed ("A012"), as printed on the ticket. */
const typedNumber = () => state.rate.prefix + state.rate.digits;
const numberComplete = () => state.rate.prefix !== "" && state.rate.digits.length >= RATE_DIGITS_MIN;
const canSendRating = () =>
  state.device !== null && numberComplete() && state.rate.rating !== null && !state.rate.sending;

/** The prefixes of the services on offer, as letter keys (a number is one of them and digits). */
function drawPrefixes() {
  const prefixes = [...new Set(state.services.map((service) => service.prefix))].sort(
    (a, b) => a.length - b.length || a.localeCompare(b)
  );
  const keys = prefixes.map((prefix) => {
    const key = el("button", "key prefix-key", prefix);
    key.type = "button";
    key.lang = "en";
    key.dataset.prefix = prefix;
    return key;
  });
  $("r-prefixes").replaceChildren(...keys);
}

function openRating() {
  if (state.device === null || state.pending !== null || state.screen !== "start") return;
  state.rate = newRating();
  drawPrefixes();
  show("rate");
  drawRating();
  touched();
}

function drawRating() {
  const rate = state.rate;
  const shown = $("r-number");
  shown.textContent = typedNumber();
  shown.classList.toggle("wrong", rate.wrongNumber);
  for (const key of document.querySelectorAll("#r-prefixes [data-prefix]")) {
    key.setAttribute("aria-pressed", String(key.dataset.prefix === rate.prefix));
  }
  for (const button of document.querySelectorAll("#rate [data-rating]")) {
    button.setAttribute("aria-pressed", String(Number(button.dataset.rating) === rate.rating));
    button.querySelector(".rating-number").textContent = number(Number(button.dataset.rating));
  }
  for (const button of document.querySelectorAll("#rate [data-payment]")) {
    button.setAttribute("aria-pressed", String(button.dataset.payment === String(rate.paymentAsked)));
  }
  for (const button of document.querySelectorAll("#rate .r-entry button, #rate .r-rating button")) {
    button.disabled = rate.sending;
  }
  $("r-clear").disabled = rate.sending || typedNumber() === "";
  $("r-backspace").disabled = rate.sending || typedNumber() === "";
  $("r-send").disabled = !canSendRating();
  $("r-send").textContent = rate.sending ? t("sending") : t("send");
  $("r-message").textContent = rate.message ? t(rate.message) : "";
  $("r-hint").hidden = Boolean(rate.message) || (numberComplete() && rate.rating !== null);
}

/** The number changed: a refusal said about the old one no longer holds. */
function numberChanged() {
  state.rate.wrongNumber = false;
  state.rate.message = null;
}

function onRateTap(event) {
  const rate = state.rate;
  touched();
  const button = event.target.closest("button");
  if (!button || button.disabled || rate.sending) return;
  if (button.id === "r-back") return backToStart();
  if (button.id === "r-send") return sendRating();
  if (button.dataset.prefix) {
    rate.prefix = button.dataset.prefix;
    numberChanged();
  } else if (button.dataset.digit) {
    if (rate.digits.length >= RATE_DIGITS_MAX) return;
    rate.digits += button.dataset.digit;
    numberChanged();
  } else if (button.id === "r-backspace") {
    if (rate.digits) rate.digits = rate.digits.slice(0, -1);
    else rate.prefix = "";
    numberChanged();
  } else if (button.id === "r-clear") {
    rate.prefix = "";
    rate.digits = "";
    numberChanged();
  } else if (button.dataset.rating) {
    rate.rating = Number(button.dataset.rating);
  } else if (button.dataset.payment) {
    const answer = button.dataset.payment === "true";
    rate.paymentAsked = rate.paymentAsked === answer ? null : answer; // a second tap: unanswered
  } else {
    return;
  }
  if (rate.message && !rate.wrongNumber) rate.message = null; // the citizen is at it again
  drawRating();
}

/** A touch on the rating screen: it goes back to the start a minute after the last one. */
function touched() {
  clearTimeout(rateIdleTimer);
  rateIdleTimer = setTimeout(() => {
    if (state.screen !== "rate") return;
    if (state.rate.sending) return touched(); // the answer decides
    backToStart();
  }, RATE_IDLE_MS);
}

// The status page's refusals, and one of the kiosk's own: a number not issued today.
const REFUSED = { ...REFUSALS, ticket_not_found: "feedback_not_found" };

async function sendRating() {
  if (!canSendRating()) return;
  const rate = state.rate; // replaced if the citizen leaves meanwhile
  const body = { number: typedNumber(), rating: rate.rating };
  if (rate.paymentAsked !== null) body.payment_asked = rate.paymentAsked;
  const record = { ...body, outcome: "sent", code: null };
  state.ratings.push(record);
  rate.sending = true;
  rate.message = null;
  drawRating();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
  let response = null;
  try {
    response = await fetch(`${config.api}/kiosks/${encodeURIComponent(state.device.name)}/feedback`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Kiosk-Key": state.device.key },
      body: JSON.stringify(body),
      signal: abort.signal,
    });
  } catch (error) {
    record.outcome = "network";
  } finally {
    clearTimeout(timer);
    rate.sending = false;
  }
  if (response !== null) {
    record.outcome = response.status;
    if (response.status !== 201) record.code = await errorCode(response);
  }
  if (state.rate !== rate || state.screen !== "rate") return; // gone back to the start meanwhile
  if (response === null) return refusedRating("feedback_offline");
  if (response.status === 201) return thanked();
  if (response.status === 403 && record.code === "kiosk_not_enrolled") {
    notEnrolled(); // revoked meanwhile: this kiosk sends no more ratings
    return problem("not_enrolled", false);
  }
  const known = REFUSED[record.code];
  rate.wrongNumber = record.code === "ticket_not_found";
  refusedRating(known || "feedback_failed");
}

function refusedRating(message) {
  state.rate.message = message;
  drawRating();
  touched();
}

function thanked() {
  clearTimeout(rateIdleTimer);
  state.rate = newRating();
  state.returnAt = Date.now() + THANKS_RETURN_S * 1000;
  state.secondsLeft = THANKS_RETURN_S;
  show("thanks");
  drawCountdown();
  countDown();
}

// ---- the printer -----------------------------------------------------------------------

function drawPrinter() {
  const enrolled = state.device !== null;
  $("not-enrolled").hidden = enrolled;
  $("c-not-enrolled").hidden = enrolled;
  $("printer-down").hidden = state.printerOk || !enrolled;
  $("c-printer-down").hidden = state.printerOk || !enrolled;
  $("c-slip").hidden = !state.printerOk || !enrolled;
  document.body.classList.toggle("printer-is-down", enrolled && !state.printerOk);
  document.body.dataset.enrolled = enrolled ? "yes" : "no";
  $("priority").hidden = !(enrolled && state.device.offers_priority);
  $("rate-open").hidden = !enrolled; // only an enrolled kiosk may send ratings
}

async function checkPrinter() {
  if (state.device === null) return; // nothing prints here
  try {
    const response = await fetch(`${config.api}/kiosks/${encodeURIComponent(state.device.name)}/printer`, {
      cache: "no-store",
    });
    if (!response.ok) return;
    state.printerOk = (await response.json()).printer.ok;
    drawPrinter();
  } catch (error) {
    // No answer: the next check tries again; a tap will say if the server is gone.
  }
}

// ---- which kiosk this is -------------------------------------------------------------------

function notEnrolled() {
  forgetKiosk(); // a revoked or unknown key never works again
  state.device = null;
  setPriority(false);
  drawPrinter();
}

/** Ask the server which kiosk the saved key belongs to (its name, whether it offers priority). */
async function checkEnrolment() {
  if (state.device === null) return;
  try {
    const response = await fetch(`${config.api}/kiosks/me`, {
      headers: { "X-Kiosk-Key": state.device.key },
      cache: "no-store",
    });
    if (response.status === 403) return notEnrolled();
    if (!response.ok) return;
    const { kiosk } = await response.json();
    state.device = { ...state.device, name: kiosk.name, offers_priority: kiosk.offers_priority };
    saveKiosk(state.device);
    drawPrinter();
  } catch (error) {
    // No answer: keep what was saved; the next check tries again.
  }
}

function setPriority(on) {
  state.priority = Boolean(on) && state.device !== null && state.device.offers_priority;
  $("priority").setAttribute("aria-pressed", state.priority ? "true" : "false");
  document.body.classList.toggle("priority-chosen", state.priority);
}

// ---- the connection (people waiting) ---------------------------------------------------

async function loadServices() {
  try {
    const response = await fetch(`${config.api}/services`, { cache: "no-store" });
    if (!response.ok) return;
    state.services = (await response.json()).services;
    for (const service of state.services) state.waiting[String(service.id)] = service.waiting;
    drawServices();
  } catch (error) {
    // Keep what is on screen.
  }
}

function connect() {
  state.socket = live("/kiosk", {
    delayMaxMs: 5000,
    wake: true,
    connected: (connected) => (state.connected = connected),
    on: {
      snapshot(snapshot) {
        state.snapshots += 1;
        state.waiting = { ...snapshot.waiting };
        drawWaiting();
        if (state.snapshots > 1) loadServices(); // back after a break: services may have changed
      },
      waiting(counts) {
        state.waiting = { ...counts };
        drawWaiting();
      },
    },
  });
}

// ---- start -----------------------------------------------------------------------------

$("services").addEventListener("click", onServiceTap);
$("sectors").addEventListener("click", (event) => {
  const chip = event.target.closest("button.sector");
  if (chip) $(chip.dataset.group).scrollIntoView({ behavior: "smooth", block: "start" });
});
$("lang").addEventListener("click", () => setLanguage($("lang").dataset.lang));
$("retry").addEventListener("click", retry);
$("cancel").addEventListener("click", backToStart);
$("done").addEventListener("click", backToStart);
$("priority").addEventListener("click", () => setPriority(!state.priority));
$("rate-open").addEventListener("click", openRating);
$("rate").addEventListener("click", onRateTap);
$("rate").addEventListener("pointerdown", () => state.screen === "rate" && touched());
$("t-done").addEventListener("click", backToStart);
// A kiosk has no keyboard and no right button; a long press must not open a menu.
document.addEventListener("contextmenu", (event) => event.preventDefault());

drawServices();
drawPrinter();
setPriority(false);
show("start");
fontsReady();
checkEnrolment().then(checkPrinter);
setInterval(checkPrinter, config.printerPollS * 1000);
setInterval(checkEnrolment, config.enrolmentPollS * 1000);
connect();
