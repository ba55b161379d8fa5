/* /admin/displays: the named waiting-room TVs (GET /api/v1/admin/displays), adding one (POST)
 * and changing one (PATCH …/<id>): its name, the counters and services it shows, the languages
 * it speaks calls in, in use or not; and the address to open on the TV, to copy. The choices of
 * counters and services come from GET /api/v1/admin/counters. A refused value's message goes
 * next to its field (admin.js). For tests: window.onewindowDisplays.
 */
import { el, emptyRow } from "/base/static/dom.js";
import { $, api, both } from "/base/static/staff.js";
import { fontsReady } from "/base/static/fonts.js";
import { clearErrors, holdForm, showError } from "./admin.js";
import { chosenIds, drawCounterChoices, drawServiceChoices } from "./choices.js";

const state = { displays: [], counters: [], services: [], editing: null };
window.onewindowDisplays = state;

const form = $("display-form");
const release = holdForm(form);
const countersBox = $("display-counters");
const servicesBox = $("display-services");
const LANGUAGES = ["km", "en"];

function shows(display) {
  const cell = el("td", "shows");
  if (display.counter_ids.length === 0 && display.service_ids.length === 0) cell.append(both("all_counters"));
  for (const id of display.counter_ids) {
    const counter = state.counters.find((c) => c.id === id);
    cell.append(el("span", "chip counter", counter ? counter.name : `#${id}`));
  }
  for (const id of display.service_ids) {
    const service = state.services.find((s) => s.id === id);
    cell.append(el("span", "chip service", service ? service.prefix : `#${id}`));
  }
  return cell;
}

function languagesCell(display) {
  const cell = el("td", "languages");
  if (display.languages.length === 0) cell.append(both("office_languages"));
  display.languages.forEach((lang, i) => {
    if (i) cell.append(" · ");
    cell.append(both(`lang_${lang}`));
  });
  return cell;
}

function addressCell(display) {
  const cell = el("td");
  const box = el("div", "tv-address");
  const address = el("input", "tv-url");
  address.readOnly = true;
  address.value = display.url;
  address.lang = "en";
  const copy = el("button", "copy quiet");
  copy.type = "button";
  copy.dataset.url = display.url;
  copy.append(both("copy"));
  const open = el("a", "open", "↗");
  open.href = display.url;
  open.target = "_blank";
  open.rel = "noopener";
  box.append(address, copy, open);
  cell.append(box);
  return cell;
}

function drawTable() {
  const body = $("displays");
  body.replaceChildren();
  if (state.displays.length === 0) emptyRow(body, 6, both("none"));
  for (const display of state.displays) {
    const row = el("tr", display.active ? "" : "inactive");
    row.dataset.display = display.name;
    const name = el("td", "name", display.name);
    name.lang = "en";
    const active = el("td", "active");
    active.append(both(display.active ? "yes" : "no"));
    const actions = el("td");
    const edit = el("button", "edit quiet");
    edit.type = "button";
    edit.dataset.displayId = display.id;
    edit.append(both("change"));
    actions.append(edit);
    row.append(name, shows(display), languagesCell(display), active, addressCell(display), actions);
    body.append(row);
  }
}

/** The form for a new display (`display` null) or for changing one. */
function fillForm(display) {
  clearErrors(form);
  state.editing = display ? display.id : null;
  $("form-title").replaceChildren(display ? both("change_display", { name: display.name }) : both("add_display"));
  $("display-submit").replaceChildren(both(display ? "save" : "add"));
  $("display-cancel").hidden = !display;
  $("display-name").value = display ? display.name : "";
  $("display-active").checked = display ? display.active : true;
  for (const lang of LANGUAGES) $(`display-lang-${lang}`).checked = display ? display.languages.includes(lang) : false;
  drawCounterChoices(countersBox, state.counters, { chosen: display ? display.counter_ids : [] });
  const chosen = display ? display.service_ids : [];
  drawServiceChoices(servicesBox, state.services, { chosen, kept: chosen });
}

function problem(error) {
  const box = $("load-problem");
  box.hidden = !error;
  if (error) box.replaceChildren(both("not_done"), document.createTextNode(" " + error.message));
}

async function load() {
  const [displays, counters] = await Promise.all([api("GET", "/admin/displays"), api("GET", "/admin/counters")]);
  if (!displays.ok || !counters.ok) return problem(displays.error || counters.error);
  problem(null);
  state.displays = displays.data.displays;
  state.counters = counters.data.counters;
  state.services = counters.data.services;
  drawTable();
  if (state.editing === null) fillForm(null);
  release();
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  $("display-saved").hidden = true;
  const body = {
    name: $("display-name").value.trim(),
    counter_ids: chosenIds(countersBox),
    service_ids: chosenIds(servicesBox),
    languages: LANGUAGES.filter((lang) => $(`display-lang-${lang}`).checked),
    active: $("display-active").checked,
  };
  const submit = $("display-submit");
  submit.disabled = true;
  const answer =
    state.editing === null
      ? await api("POST", "/admin/displays", body)
      : await api("PATCH", `/admin/displays/${state.editing}`, body);
  submit.disabled = false;
  if (!answer.ok) return showError(form, answer.error);
  state.editing = null;
  await load();
  $("display-saved").hidden = false;
}

/** Copy a TV's address: the clipboard where the browser allows it (https, localhost), else
 * the address selected in its box, for Ctrl+C. */
async function copy(button) {
  const address = button.parentElement.querySelector("input.tv-url");
  try {
    await navigator.clipboard.writeText(button.dataset.url);
    button.replaceChildren(both("copied"));
  } catch (error) {
    address.focus();
    address.select();
  }
}

function onTableClick(event) {
  const copyButton = event.target.closest("button.copy");
  if (copyButton) return copy(copyButton);
  const button = event.target.closest("button.edit");
  if (!button) return;
  const display = state.displays.find((d) => d.id === Number(button.dataset.displayId));
  if (!display) return;
  $("display-saved").hidden = true;
  fillForm(display);
  $("display-name").focus();
}

form.addEventListener("submit", save);
$("display-cancel").addEventListener("click", () => fillForm(null));
$("displays").addEventListener("click", onTableClick);
fontsReady();
load();
