/* /admin/kiosks: the kiosks (GET /api/v1/admin/kiosks), enrolling one (POST: its one-time link
 * and QR code, shown once) and revoking one (POST …/revoke). For tests: window.onewindowKiosks.
 */
import { el } from "/base/static/dom.js";
import { $, api, both, clockTime } from "/base/static/staff.js";
import { fontsReady } from "/base/static/fonts.js";

const state = { kiosks: [], enrolment: null };
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
  if (state.kiosks.length === 0) {
    const row = el("tr");
    const cell = el("td");
    cell.colSpan = 5;
    cell.append(both("none"));
    row.append(cell);
    body.append(row);
  }
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
    const actions = el("td");
    if (kiosk.state !== "revoked") {
      const button = el("button", "revoke");
      button.type = "button";
      button.dataset.kiosk = kiosk.name;
      button.append(both("revoke"));
      actions.append(button);
    }
    row.append(name, stateCell, priority, when, actions);
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
$("kiosks").addEventListener("click", revoke);
fontsReady();
load();
