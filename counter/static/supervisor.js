/* The supervisor's live view: every counter (open or paused, who works there, the current
 * ticket and for how long), every queue (waiting, oldest wait against its target), which
 * services each counter serves, calls out of order, and today's out-of-order report.
 *
 * Drawn from GET /api/v1/overview, read again (coalesced) whenever the /counter namespace
 * says something changed; times tick between reads. Guessing at a user's password from many
 * addresses (GET /api/v1/security/login-alerts, the last day's) shows above the report, read
 * again on each login_guessing event. Today's integrity signals (GET /api/v1/reports/integrity:
 * rushed services, long pauses, recalls and no-shows, out-of-order calls by officer, ratings
 * whose citizen said a payment was asked beyond the official fee) are read again after each
 * call, end or rating. The event log's hash chain (GET /api/v1/audit: when it was last
 * verified, intact or where it breaks) is read with the page and every five minutes; "Verify
 * now" verifies it (POST /api/v1/audit/verify). For tests: window.onewindowSupervisor.
 */
import { bilingual, el, fillList as fillItems } from "/base/static/dom.js";
import { fontsReady } from "/base/static/fonts.js";
import { $, api, both, clockTime, coalesce, connect, dateTime, duration, say } from "/base/static/staff.js";


const state = {
  overview: null, // {counters, queues}
  fetchedAt: 0, // performance.now() when the overview was read
  report: [],
  loginAlerts: [],
  signals: null,
  signalLoads: 0,
  audit: null, // {head, last_verified, last_anchor}
  auditLoads: 0,
  verifying: false,
  fetches: 0,
  loads: 0, // overviews drawn
  dialogCounterId: null,
  connected: false,
};
window.onewindowSupervisor = state;

/** The server's time now, in ms (a supervisor's laptop clock may be off). */
function serverNow() {
  const passed = performance.now() - state.fetchedAt;
  const queue = state.overview && state.overview.queues.find((q) => q.oldest_issued_at);
  if (!queue) return Date.now();
  return Date.parse(queue.oldest_issued_at) + queue.oldest_wait_s * 1000 + passed;
}

const services = () => new Map((state.overview ? state.overview.queues : []).map((q) => [q.service_id, q]));
const counterById = (id) => state.overview && state.overview.counters.find((c) => c.id === id);

// ---- reading ---------------------------------------------------------------------------

async function loadOverview() {
  const mine = ++state.fetches;
  const result = await api("GET", "/overview");
  if (mine !== state.fetches) return;
  if (!result.ok) {
    setTimeout(refreshSoon, 2000);
    return;
  }
  state.overview = result.data;
  state.fetchedAt = performance.now();
  state.loads += 1;
  drawCounters();
  drawQueues();
  if ($("call-dialog").open) fillTickets();
  tick();
}

async function loadReport() {
  const result = await api("GET", "/reports/out-of-order");
  if (!result.ok) return;
  state.report = result.data.calls;
  drawReport();
}

async function loadLoginAlerts() {
  const result = await api("GET", "/security/login-alerts");
  if (!result.ok) return;
  state.loginAlerts = result.data.alerts;
  drawLoginAlerts();
}

const refreshSoon = coalesce(loadOverview, 250);
const reportSoon = coalesce(loadReport, 500);
const loginAlertsSoon = coalesce(loadLoginAlerts, 500);
const signalsSoon = coalesce(loadSignals, 1000);

async function loadSignals() {
  const result = await api("GET", "/reports/integrity");
  if (!result.ok) return;
  state.signals = result.data;
  state.signalLoads += 1;
  drawSignals();
}

const AUDIT_REFRESH_MS = 5 * 60 * 1000;

async function loadAudit() {
  const result = await api("GET", "/audit");
  if (!result.ok) return showAuditError(result.error);
  showAuditError(null);
  state.audit = result.data;
  state.auditLoads += 1;
  drawAudit();
}

/** Verify the whole chain now; the server records the result, which is drawn. */
async function verifyNow() {
  if (state.verifying) return;
  state.verifying = true;
  drawVerifyButton();
  showAuditError(null);
  const result = await api("POST", "/audit/verify");
  state.verifying = false;
  drawVerifyButton();
  if (!result.ok) {
    showAuditError(result.error);
    // A long log may take longer than the page waits: the server still records its result.
    if (result.status === 0) setTimeout(loadAudit, 15000);
    return;
  }
  await loadAudit(); // the verification just recorded, as the server keeps it
}

// ---- drawing ---------------------------------------------------------------------------

/** A time that ticks: `seconds` as read from the server, plus what has passed since. */
function ticking(seconds, className) {
  const node = el("span", `ticking ${className || ""}`);
  node.dataset.base = seconds;
  return node;
}

function drawCounters() {
  const box = $("counters");
  box.replaceChildren();
  box.style.setProperty("--cols", state.overview.counters.length <= 4 ? 2 : 3);
  const byId = services();
  for (const counter of state.overview.counters) {
    const card = el("article", "panel counter-card");
    card.dataset.counterId = counter.id;
    card.classList.toggle("paused", counter.paused);

    const head = el("div", "card-head");
    head.append(el("h3", "", counter.name));
    const officer = el("span", "officer");
    officer.title = say("en", "officer_here");
    officer.append(el("strong", "", counter.officer ? counter.officer.username : "—"));
    head.append(officer);
    head.append(counter.paused ? both("paused", {}, "badge paused") : both("open", {}, "badge open"));
    card.append(head);

    const now = el("div", "card-current");
    const ticket = counter.current;
    if (ticket) {
      now.dataset.status = ticket.status;
      now.append(el("span", "number", ticket.number));
      const known = ["called", "serving"].includes(ticket.status);
      now.append(known ? both(ticket.status, {}, "status") : bilingual(ticket.status, ticket.status, "status"));
      now.append(ticking(counter.current_since_s, "since"));
    } else {
      now.dataset.status = "free";
      now.append(both("free", {}, "free"));
    }
    card.append(now);

    const chips = el("div", "chips");
    // The overview's queues are the active services: a deactivated one is left out.
    const offered = counter.service_ids.filter((id) => byId.has(id));
    for (const id of offered) {
      const service = byId.get(id);
      const chip = el("span", "chip", service.prefix);
      chip.title = `${service.name_en}\n${service.name_km}`;
      chips.append(chip);
    }
    if (!offered.length) chips.append(both("no_services", {}, "muted"));
    card.append(chips);

    const buttons = el("div", "card-buttons");
    const edit = el("button", "quiet edit-services");
    edit.type = "button";
    edit.append(both("services_button"));
    edit.addEventListener("click", () => openServices(counter.id));
    const call = el("button", "quiet call-out-of-order");
    call.type = "button";
    call.append(both("call_button"));
    call.disabled = Boolean(counter.paused || counter.current);
    call.title = call.disabled ? say("en", "must_be_free") : "";
    call.addEventListener("click", () => openCall(counter.id));
    buttons.append(edit, call);
    card.append(buttons);
    box.append(card);
  }
}

function drawQueues() {
  const body = $("queues");
  body.replaceChildren();
  let total = 0;
  // People waiting first (in the office's order), then the empty queues.
  const queues = state.overview.queues;
  for (const queue of [...queues.filter((q) => q.waiting), ...queues.filter((q) => !q.waiting)]) {
    total += queue.waiting;
    const row = el("tr", queue.waiting ? "" : "zero");
    row.dataset.serviceId = queue.service_id;
    row.dataset.targetS = queue.target_wait_min === null ? "" : queue.target_wait_min * 60;
    const prefix = el("td", "prefix-cell");
    prefix.append(el("span", "prefix", queue.prefix));
    const names = el("td", "names");
    const line = el("div");
    const km = el("span", "km", queue.name_km);
    km.lang = "km";
    km.title = queue.name_km;
    const en = el("span", "en", queue.name_en);
    en.lang = "en";
    en.title = queue.name_en;
    line.append(km, en);
    names.append(line);
    const oldest = el("td", "num oldest");
    if (queue.oldest_wait_s !== null) oldest.append(ticking(queue.oldest_wait_s));
    else oldest.textContent = "–";
    const minutes = queue.target_wait_min;
    const target = el("td", "num target", minutes === null ? "–" : say("en", "target_min", { n: minutes }));
    row.append(prefix, names, el("td", "num waiting-count", String(queue.waiting)), oldest, target);
    body.append(row);
  }
  $("waiting-total").textContent = `· ${total}`;
}

function drawReport() {
  const body = $("report");
  body.replaceChildren();
  for (const call of [...state.report].reverse()) {
    const row = el("tr");
    row.dataset.eventId = call.event_id;
    row.append(
      el("td", "time", clockTime(call.at)),
      el("td", "number", call.number),
      el("td", "", `${call.counter} · ${call.actor}`),
      el("td", "passed", call.passed_over.map((t) => t.number).join(", ")),
      el("td", "reason", call.reason || ""),
    );
    body.append(row);
  }
  $("report-empty").hidden = state.report.length > 0;
  $("report-total").textContent = state.report.length ? `· ${state.report.length}` : "";
}

function NONE() {
  const item = el("li", "empty");
  item.append(bilingual("គ្មាន", "None."));
  return item;
}

function fillList(id, items, line) {
  fillItems(id, items, line, NONE);
}

function drawSignals() {
  const found = state.signals;
  $("min-service").textContent = `${found.min_service_s} s`;
  $("long-pause").textContent = `${found.long_pause_min} min`;
  fillList("short-services", found.short_services, (t) =>
    `${clockTime(t.finished_at)} · ${t.number} · ${t.counter} · ${t.officer} · ${duration(t.service_s)}`,
  );
  fillList("long-pauses", found.long_pauses, (p) =>
    `${clockTime(p.from)}–${p.to ? clockTime(p.to) : "…"} · ${p.counter} · ${p.officer} · ${Math.round(p.minutes)} min`,
  );
  fillList("recalls", found.recalls_and_no_shows, (o) =>
    `${o.officer}: ${o.no_show} no-show / ${o.called} called · ${o.recalls} recalls`,
  );
  fillList("out-of-order-officers", found.out_of_order_by_officer, (o) =>
    `${o.officer}: ${o.calls} · ${Object.entries(o.reasons).map(([reason, n]) => `${reason} (${n})`).join(", ")}`,
  );
  // Text from the public (the comment): as text, never as markup.
  fillList("payment-asked", found.payment_asked || [], (r) =>
    [clockTime(r.at), r.number, r.counter || "–", r.officer || "–", `${r.rating}/5`, r.comment].filter(Boolean).join(" · "),
  );
}

function drawAudit() {
  const box = $("audit");
  const status = $("audit-status");
  const last = state.audit && state.audit.last_verified;
  status.removeAttribute("role");
  if (!last) {
    box.dataset.state = "never";
    status.replaceChildren(both("never_verified"));
  } else if (last.intact) {
    box.dataset.state = "intact";
    status.replaceChildren(both("verified_intact", { time: dateTime(last.at), n: last.events }));
  } else {
    box.dataset.state = "broken";
    status.setAttribute("role", "alert");
    const where = last.broken_seq === null || last.broken_seq === undefined
      ? both("log_broken_somewhere", {}, "broken-label")
      : both("log_broken", { seq: last.broken_seq }, "broken-label");
    status.replaceChildren(
      where,
      " ",
      el("span", "problem", last.problem || ""),
      " ",
      el("span", "verified-at", `(${dateTime(last.at)})`),
    );
  }
}

function drawVerifyButton() {
  const button = $("audit-verify");
  button.disabled = state.verifying;
  button.replaceChildren(both(state.verifying ? "verifying" : "verify_now"));
}

function showAuditError(error) {
  const box = $("audit-error");
  box.replaceChildren(...(error ? [both("not_done"), " ", el("span", "", error.message || "")] : []));
  box.hidden = !error;
}

function drawLoginAlerts() {
  const list = $("login-alert-list");
  list.replaceChildren();
  for (const alert of state.loginAlerts) {
    const item = el("li");
    item.dataset.eventId = alert.event_id;
    const values = { username: alert.username, attempts: alert.attempts, addresses: alert.addresses };
    item.append(el("span", "time", clockTime(alert.at)), " ", both("login_guessing", values));
    list.append(item);
  }
  $("login-alerts").hidden = state.loginAlerts.length === 0;
}

function tick() {
  const passed = (performance.now() - state.fetchedAt) / 1000;
  for (const node of document.querySelectorAll(".ticking")) {
    node.textContent = duration(Number(node.dataset.base) + passed);
  }
  for (const row of document.querySelectorAll("#queues tr")) {
    const node = row.querySelector(".ticking");
    const target = row.dataset.targetS === "" ? null : Number(row.dataset.targetS);
    const late = Boolean(node) && target !== null && Number(node.dataset.base) + passed > target;
    row.classList.toggle("late", late);
  }
}

// ---- which services a counter serves ----------------------------------------------------

function openServices(counterId) {
  const counter = counterById(counterId);
  if (!counter) return;
  state.dialogCounterId = counterId;
  $("services-counter").textContent = counter.name;
  $("services-error").textContent = "";
  const box = $("service-checks");
  box.replaceChildren();
  const serving = new Set(counter.service_ids);
  for (const queue of state.overview.queues) {
    const label = el("label", "service-check");
    const input = el("input");
    input.type = "checkbox";
    input.value = queue.service_id;
    input.checked = serving.has(queue.service_id);
    const text = el("span", "service-label");
    text.append(el("span", "prefix", queue.prefix), bilingual(queue.name_km, queue.name_en, "names"));
    label.append(input, text);
    box.append(label);
  }
  $("services-dialog").showModal();
}

async function saveServices(event) {
  event.preventDefault();
  const ids = [...document.querySelectorAll("#service-checks input:checked")].map((input) => Number(input.value));
  const save = $("services-save");
  save.disabled = true;
  const result = await api("PUT", `/counters/${state.dialogCounterId}/services`, { service_ids: ids });
  save.disabled = false;
  if (result.ok) {
    $("services-dialog").close();
    loadOverview();
  } else {
    $("services-error").textContent = result.error.message;
  }
}

// ---- a call out of order ---------------------------------------------------------------

function openCall(counterId) {
  const counter = counterById(counterId);
  if (!counter) return;
  state.dialogCounterId = counterId;
  $("call-counter").textContent = counter.name;
  $("call-error").textContent = "";
  $("call-reason").value = "";
  $("call-ticket").value = "";
  fillTickets();
  $("call-dialog").showModal();
}

/** The waiting tickets of the services this counter serves, in calling order. */
function fillTickets() {
  const select = $("call-ticket");
  const chosen = select.value;
  const counter = counterById(state.dialogCounterId);
  select.replaceChildren();
  const prompt = el("option", "", "—");
  prompt.value = "";
  select.append(prompt);
  if (!counter) return;
  const byId = services();
  for (const id of counter.service_ids) {
    const queue = byId.get(id);
    if (!queue || !queue.tickets.length) continue;
    const group = el("optgroup");
    group.label = `${queue.prefix} · ${queue.name_en}`;
    for (const ticket of queue.tickets) {
      const waited = (serverNow() - Date.parse(ticket.issued_at)) / 1000;
      const star = ticket.priority ? ` ${say("en", "priority")}` : "";
      const option = el("option", "", say("en", "waiting_for", { number: ticket.number, duration: duration(waited) }) + star);
      option.value = ticket.id;
      group.append(option);
    }
    select.append(group);
  }
  if ([...select.options].some((option) => option.value === chosen)) select.value = chosen;
  $("call-submit").disabled = select.options.length <= 1;
}

async function submitCall(event) {
  event.preventDefault();
  const ticketId = Number($("call-ticket").value);
  const reason = $("call-reason").value.trim();
  if (!ticketId || !reason) {
    const key = !ticketId ? "choose_ticket" : "reason_required";
    $("call-error").textContent = `${say("km", key)} · ${say("en", key)}`;
    return;
  }
  const submit = $("call-submit");
  submit.disabled = true;
  const result = await api("POST", `/counters/${state.dialogCounterId}/call`, { ticket_id: ticketId, reason });
  submit.disabled = false;
  if (result.ok) {
    $("call-dialog").close();
    loadOverview();
    loadReport();
  } else {
    $("call-error").textContent = result.error.message;
    loadOverview();
  }
}

// ---- start -----------------------------------------------------------------------------

for (const button of document.querySelectorAll("dialog [data-close]")) {
  button.addEventListener("click", () => button.closest("dialog").close());
}
$("services-form").addEventListener("submit", saveServices);
$("call-form").addEventListener("submit", submitCall);
$("audit-verify").addEventListener("click", verifyNow);

fontsReady();
setInterval(tick, 1000);
loadOverview();
loadReport();
loadLoginAlerts();
loadSignals();
loadAudit();
setInterval(loadAudit, AUDIT_REFRESH_MS);
// The whole office (no ?counter=): every counter's changes.
state.socket = connect({
  on: {
    snapshot: () => {
      refreshSoon();
      reportSoon();
      loginAlertsSoon();
      signalsSoon();
    },
    changed: (change) => {
      if (change.kind === "login_guessing") {
        loginAlertsSoon();
        return;
      }
      refreshSoon();
      if (change.kind === "called") reportSoon();
      const signalled = ["called", "finished", "no_show", "recalled", "paused", "resumed", "signed_out", "feedback_given"];
      if (signalled.includes(change.kind)) signalsSoon();
    },
    waiting: refreshSoon,
  },
  connected: (connected) => (state.connected = connected),
});
