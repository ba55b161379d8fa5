/* /admin/counters: the counters (GET /api/v1/admin/counters, which also lists the services a
 * counter can serve), adding one (POST) and changing one (PATCH …/<id>): its name, its services,
 * in use or not. A refused value's message goes next to its field (admin.js). For tests:
 * window.onewindowCounters.
 */
import { el, emptyRow } from "/base/static/dom.js";
import { $, api, both } from "/base/static/staff.js";
import { fontsReady } from "/base/static/fonts.js";
import { clearErrors, holdForm, showError } from "./admin.js";
import { chosenIds, drawServiceChoices } from "./choices.js";

const state = { counters: [], services: [], editing: null };
window.onewindowCounters = state;

const form = $("counter-form");
const release = holdForm(form);
const servicesBox = $("counter-services");

function serviceLabel(id) {
  const service = state.services.find((s) => s.id === id);
  return service ? service.prefix : `#${id}`;
}

function stateCell(counter) {
  const cell = el("td", "now");
  if (!counter.active) cell.append(both("out_of_use"));
  else if (counter.current_ticket) cell.append(both("on_ticket", { number: counter.current_ticket }));
  else if (counter.officer) cell.append(both(counter.paused ? "paused" : "open_by", { name: counter.officer }));
  else cell.append(both("closed"));
  return cell;
}

function drawTable() {
  const body = $("counters");
  body.replaceChildren();
  if (state.counters.length === 0) emptyRow(body, 5, both("none"));
  for (const counter of state.counters) {
    const row = el("tr", counter.active ? "" : "inactive");
    row.dataset.counterId = counter.id;
    const services = el("td", "services");
    if (counter.service_ids.length === 0) services.append(both("no_services"));
    for (const id of counter.service_ids) services.append(el("span", "chip", serviceLabel(id)));
    const active = el("td", "active");
    active.append(both(counter.active ? "yes" : "no"));
    const actions = el("td");
    const edit = el("button", "edit quiet");
    edit.type = "button";
    edit.dataset.counterId = counter.id;
    edit.append(both("change"));
    actions.append(edit);
    row.append(el("td", "name", counter.name), services, active, stateCell(counter), actions);
    body.append(row);
  }
}

/** The form for a new counter (`counter` null) or for changing one. */
function fillForm(counter) {
  clearErrors(form);
  state.editing = counter ? counter.id : null;
  $("form-title").replaceChildren(counter ? both("change_counter", { name: counter.name }) : both("add_counter"));
  $("counter-submit").replaceChildren(both(counter ? "save" : "add"));
  $("counter-cancel").hidden = !counter;
  $("counter-name").value = counter ? counter.name : "";
  $("counter-active").checked = counter ? counter.active : true;
  const chosen = counter ? counter.service_ids : [];
  drawServiceChoices(servicesBox, state.services, { chosen, kept: chosen });
}

async function load() {
  const answer = await api("GET", "/admin/counters");
  const problem = $("load-problem");
  problem.hidden = answer.ok;
  if (!answer.ok) {
    problem.replaceChildren(both("not_done"), document.createTextNode(" " + answer.error.message));
    return;
  }
  state.counters = answer.data.counters;
  state.services = answer.data.services;
  drawTable();
  if (state.editing === null) fillForm(null);
  release();
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  $("counter-saved").hidden = true;
  const body = {
    name: $("counter-name").value.trim(),
    service_ids: chosenIds(servicesBox),
    active: $("counter-active").checked,
  };
  const submit = $("counter-submit");
  submit.disabled = true;
  const answer =
    state.editing === null
      ? await api("POST", "/admin/counters", body)
      : await api("PATCH", `/admin/counters/${state.editing}`, body);
  submit.disabled = false;
  if (!answer.ok) return showError(form, answer.error);
  state.editing = null;
  await load();
  $("counter-saved").hidden = false;
}

function edit(event) {
  const button = event.target.closest("button.edit");
  if (!button) return;
  const counter = state.counters.find((c) => c.id === Number(button.dataset.counterId));
  if (!counter) return;
  $("counter-saved").hidden = true;
  fillForm(counter);
  $("counter-name").focus();
}

form.addEventListener("submit", save);
$("counter-cancel").addEventListener("click", () => fillForm(null));
$("counters").addEventListener("click", edit);
fontsReady();
load();
