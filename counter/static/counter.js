/* The officer's counter screen: call, serve, finish, with the current ticket's running timer,
 * the people waiting for this counter's services and the officer's figures for today.
 *
 * The server is the one source of truth. What the screen shows of the counter always comes
 * from GET /api/v1/counters/<id>: after every action (whatever its answer, even none), and
 * whenever the /counter namespace (?counter=<id>: this counter's and its services' changes only)
 * says this counter changed (another tab, a supervisor), and from its snapshot on every
 * (re)connect. Which buttons work is the server's word too: the counter's `allowed_actions`.
 * While a request is in flight every button is off, so a double click or a held key sends
 * one request; the server itself refuses a second current ticket (409 counter_busy).
 *
 * An officer works at one counter, the one they are signed in at (the counter's `officer`):
 * opening a counter nobody works at signs in there (POST /counters/<id>/sign-in) before the
 * screen shows it. A counter another officer works at is shown with their name, its buttons
 * off (the server would answer 403 not_your_counter), and a Take over button that works once
 * the counter is free (no called or serving ticket). Supervisors' buttons work anywhere.
 *
 * For tests: window.onewindowCounter (the state), with `posts` counting the changes sent
 * (the automatic sign-in on opening a counter is not one: `signIns` counts those).
 */
import { bilingual, el } from "/base/static/dom.js";
import { fontsReady } from "/base/static/fonts.js";
import { $, api, both, coalesce, config, connect, duration, say, typing } from "/base/static/staff.js";

const STORAGE_KEY = "onewindow.counter";
const RETRY_MS = 2000;
const ACTS_ANYWHERE = ["supervisor", "admin"].includes(config.user.role);

const state = {
  counters: [], // GET /counters: {id, name, service_ids}
  services: new Map(), // service id -> service
  counterId: null,
  opening: false, // a counter was chosen: signing in there before showing it
  counter: null, // the chosen counter's state, as the server last said
  stale: true, // the state shown may be out of date (a refresh failed or is due)
  sinceBase: null, // performance.now() at which the current ticket was called / started
  waiting: {}, // service id (string) -> people waiting
  me: null,
  busy: false, // a change is in flight
  refreshAfterBusy: false,
  unreachable: false, // the last read of the counter failed
  fetches: 0,
  posts: 0,
  signIns: 0,
  snapshots: 0,
  connected: false,
};
window.onewindowCounter = state;

// The words of a current ticket's status, and of its timer.
const SINCE = { called: "since_called", serving: "since_started" };

// ---- the counter -----------------------------------------------------------------------

function storedCounterId() {
  const id = Number(localStorage.getItem(STORAGE_KEY));
  return Number.isInteger(id) && id > 0 ? id : null;
}

function chooseCounter(id) {
  localStorage.setItem(STORAGE_KEY, String(id));
  $("chooser").close();
  showMessage("");
  openCounter(id);
}

/** Show counter `id`: sign in there first if nobody works at it, then read it and hear its
 * changes. Until then nothing else draws it (an older read or news of another counter). */
async function openCounter(id) {
  state.counterId = id;
  state.counter = null;
  state.stale = true;
  state.opening = true;
  if (state.socket) state.socket.disconnect();
  render();
  const read = await api("GET", `/counters/${id}`);
  if (read.ok && !read.data.counter.officer) {
    state.signIns += 1;
    const signed = await api("POST", `/counters/${id}/sign-in`);
    if (!signed.ok) showMessage(bilingual(say("km", "not_done"), signed.error.message), "error");
  }
  if (state.counterId !== id) return; // another counter was chosen meanwhile
  state.opening = false;
  refreshCounter();
  listen(); // this counter's changes only
}

/** Whether the user works at the shown counter (its officer). */
function atMyCounter() {
  const officer = state.counter && state.counter.officer;
  return Boolean(officer) && officer.id === config.user.id;
}

/** Read the counter's state from the server; the latest answer wins. */
async function refreshCounter() {
  if (!state.counterId || state.opening) return;
  const mine = ++state.fetches;
  const result = await api("GET", `/counters/${state.counterId}`);
  if (mine !== state.fetches) return; // a newer read is on its way
  if (result.ok) {
    applyCounter(result.data.counter);
    if (state.unreachable) showMessage(""); // the server answers again
    state.unreachable = false;
  } else if (result.status === 404) {
    localStorage.removeItem(STORAGE_KEY);
    state.counterId = null;
    state.counter = null;
    openChooser();
  } else {
    state.stale = true;
    state.unreachable = true;
    showMessage(bilingual(say("km", "unreachable"), result.error.message), "error");
    setTimeout(() => state.stale && refreshCounter(), RETRY_MS);
  }
  render();
}

function applyCounter(counter) {
  state.counter = counter;
  state.stale = false;
  // Timed from the server's figure, so a laptop whose clock is off still counts right.
  state.sinceBase = counter.current ? performance.now() - counter.current_since_s * 1000 : null;
}

const refreshSoon = coalesce(() => {
  if (state.busy) state.refreshAfterBusy = true; // after the action's own read
  else refreshCounter();
}, 60);

async function loadMe() {
  const result = await api("GET", "/me");
  if (result.ok) {
    state.me = result.data.today;
    renderMe();
  }
}
const loadMeSoon = coalesce(loadMe, 300);

async function loadLists() {
  const [counters, services] = await Promise.all([api("GET", "/counters"), api("GET", "/services")]);
  if (counters.ok) state.counters = counters.data.counters;
  if (services.ok) state.services = new Map(services.data.services.map((s) => [s.id, s]));
  if (services.ok && !Object.keys(state.waiting).length) {
    state.waiting = Object.fromEntries(services.data.services.map((s) => [String(s.id), s.waiting]));
  }
  return counters.ok && services.ok;
}

// ---- actions ---------------------------------------------------------------------------

/** Whether the server would take `action` now, as it last said (allowed_actions); the P
 * button is "pause" or "resume", whichever the counter allows. */
function allowed(action) {
  const counter = state.counter;
  if (!counter || state.busy || state.stale) return false;
  if (!atMyCounter() && !ACTS_ANYWHERE) return false; // the server would say 403
  const actions = counter.allowed_actions || [];
  return action === "pause" ? actions.includes("pause") || actions.includes("resume") : actions.includes(action);
}

function act(action) {
  if (!allowed(action)) return;
  const counter = state.counter;
  const ticket = counter.current;
  if (action === "transfer") {
    openTransfer(ticket);
  } else if (action === "next") {
    send(`/counters/${counter.id}/next`, undefined, (data) =>
      data.ticket ? "" : both("nobody_waiting"),
    );
  } else if (action === "pause") {
    send(`/counters/${counter.id}/${counter.allowed_actions.includes("resume") ? "resume" : "pause"}`);
  } else {
    send(`/tickets/${ticket.id}/${action}`, undefined, () => {
      if (action === "no-show") loadMeSoon();
      if (action === "finish") loadMeSoon();
      return "";
    });
  }
}

/** POST a change, then show what the server says, whatever happened. */
async function send(path, body, onOk) {
  state.busy = true;
  state.posts += 1;
  render();
  const result = await api("POST", path, body);
  if (result.ok) {
    const said = onOk ? onOk(result.data) : "";
    showMessage(said, said ? "info" : "");
  } else {
    showMessage(bilingual(say("km", "not_done"), result.error.message), "error");
  }
  await refreshCounter();
  state.busy = false;
  if (state.refreshAfterBusy) {
    state.refreshAfterBusy = false;
    refreshCounter();
  }
  render();
}

// ---- dialogs ---------------------------------------------------------------------------

function serviceLabel(service, withNames = true) {
  const box = el("span", "service-label");
  box.append(el("span", "prefix", service.prefix));
  if (withNames) box.append(bilingual(service.name_km, service.name_en, "names"));
  return box;
}

function openChooser() {
  const box = $("counter-choices");
  box.replaceChildren();
  for (const counter of state.counters) {
    const button = el("button", "choice");
    button.type = "button";
    button.dataset.counterId = counter.id;
    button.append(el("span", "choice-name", counter.name));
    // A deactivated service is no longer offered (GET /services): it is left out.
    const offered = counter.service_ids.filter((id) => state.services.has(id));
    const prefixes = offered.map((id) => state.services.get(id).prefix).join(" ");
    button.append(el("span", "choice-detail", prefixes));
    if (counter.id === state.counterId) button.classList.add("chosen");
    button.addEventListener("click", () => chooseCounter(counter.id));
    box.append(button);
  }
  $("chooser-close").hidden = !state.counterId;
  if (!$("chooser").open) $("chooser").showModal();
}

function openTransfer(ticket) {
  $("transfer-number").textContent = ticket.number;
  const box = $("transfer-choices");
  box.replaceChildren();
  for (const service of state.services.values()) {
    if (service.id === ticket.service_id) continue;
    const button = el("button", "choice service");
    button.type = "button";
    button.dataset.serviceId = service.id;
    button.append(serviceLabel(service));
    button.addEventListener("click", () => {
      $("transfer").close();
      if (!allowed("transfer") || state.counter.current.id !== ticket.id) return;
      send(`/tickets/${ticket.id}/transfer`, { service_id: service.id }, () =>
        bilingual(
          say("km", "transferred", { number: ticket.number, service: service.name_km }),
          say("en", "transferred", { number: ticket.number, service: `${service.prefix} · ${service.name_en}` }),
        ),
      );
    });
    box.append(button);
  }
  $("transfer").showModal();
  const first = box.querySelector("button");
  if (first) first.focus();
}

// ---- drawing ---------------------------------------------------------------------------

/** A message under the ticket: a node (words in both languages), a text, or "" for none. */
function showMessage(message, kind) {
  const box = $("message");
  box.replaceChildren();
  box.className = "message " + (kind || "");
  if (message) box.append(message);
}

function render() {
  const counter = state.counter;
  document.body.classList.toggle("busy", state.busy);
  $("counter-name").textContent = counter ? counter.name : "—";
  $("paused-badge").hidden = !(counter && counter.paused);
  document.body.classList.toggle("paused", Boolean(counter && counter.paused));
  for (const button of document.querySelectorAll("[data-action]")) {
    button.disabled = !allowed(button.dataset.action);
  }
  const ticket = counter && counter.current;
  $("current").dataset.status = ticket ? ticket.status : "none";
  $("number").textContent = ticket ? ticket.number : "";
  drawIdle(counter, ticket);
  drawHolder(counter);
  const service = ticket && state.services.get(ticket.service_id);
  $("ticket-service-km").textContent = service ? service.name_km : "";
  $("ticket-service-en").textContent = service ? service.name_en : "";
  const status = $("ticket-status");
  status.replaceChildren();
  if (ticket && SINCE[ticket.status]) status.append(both(ticket.status));
  tick();
  renderWaiting();
}

/** What to do when the counter holds no ticket. */
function drawIdle(counter, ticket) {
  const idle = $("idle");
  idle.replaceChildren();
  if (!counter || ticket) return;
  idle.append(both(counter.paused ? "idle_paused" : "idle"));
}

/** Whose counter this is, when it is not the user's: the holder, and taking it over. */
function drawHolder(counter) {
  const box = $("holder");
  box.hidden = !counter || atMyCounter();
  if (box.hidden) return;
  const holder = counter.officer;
  $("holder-name").textContent = holder ? holder.username : "";
  $("holder-other").hidden = !holder;
  $("holder-nobody").hidden = Boolean(holder);
  box.querySelector(".when-held").hidden = !holder;
  box.querySelector(".when-nobody").hidden = Boolean(holder);
  const free = !counter.current;
  $("holder-busy").hidden = !holder || free;
  $("btn-sign-in").disabled = state.busy || state.stale || (Boolean(holder) && !free);
}

function tick() {
  const ticket = state.counter && state.counter.current;
  const timer = $("timer");
  if (!ticket || state.sinceBase === null) {
    timer.textContent = "";
    return;
  }
  const since = SINCE[ticket.status];
  const seconds = (performance.now() - state.sinceBase) / 1000;
  timer.textContent = since ? `${duration(seconds)} ${say("en", since)}` : duration(seconds);
  timer.title = since ? say("km", since) : "";
}

function renderWaiting() {
  const list = $("waiting");
  list.replaceChildren();
  const ids = state.counter ? state.counter.service_ids : [];
  let total = 0;
  for (const id of ids) {
    const service = state.services.get(id);
    if (!service) continue;
    const count = state.waiting[String(id)] || 0;
    total += count;
    const row = el("li", count ? "" : "zero");
    row.dataset.serviceId = id;
    row.append(serviceLabel(service), el("span", "count", String(count)));
    list.append(row);
  }
  $("waiting-total").textContent = state.counter ? `· ${total}` : "";
}

function renderMe() {
  const me = state.me;
  $("me-served").textContent = me ? String(me.served) : "–";
  $("me-no-show").textContent = me ? String(me.no_show) : "–";
  $("me-mean").textContent = me && me.mean_service_s !== null ? duration(me.mean_service_s) : "–";
}

// ---- live updates ----------------------------------------------------------------------

function onSnapshot(snapshot) {
  if (state.opening) return; // the chosen counter's own connection follows
  state.snapshots += 1;
  state.waiting = { ...state.waiting, ...snapshot.waiting };
  // Whatever happened while cut off: the counter as the server says it now.
  const mine = (snapshot.counters || []).find((counter) => counter.id === state.counterId);
  if (mine && !state.busy) {
    state.fetches += 1; // an older read still on its way must not win
    applyCounter(mine);
  } else {
    refreshCounter();
  }
  loadMeSoon();
  render();
}

function onChanged(change) {
  const current = state.counter && state.counter.current;
  const mine = change.counter_id === state.counterId || (current && change.ticket_id === current.id);
  if (!mine) return;
  refreshSoon();
  if (["finished", "no_show", "transferred"].includes(change.kind)) loadMeSoon();
}

function onWaiting(counts) {
  state.waiting = { ...state.waiting, ...counts };
  renderWaiting();
}

/** The /counter namespace for the chosen counter (again when another is chosen; the whole
 * office while none is). */
function listen() {
  if (state.socket) state.socket.disconnect();
  state.socket = connect({
    query: state.counterId ? { counter: String(state.counterId) } : {},
    on: { snapshot: onSnapshot, changed: onChanged, waiting: onWaiting },
    connected: (connected) => (state.connected = connected),
  });
}

// ---- keyboard --------------------------------------------------------------------------

const KEYS = {};
for (const button of document.querySelectorAll("[data-action]")) KEYS[button.dataset.key] = button;

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
  if (typing(event)) return;
  if (document.querySelector("dialog[open]")) return; // a dialog has the keyboard
  const button = KEYS[event.key.toLowerCase()];
  if (!button) return;
  event.preventDefault();
  if (!button.disabled) button.click();
});

for (const button of document.querySelectorAll("[data-action]")) {
  button.addEventListener("click", () => act(button.dataset.action));
}
$("change-counter").addEventListener("click", openChooser);
$("btn-sign-in").addEventListener("click", () => {
  if (state.counter && !state.busy) send(`/counters/${state.counter.id}/sign-in`);
});
$("chooser").addEventListener("cancel", (event) => {
  if (!state.counterId) event.preventDefault(); // a screen without a counter can do nothing
});

// ---- start -----------------------------------------------------------------------------

async function start() {
  fontsReady();
  render();
  renderMe();
  setInterval(tick, 250);
  while (!(await loadLists())) {
    showMessage(both("retrying"), "error");
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
  showMessage("");
  const stored = storedCounterId();
  if (stored && state.counters.some((c) => c.id === stored)) {
    openCounter(stored);
  } else {
    localStorage.removeItem(STORAGE_KEY);
    openChooser();
    listen();
  }
  loadMe();
}

start();
