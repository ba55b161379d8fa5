/* /admin/history: the administration's changes (GET /api/v1/admin/history), newest first, a
 * page at a time ("Older changes" asks for the entries before the last shown), filtered by
 * kind. Times are the office's (the answer's at_local). For tests: window.onewindowHistory.
 */
import { el, emptyRow } from "/base/static/dom.js";
import { $, api, both } from "/base/static/staff.js";
import { fontsReady } from "/base/static/fonts.js";
import { showError } from "./admin.js";

const PAGE = 50;
const state = { entries: [], nextBefore: null, kind: "" };
window.onewindowHistory = state;

const HHMM = /^\d\d:\d\d$/;

/** A value as people read it: – for none, lists joined, an opening week day by day. */
function shown(value) {
  if (value === null || value === undefined || value === "") return "–";
  if (Array.isArray(value)) {
    if (value.length === 2 && value.every((v) => HHMM.test(v))) return value.join("–"); // a day's hours
    return value.map(shown).join(", ");
  }
  if (typeof value === "object") {
    return Object.entries(value)
      .map(([key, item]) => `${key} ${shown(item)}`)
      .join(", ");
  }
  return String(value);
}

function changesCell(entry) {
  const cell = el("td", "changes");
  const list = el("ul");
  for (const change of entry.changes) {
    const item = el("li");
    item.dataset.field = change.field;
    const before = el("span", "before", shown(change.before));
    const after = el("span", "after", shown(change.after));
    item.append(el("code", null, change.field), ": ", before, " → ", after);
    list.append(item);
  }
  for (const [key, value] of Object.entries(entry.notes || {})) {
    list.append(el("li", "note", `${key}: ${shown(value)}`));
  }
  cell.append(list);
  return cell;
}

function row(entry) {
  const tr = el("tr");
  tr.dataset.kind = entry.kind;
  tr.dataset.id = entry.id;
  const who = el("td", "who");
  if (entry.who) who.append(el("span", null, entry.who));
  else who.append(both("nobody"));
  const what = el("td", "what");
  what.append(both(entry.kind));
  if (entry.name) what.append(" ", el("strong", "name", entry.name));
  tr.append(el("td", "when", entry.at_local), who, what, changesCell(entry));
  return tr;
}

function draw() {
  const body = $("history");
  body.replaceChildren();
  if (state.entries.length === 0) emptyRow(body, 4, both("none"));
  for (const entry of state.entries) body.append(row(entry));
  $("older").hidden = state.nextBefore === null;
}

async function load(more = false) {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (state.kind) query.set("kind", state.kind);
  if (more && state.nextBefore) query.set("before", String(state.nextBefore));
  const answer = await api("GET", `/admin/history?${query}`);
  if (!answer.ok) return showError($("history-filter"), answer.error);
  state.entries = more ? [...state.entries, ...answer.data.entries] : answer.data.entries;
  state.nextBefore = answer.data.next_before;
  draw();
}

$("history-kind").addEventListener("change", (event) => {
  state.kind = event.target.value;
  load();
});
$("older").addEventListener("click", () => load(true));
fontsReady();
load();
