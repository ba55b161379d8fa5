/* /admin/kiosks: the kiosks (GET /api/v1/admin/kiosks), enrolling one (POST: its one-time link
 * and QR code, shown once), revoking one (POST …/revoke), and a kiosk's printer, paper and
 * priority (PATCH …/<name>; a refused value's message next to its field). For tests:
 * window.onewindowKiosks.
 */
import { el, emptyRow } from "/base/static/dom.js";
import { $, api, both, clockTime } from "/base/static/staff.js";
import { fontsReady } from "/base/static/fonts.js";
import { clearErrors, showError } from "./admin.js";

const state = { kiosks: [], enrolment: null, editing: null };
window.onewindowKiosks = state;

function problem(error) {
  const box = $("problem");
  box.replaceChildren(both("not_done"), document.createTextNode(" " + (error ? error.message : "")));
  box.hidden = !error;
}

function since(kiosk) {
  const iso = kiosk.revoked_at || kiosk.enrolled_at || kiosk.created_at;
  return `${iso.slice(0, 10)} ${clockTime(iso)}`;
}

function draw() {
  const body = $("kiosks");
  body.replaceChildren();
  if (state.kiosks.length === 0) emptyRow(body, 7, both("none"));
  for (const kiosk of state.kiosks) {
    const row = el("tr");
    row.dataset.kiosk = kiosk.name;
    row.dataset.state = kiosk.state;
    const name = el("td", "name", kiosk.name);
    name.lang = "en";
    const stateCell = el("td", `state ${kiosk.state}`);
    stateCell.append(both(kiosk.state));
    const priority = el("td");
    priority.append(both(kiosk.offers_priority ? "yes" : "no"));
    const when = el("td", "since", since(kiosk));
    const printer = el("td", "printer", kiosk.printer_in_use);
    printer.lang = "en";
    if (!kiosk.printer) printer.append(" ", both("default_printer", undefined, "note"));
    const paper = el("td", "paper");
    if (kiosk.paper_width_mm) paper.textContent = `${kiosk.paper_width_mm} mm`;
    else paper.append(both("paper_default"));
    const actions = el("td");
    const change = el("button", "change quiet");
    change.type = "button";
    change.dataset.kiosk = kiosk.name;
    change.append(both("change"));
    actions.append(change);
    if (kiosk.state !== "revoked") {
      const button = el("button", "revoke");
      button.type = "button";
      button.dataset.kiosk = kiosk.name;
      button.append(both("revoke"));
      actions.append(button);
    }
    row.append(name, stateCell, priority, when, printer, paper, actions);
    body.append(row);
  }
}

async function load() {
  const answer = await api("GET", "/admin/kiosks");
  if (!answer.ok) return problem(answer.error);
  state.kiosks = answer.data.kiosks;
  draw();
}

async function enrol(event) {
  event.preventDefault();
  const button = $("enrol-button");
  button.disabled = true;
  const answer = await api("POST", "/admin/kiosks", {
    name: $("kiosk-name").value.trim(),
    offers_priority: $("kiosk-priority").checked,
  });
  button.disabled = false;
  if (!answer.ok) return problem(answer.error);
  problem(null);
  state.enrolment = answer.data;
  const { kiosk, link, qr_svg: qr, expires_at: expiresAt } = answer.data;
  $("link-for").replaceChildren(both("link_for", { name: kiosk.name, time: clockTime(expiresAt) }));
  $("enrol-link").textContent = link;
  $("enrol-link").href = link;
  $("enrol-qr").src = qr;
  $("enrolment").hidden = false;
  $("enrol-form").reset();
  load();
}

/** The form of a kiosk's printer, paper and priority (null: closed). */
function editPrinter(kiosk) {
  const form = $("printer-form");
  clearErrors(form);
  state.editing = kiosk ? kiosk.name : null;
  $("printer-panel").hidden = !kiosk;
  if (!kiosk) return;
  $("printer-title").replaceChildren(both("change_kiosk", { name: kiosk.name }));
  $("kiosk-printer").value = kiosk.printer || "";
  $("kiosk-paper").value = kiosk.paper_width_mm ? String(kiosk.paper_width_mm) : "";
  $("kiosk-edit-priority").checked = kiosk.offers_priority;
  $("kiosk-printer").focus();
}

async function savePrinter(event) {
  event.preventDefault();
  const form = $("printer-form");
  clearErrors(form);
  const printer = $("kiosk-printer").value.trim();
  const paper = $("kiosk-paper").value;
  const body = {
    printer: printer || null, // empty: the office's default printer
    paper_width_mm: paper ? Number(paper) : null,
    offers_priority: $("kiosk-edit-priority").checked,
  };
  const submit = $("printer-submit");
  submit.disabled = true;
  const answer = await api("PATCH", `/admin/kiosks/${encodeURIComponent(state.editing)}`, body);
  submit.disabled = false;
  if (!answer.ok) return showError(form, answer.error);
  editPrinter(null);
  $("printer-saved").hidden = false;
  load();
}

function onTableClick(event) {
  const change = event.target.closest("button.change");
  if (change) {
    $("printer-saved").hidden = true;
    return editPrinter(state.kiosks.find((k) => k.name === change.dataset.kiosk));
  }
  return revoke(event);
}

async function revoke(event) {
  const button = event.target.closest("button.revoke");
  if (!button) return;
  const name = button.dataset.kiosk;
  const kiosk = state.kiosks.find((k) => k.name === name);
  if (!kiosk || !window.confirm(`${both("revoke_confirm", { name }).textContent}`)) return;
  button.disabled = true;
  const answer = await api("POST", `/admin/kiosks/${encodeURIComponent(name)}/revoke`);
  if (!answer.ok) problem(answer.error);
  load();
}

$("enrol-form").addEventListener("submit", enrol);
$("kiosks").addEventListener("click", onTableClick);
$("printer-form").addEventListener("submit", savePrinter);
$("printer-cancel").addEventListener("click", () => editPrinter(null));
fontsReady();
load();
