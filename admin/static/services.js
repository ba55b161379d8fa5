/* /admin/services: the office's services (GET /api/v1/admin/services), adding one (POST) or
 * changing the one chosen in the table (PATCH …/<id>), deactivating and activating it, and
 * importing the list from CSV: "Check the file" is a dry run (?dry_run=1) that shows what would
 * be added, changed and deactivated, or each bad line; only "Confirm" writes.
 * For tests: window.onewindowServices.
 */
import { el, emptyRow } from "/base/static/dom.js";
import { $, api, both, config } from "/base/static/staff.js";
import { fontsReady } from "/base/static/fonts.js";
import { clearErrors, lines, showError } from "./admin.js";

const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
const state = { services: [], editing: null, checked: null, loads: 0 };
window.onewindowServices = state;

const form = $("service-form");
const importForm = $("import-form");

// ---- the table -------------------------------------------------------------------------

function fee(value) {
  return value === null ? both("not_published", {}, "muted") : document.createTextNode(value.toLocaleString("en"));
}

function draw() {
  const body = $("services");
  body.replaceChildren();
  if (!state.services.length) emptyRow(body, 9, both("none"));
  for (const service of state.services) {
    const row = el("tr", service.active ? "" : "inactive");
    row.dataset.serviceId = service.id;
    row.dataset.prefix = service.prefix;
    const prefix = el("td", "prefix", service.prefix);
    const name = el("td", "name");
    name.append(el("span", "km", service.name_km), el("span", "en", service.name_en));
    name.firstChild.lang = "km";
    name.lastChild.lang = "en";
    if (!service.active) name.append(both("inactive", {}, "state"));
    const group = el("td", "group");
    group.append(el("span", "km", service.group_km), el("span", "en", service.group_en));
    const money = el("td", "number fee");
    money.append(fee(service.fee_riel));
    const days = el("td", "number", service.processing_days ?? "–");
    const target = el("td", "number", service.target_wait_min);
    const position = el("td", "number", service.position);
    const waiting = el("td", "number waiting", service.waiting);
    const actions = el("td", "actions");
    actions.append(button("edit", "change", service), button("toggle", service.active ? "deactivate" : "activate", service));
    row.append(prefix, name, group, money, days, target, position, waiting, actions);
    body.append(row);
  }
}

function button(action, key, service) {
  const node = el("button", `quiet ${action}`);
  node.type = "button";
  node.dataset.action = action;
  node.dataset.serviceId = service.id;
  node.append(both(key));
  return node;
}

function listProblem(error) {
  const box = $("list-problem");
  box.replaceChildren(both("not_done"), document.createTextNode(" " + (error ? error.message : "")));
  box.hidden = !error;
}

async function load() {
  const answer = await api("GET", "/admin/services");
  if (!answer.ok) return listProblem(answer.error);
  state.services = answer.data.services;
  state.loads += 1;
  draw();
}

// ---- the form: add, or change the chosen service -------------------------------------------

const TEXT_FIELDS = ["name_km", "name_en", "group_km", "group_en"];
const NUMBER_FIELDS = ["fee_riel", "processing_days", "target_wait_min", "position"];
const input = (name) => form.elements.namedItem(name);

/** The form's values as the API takes them; the server checks them (and names a bad one). */
function formValues() {
  const body = {};
  for (const name of TEXT_FIELDS) body[name] = input(name).value.trim();
  const prefix = input("prefix").value.trim();
  if (prefix || !state.editing) body.prefix = prefix || null; // empty when adding: the first free one
  for (const name of NUMBER_FIELDS) {
    const text = input(name).value.trim();
    if (text) body[name] = Number(text);
    else if (name === "fee_riel" || name === "processing_days") body[name] = null; // not published
  }
  // A number input holds "" for what is no number at all: say so rather than drop it.
  for (const name of NUMBER_FIELDS) if (input(name).validity.badInput) body[name] = "?";
  body.active = input("active").checked;
  body.documents_km = lines(input("documents_km").value);
  body.documents_en = lines(input("documents_en").value);
  body.source_url = input("source_url").value.trim() || null;
  return body;
}

function fill(service) {
  for (const name of [...TEXT_FIELDS, "prefix"]) input(name).value = service ? service[name] : "";
  for (const name of NUMBER_FIELDS) input(name).value = service && service[name] !== null ? service[name] : "";
  if (!service) input("target_wait_min").value = 20;
  input("active").checked = service ? service.active : true;
  input("documents_km").value = service ? service.documents_km.join("\n") : "";
  input("documents_en").value = service ? service.documents_en.join("\n") : "";
  input("source_url").value = service && service.source_url ? service.source_url : "";
}

function startEditing(service) {
  state.editing = service ? service.id : null;
  clearErrors(form);
  fill(service);
  $("form-title").replaceChildren(service ? both("edit", { prefix: service.prefix }) : both("add"));
  $("service-cancel").hidden = !service;
  $("service-saved").hidden = true;
  if (service) form.scrollIntoView({ block: "start" });
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  $("service-saved").hidden = true;
  const submit = $("service-submit");
  submit.disabled = true;
  const answer = state.editing
    ? await api("PATCH", `/admin/services/${state.editing}`, formValues())
    : await api("POST", "/admin/services", formValues());
  submit.disabled = false;
  if (!answer.ok) return showError(form, answer.error);
  startEditing(null);
  $("service-saved").hidden = false;
  load();
}

async function onTableClick(event) {
  const target = event.target.closest("button[data-action]");
  if (!target) return;
  const service = state.services.find((s) => String(s.id) === target.dataset.serviceId);
  if (!service) return;
  if (target.dataset.action === "edit") return startEditing(service);
  if (service.active && !window.confirm(both("deactivate_confirm", { prefix: service.prefix }).textContent)) return;
  target.disabled = true;
  const answer = await api("PATCH", `/admin/services/${service.id}`, { active: !service.active });
  listProblem(answer.ok ? null : answer.error);
  load();
}

// ---- import: check (dry run), then confirm ------------------------------------------------

/** POST the chosen file as text/csv; resolves to {ok, status, data, error} like api(). */
async function upload(file, dryRun) {
  const path = `${config.api}/admin/services/import${dryRun ? "?dry_run=1" : ""}`;
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "text/csv", "X-CSRFToken": csrfToken },
      body: file,
      credentials: "same-origin",
      cache: "no-store",
    });
    const data = await response.json().catch(() => null);
    const error = data && data.error ? data.error : null;
    return { ok: response.ok, status: response.status, data, error };
  } catch (error) {
    return { ok: false, status: 0, data: null, error: { code: "network", message: String(error) } };
  }
}

function importProblem(error) {
  const box = importForm.querySelector(".problem");
  box.replaceChildren(both("not_done"), document.createTextNode(" " + (error ? error.message : "")));
  box.hidden = !error;
}

function chooseFileFirst() {
  const box = importForm.querySelector(".problem");
  box.replaceChildren(both("choose_file"));
  box.hidden = false;
}

function paragraph(className, content) {
  const node = el("p", className);
  node.append(content);
  return node;
}

function outcomeList(className, items, describe) {
  const list = el("ul", className);
  for (const item of items) list.append(el("li", "", describe(item)));
  return list;
}

function showOutcome(result, done) {
  const box = $("import-result");
  box.replaceChildren();
  box.hidden = false;
  if (result.errors.length) {
    box.append(paragraph("problem", both("file_errors")));
    const list = el("ul", "import-errors");
    list.id = "import-errors";
    for (const problem of result.errors) {
      const item = el("li");
      item.dataset.line = problem.line ?? "";
      const where = problem.line === null ? both("no_line") : both("line", { line: problem.line });
      item.append(where, document.createTextNode(": " + problem.message));
      list.append(item);
    }
    box.append(list);
    return;
  }
  const words = done
    ? { added: "added", changed: "changed", deactivated: "deactivated" }
    : { added: "would_add", changed: "would_change", deactivated: "would_deactivate" };
  if (done) box.append(paragraph("done", both("imported")));
  if (!result.added.length && !result.changed.length && !result.deactivated.length) {
    box.append(paragraph("nothing", both("nothing_changes")));
    return;
  }
  const named = (s) => `${s.prefix} · ${s.name_en}`;
  const sections = [
    ["added", result.added, named],
    ["changed", result.changed, (s) => `${named(s)}: ${s.changes.map(describeChange).join("; ")}`],
    ["deactivated", result.deactivated, named],
  ];
  for (const [key, items, describe] of sections) {
    const part = el("div", `outcome ${key}`);
    part.id = `import-${key}`;
    part.dataset.count = items.length;
    const title = el("h3");
    title.append(both(words[key], { n: items.length }));
    part.append(title);
    if (items.length) part.append(outcomeList("", items, describe));
    box.append(part);
  }
}

function describeChange(change) {
  const shown = (value) => (Array.isArray(value) ? value.join(" | ") : value === null ? "–" : String(value));
  return `${change.field} ${shown(change.before)} → ${shown(change.after)}`;
}

async function checkFile(event) {
  event.preventDefault();
  clearErrors(importForm);
  $("import-confirm").hidden = true;
  state.checked = null;
  const file = $("import-file").files[0];
  if (!file) return chooseFileFirst();
  $("import-check").disabled = true;
  const answer = await upload(file, true);
  $("import-check").disabled = false;
  if (answer.data && Array.isArray(answer.data.errors)) {
    showOutcome(answer.data, false);
    const changes = answer.data.added.length + answer.data.changed.length + answer.data.deactivated.length;
    if (answer.ok && changes) {
      state.checked = file;
      $("import-confirm").hidden = false;
    }
    return;
  }
  $("import-result").hidden = true;
  importProblem(answer.error);
}

async function confirmImport() {
  if (!state.checked) return;
  const confirmButton = $("import-confirm");
  confirmButton.disabled = true;
  const answer = await upload(state.checked, false);
  confirmButton.disabled = false;
  confirmButton.hidden = true;
  state.checked = null;
  if (answer.data && Array.isArray(answer.data.errors)) showOutcome(answer.data, answer.ok);
  else importProblem(answer.error);
  load();
}

form.addEventListener("submit", save);
$("service-cancel").addEventListener("click", () => startEditing(null));
$("services").addEventListener("click", onTableClick);
importForm.addEventListener("submit", checkFile);
$("import-confirm").addEventListener("click", confirmImport);
$("import-file").addEventListener("change", () => {
  $("import-confirm").hidden = true;
  $("import-result").hidden = true;
  state.checked = null;
});
fontsReady();
load();
