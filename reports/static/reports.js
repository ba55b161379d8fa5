/* /reports: the period (today, this week, this month or a range of office-local days) and the
 * filters become the query of GET /api/v1/reports/summary; its answer fills the tables, the
 * charts (SVG drawn here: no library, nothing inline that the CSP refuses) and the export links.
 * Services, counters and officers carry the citizens' ratings (count, mean, share who said a
 * payment was asked beyond the official fee). The integrity signals (GET
 * /api/v1/reports/integrity) and the citizens' comments (GET /api/v1/reports/feedback, the same
 * period and filters; text from the public, always written as text) follow each load.
 * For tests: window.onewindowReports ({loads, summary, query, signalled, commented}).
 */
import { el, emptyRow, fillList as fillItems } from "/base/static/dom.js";
import { $, api, both, config, dateTime, duration } from "/base/static/staff.js";
import { fontsReady } from "/base/static/fonts.js";

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const FIGURES = ["issued", "served", "no_show", "cancelled", "transferred"];
const DURATIONS = ["wait", "walk", "service_time"];
const DURATION_FIELD = { wait: "wait_s", walk: "walk_s", service_time: "service_s" };
const STATS = ["mean", "p50", "p90", "max"];
const SVG = "http://www.w3.org/2000/svg";

const state = { loads: 0, summary: null, query: "" };
window.onewindowReports = state;

/* ---- the period and the filters ---------------------------------------------------------- */

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function addDays(day, n) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return isoDay(date);
}

/** [from, to] of the chosen period; this week and this month run to today. */
function period() {
  const today = config.today;
  const chosen = document.querySelector('input[name="period"]:checked').value;
  if (chosen === "this_week") {
    const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
    return [addDays(today, -weekday), today];
  }
  if (chosen === "this_month") return [`${today.slice(0, 8)}01`, today];
  if (chosen === "range") return [$("from").value || today, $("to").value || today];
  return [today, today];
}

function query(first, last) {
  const params = new URLSearchParams({ from: first, to: last });
  for (const name of ["group", "service", "counter", "officer"]) {
    const value = $(name).value;
    if (value) params.set(name, value);
  }
  return params.toString();
}

function fillChoices() {
  const option = (value, label) => {
    const node = el("option", null, label);
    node.value = String(value);
    return node;
  };
  $("group").append(...config.groups.map((g) => option(g.en, `${g.km} · ${g.en}`)));
  $("service").append(...config.services.map((s) => option(s.id, `${s.prefix} · ${s.name_km} · ${s.name_en}`)));
  $("counter").append(...config.counters.map((c) => option(c.id, c.name)));
  $("officer").append(...config.officers.map((o) => option(o.id, o.username)));
}

function showPeriod() {
  const [first, last] = period();
  $("from").value = first;
  $("to").value = last;
  const range = document.querySelector('input[name="period"]:checked').value === "range";
  $("from").disabled = !range;
  $("to").disabled = !range;
}

/* ---- tables -------------------------------------------------------------------------------- */

const percent = (share) => (share === null || share === undefined ? "–" : `${Math.round(share * 100)}%`);

function numberCell(value, className = "num") {
  return el("td", className, value === null || value === undefined ? "–" : String(value));
}

function durationCells(figures) {
  return STATS.map((stat) => numberCell(duration(figures ? figures[stat] : null)));
}

const RATED = ["services", "counters", "officers"];
const SATISFACTION = ["ratings", "mean_rating", "payment_asked_share"];
const NONE = "—";

/** 3.456 -> "3.5 / 5" */
const meanRating = (mean) => (mean === null || mean === undefined ? NONE : `${mean.toFixed(1)} / 5`);

/** 0.5 of 4 answers -> "50 % (2/4)" */
function paymentShare(s) {
  if (!s || s.payment_asked_share === null || s.payment_asked_share === undefined) return NONE;
  return `${Math.round(s.payment_asked_share * 100)} % (${s.payment_asked}/${s.payment_answers})`;
}

function satisfactionCells(s) {
  const ratings = el("td", "num ratings", s ? String(s.ratings) : NONE);
  const mean = el("td", "num rating-mean", meanRating(s ? s.mean : null));
  const share = el("td", "num payment-share", paymentShare(s));
  if (s && s.payment_asked) share.classList.add("asked");
  return [ratings, mean, share];
}

function satisfactionHead(top, second) {
  const group = el("th", "group-head");
  group.colSpan = SATISFACTION.length;
  group.append(both("satisfaction"));
  top.append(group);
  for (const key of SATISFACTION) {
    const cell = el("th", "num stat");
    cell.append(both(key));
    if (key === "payment_asked_share") cell.title = both("payment_asked_hint").textContent;
    second.append(cell);
  }
}

function figuresHead(nameKey, rated) {
  const top = el("tr");
  const name = el("th");
  name.rowSpan = 2;
  name.append(both(nameKey));
  top.append(name);
  for (const key of FIGURES) {
    const cell = el("th", "num");
    cell.rowSpan = 2;
    cell.append(both(key));
    top.append(cell);
  }
  for (const key of DURATIONS) {
    const cell = el("th", "group-head");
    cell.colSpan = STATS.length;
    cell.append(both(key));
    top.append(cell);
  }
  const target = el("th", "num");
  target.rowSpan = 2;
  target.append(both("within_target"));
  top.append(target);
  const second = el("tr");
  for (let i = 0; i < DURATIONS.length; i++) {
    for (const stat of STATS) second.append(el("th", "num stat", stat));
  }
  if (rated) satisfactionHead(top, second);
  return [top, second];
}

function figuresRow(nameCell, row, rated) {
  const tr = el("tr");
  tr.append(nameCell);
  for (const key of FIGURES) tr.append(numberCell(row[key]));
  for (const key of DURATIONS) tr.append(...durationCells(row[DURATION_FIELD[key]]));
  tr.append(numberCell(percent(row.within_target)));
  if (rated) tr.append(...satisfactionCells(row.satisfaction));
  return tr;
}

function nameCell(...parts) {
  const cell = el("td", "name");
  parts.filter(Boolean).forEach((part, i) => {
    if (i) cell.append(" ");
    cell.append(typeof part === "string" ? el("span", null, part) : part);
  });
  return cell;
}

const COLUMNS = 1 + FIGURES.length + DURATIONS.length * STATS.length + 1;

const DIMENSIONS = {
  services: {
    head: "service",
    id: (row) => row.service_id,
    name: (row) => nameCell(el("strong", null, row.prefix), el("span", "km", row.name_km), row.name_en),
  },
  counters: { head: "counter", id: (row) => row.counter_id, name: (row) => nameCell(row.name) },
  officers: { head: "officer", id: (row) => row.officer_id, name: (row) => nameCell(row.username) },
  hours: { head: "hour", id: (row) => row.hour, name: (row) => nameCell(`${String(row.hour).padStart(2, "0")}:00`) },
  weekdays: { head: "weekday", id: (row) => row.weekday, name: (row) => nameCell(both(WEEKDAYS[row.weekday - 1])) },
};

function drawDimension(name, rows) {
  const spec = DIMENSIONS[name];
  const rated = RATED.includes(name);
  $(`${name}-head`).replaceChildren(...figuresHead(spec.head, rated));
  const body = $(name);
  body.replaceChildren();
  if (!rows.length) return emptyRow(body, COLUMNS + (rated ? SATISFACTION.length : 0), both("nothing"), "empty");
  for (const row of rows) {
    const tr = figuresRow(spec.name(row), row, rated);
    tr.dataset.id = String(spec.id(row));
    body.append(tr);
  }
}

function drawOfficersTime(rows) {
  const body = $("officers-time");
  body.replaceChildren();
  if (!rows.length) return emptyRow(body, 9, both("nothing"), "empty");
  for (const row of rows) {
    const tr = el("tr");
    tr.dataset.id = String(row.officer_id);
    tr.append(
      nameCell(row.username),
      numberCell(row.served),
      numberCell(duration(row.service_time_s)),
      numberCell(duration(row.signed_in_s)),
      numberCell(duration(row.busy_s)),
      numberCell(duration(row.paused_s)),
      numberCell(duration(row.idle_s)),
      numberCell(row.recalls),
      numberCell(row.no_show),
    );
    body.append(tr);
  }
}

function drawOutOfOrder(calls) {
  const body = $("out-of-order");
  body.replaceChildren();
  if (!calls.length) return emptyRow(body, 6, both("nothing"), "empty");
  for (const call of calls) {
    const tr = el("tr");
    tr.append(
      el("td", "when", dateTime(call.at)),
      el("td", "number", call.number),
      el("td", null, call.counter),
      el("td", null, call.actor),
      el("td", null, call.passed_over.map((p) => p.number).join(", ")),
      el("td", "reason", call.reason || "–"),
    );
    body.append(tr);
  }
}

function drawEstimates(services) {
  const body = $("estimates");
  body.replaceChildren();
  const rows = services.filter((row) => row.estimate && row.estimate.tickets);
  if (!rows.length) return emptyRow(body, 4, both("nothing"), "empty");
  for (const row of rows) {
    const tr = el("tr");
    tr.append(
      DIMENSIONS.services.name(row),
      numberCell(row.estimate.tickets),
      numberCell(duration(row.estimate.mean_abs_error_s)),
      numberCell(percent(row.estimate.within_5min)),
    );
    body.append(tr);
  }
}

/* ---- charts (SVG) -------------------------------------------------------------------------- */

function svg(tag, attributes = {}, className) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (className) node.setAttribute("class", className);
  return node;
}

function svgText(x, y, content, className, anchor = "middle") {
  const node = svg("text", { x, y, "text-anchor": anchor }, className);
  node.textContent = content;
  return node;
}

const W = 560;
const H = 240;
const PAD = { left: 48, right: 48, top: 16, bottom: 36 };

/**
 * A bar chart over labelled points: `bars` (numbers) on the left scale, and `line` (numbers or
 * null) on the right scale if given. `format*` write the scales' values.
 */
function chart(box, { labels, bars, line, formatBars = String, formatLine = String, barMax, title }) {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title }, "chart-svg");
  const top = barMax || Math.max(1, ...bars);
  const lineTop = line ? Math.max(1, ...line.filter((v) => v !== null)) : 1;
  const step = plotW / Math.max(1, labels.length);
  const y = (value, max) => PAD.top + plotH - (value / max) * plotH;
  for (const fraction of [0, 0.5, 1]) {
    const at = y(top * fraction, top);
    root.append(svg("line", { x1: PAD.left, x2: W - PAD.right, y1: at, y2: at }, "chart-grid-line"));
    root.append(svgText(PAD.left - 6, at + 4, formatBars(top * fraction), "chart-axis", "end"));
    if (line) root.append(svgText(W - PAD.right + 6, at + 4, formatLine(lineTop * fraction), "chart-axis line-axis", "start"));
  }
  const every = Math.ceil(labels.length / 12);
  labels.forEach((label, i) => {
    const x = PAD.left + i * step;
    const height = (bars[i] / top) * plotH;
    const bar = svg("rect", { x: x + step * 0.15, y: PAD.top + plotH - height, width: step * 0.7, height }, "chart-bar");
    const tip = svg("title");
    tip.textContent = `${label}: ${formatBars(bars[i])}${line && line[i] !== null ? ` · ${formatLine(line[i])}` : ""}`;
    bar.append(tip);
    root.append(bar);
    if (i % every === 0) root.append(svgText(x + step / 2, H - PAD.bottom + 16, label, "chart-axis"));
  });
  if (line) {
    const points = line
      .map((value, i) => (value === null ? null : `${PAD.left + (i + 0.5) * step},${y(value, lineTop)}`))
      .filter(Boolean);
    if (points.length) {
      root.append(svg("polyline", { points: points.join(" ") }, "chart-line"));
      for (const point of points) {
        const [cx, cy] = point.split(",");
        root.append(svg("circle", { cx, cy, r: 3 }, "chart-dot"));
      }
    }
  }
  box.replaceChildren(root);
}

function legend(items) {
  const box = el("p", "legend");
  for (const [className, key] of items) {
    box.append(el("span", `swatch ${className}`), " ", both(key), " ");
  }
  return box;
}

const minutes = (seconds) => duration(seconds);

function drawHoursChart(hours) {
  const box = $("chart-hours");
  if (!hours.length) return box.replaceChildren(both("nothing"));
  const first = Math.min(...hours.map((h) => h.hour));
  const last = Math.max(...hours.map((h) => h.hour));
  const byHour = new Map(hours.map((h) => [h.hour, h]));
  const labels = [];
  const bars = [];
  const line = [];
  for (let hour = first; hour <= last; hour++) {
    const row = byHour.get(hour);
    labels.push(String(hour).padStart(2, "0"));
    bars.push(row ? row.issued : 0);
    line.push(row && row.wait_s && row.wait_s.mean !== null ? row.wait_s.mean : null);
  }
  chart(box, { labels, bars, line, formatBars: (v) => String(Math.round(v)), formatLine: minutes, title: "arrivals" });
  box.append(legend([["chart-bar", "arrivals"], ["chart-line", "mean_wait"]]));
}

function drawTargetChart(services) {
  const box = $("chart-target");
  const rows = services.filter((row) => row.within_target !== null && row.within_target !== undefined);
  if (!rows.length) return box.replaceChildren(both("nothing"));
  chart(box, {
    labels: rows.map((row) => row.prefix),
    bars: rows.map((row) => row.within_target),
    barMax: 1,
    formatBars: percent,
    title: "within target",
  });
}

/** Mean wait by day, from the summary's own `days` (every day of the period; a day with no
 * call has no bar). */
function drawDaysChart(summary) {
  const box = $("chart-days");
  const waits = new Map(summary.days.map((row) => [row.day, row.wait_s.mean]));
  if (![...waits.values()].some((w) => w !== null)) return box.replaceChildren(both("nothing"));
  const days = [];
  for (let day = summary.from; day <= summary.to; day = addDays(day, 1)) days.push(day);
  chart(box, {
    labels: days.map((day) => day.slice(5)),
    bars: days.map((day) => waits.get(day) || 0),
    formatBars: minutes,
    title: "waits by day",
  });
}

/* ---- loading --------------------------------------------------------------------------------- */

function setExports(first, last) {
  const base = `${config.api}/reports`;
  $("summary-csv").href = `${base}/summary.csv?${state.query}`;
  $("summary-xlsx").href = `${base}/summary.xlsx?${state.query}`;
  $("tickets-csv").href = `${base}/tickets.csv?${new URLSearchParams({ from: first, to: last })}`;
}

function showProblem(error) {
  const problem = $("problem");
  problem.replaceChildren(both("not_done"), " ", el("span", null, error ? error.message : ""));
  problem.hidden = !error;
}

async function load() {
  const [first, last] = period();
  state.query = query(first, last);
  setExports(first, last);
  $("status").replaceChildren(both("loading"));
  const answer = await api("GET", `/reports/summary?${state.query}`);
  $("status").replaceChildren();
  if (!answer.ok) return showProblem(answer.error);
  showProblem(null);
  const summary = answer.data;
  state.summary = summary;
  state.loads += 1;
  for (const name of Object.keys(DIMENSIONS)) drawDimension(name, summary[name]);
  drawOfficersTime(summary.officers);
  drawOutOfOrder(summary.out_of_order_calls);
  drawEstimates(summary.services);
  drawHoursChart(summary.hours);
  drawTargetChart(summary.services);
  drawDaysChart(summary);
  state.charted = state.loads;
  const loads = state.loads;
  const signals = await api("GET", `/reports/integrity?${new URLSearchParams({ from: first, to: last })}`);
  if (signals.ok) drawSignals(signals.data);
  state.signalled = loads;
  const feedback = await api("GET", `/reports/feedback?${state.query}`);
  if (loads !== state.loads) return; // a later load draws its own
  if (feedback.ok) drawComments(feedback.data.comments);
  state.commented = loads;
}

/* ---- what citizens said (GET /api/v1/reports/feedback: the period and the filters) -------- */

const serviceLabel = (() => {
  const byId = new Map(config.services.map((s) => [s.id, s]));
  return (id) => {
    const service = byId.get(id);
    return service ? `${service.prefix} · ${service.name_en}` : String(id);
  };
})();

function drawComments(comments) {
  const body = $("comments");
  body.replaceChildren();
  $("comments-total").textContent = comments.length ? `· ${comments.length}` : "";
  if (!comments.length) return emptyRow(body, 7, both("nothing"), "empty");
  for (const row of comments) {
    const tr = el("tr", row.payment_asked ? "asked" : null);
    tr.dataset.ticketId = String(row.ticket_id);
    // The comment is the public's text: textContent (el), never markup.
    tr.append(
      el("td", "when", dateTime(row.at)),
      el("td", "number", row.number),
      el("td", "service", serviceLabel(row.service_id)),
      el("td", null, row.counter || "–"),
      el("td", null, row.officer || "–"),
      el("td", "num rating", `${row.rating} / 5`),
      el("td", "comment", row.comment || ""),
    );
    body.append(tr);
  }
}

/* ---- integrity signals (GET /api/v1/reports/integrity: the period, the whole office) ---- */

function nothing() {
  const item = el("li", "empty");
  item.append(both("nothing"));
  return item;
}

function fillList(id, items, line) {
  fillItems(id, items, line, nothing);
}

function drawSignals(found) {
  $("min-service").textContent = `${found.min_service_s} s`;
  $("long-pause").textContent = `${found.long_pause_min} min`;
  fillList("short-services", found.short_services, (t) =>
    `${dateTime(t.finished_at)} · ${t.number} · ${t.counter} · ${t.officer} · ${duration(t.service_s)}`,
  );
  fillList("long-pauses", found.long_pauses, (p) =>
    `${dateTime(p.from)} · ${p.counter} · ${p.officer} · ${Math.round(p.minutes)} min (${p.ended})`,
  );
  fillList("recalls", found.recalls_and_no_shows, (o) =>
    `${o.officer}: ${o.no_show} no-show / ${o.called} called · ${o.recalls} recalls`,
  );
  fillList("out-of-order-reasons", found.out_of_order_by_reason, (r) => `${r.reason || "–"}: ${r.calls}`);
  fillList("payment-asked", found.payment_asked || [], (r) =>
    [dateTime(r.at), r.number, r.counter || "–", r.officer || "–", `${r.rating}/5`, r.comment].filter(Boolean).join(" · "),
  );
}

fillChoices();
showPeriod();
for (const radio of document.querySelectorAll('input[name="period"]')) {
  radio.addEventListener("change", () => {
    showPeriod();
    if (radio.value !== "range") load();
  });
}
for (const name of ["group", "service", "counter", "officer"]) $(name).addEventListener("change", () => load());
$("report-form").addEventListener("submit", (event) => {
  event.preventDefault();
  load();
});
fontsReady();
load();
