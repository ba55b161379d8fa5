/* /admin/settings: the office's settings (GET /api/v1/admin/settings), changed with PATCH. A
 * refused value's message goes next to its field (admin.js), an opening day's in that day's
 * row. Changing the time zone asks first: ticket numbers restart at the office's midnight.
 * The public holidays are a form of their own: added and removed here, then saved as one list
 * (PATCH {"holidays": [...]}, sorted by date); a refused holiday's message shows in its row.
 * For tests: window.onewindowSettings.
 */
import { el, emptyRow } from "/base/static/dom.js";
import { $, api, both, config, say } from "/base/static/staff.js";
import { fontsReady } from "/base/static/fonts.js";
import { clearErrors, holdForm, showError } from "./admin.js";

const LANGUAGES = ["km", "en"];
const LANGUAGE_NAMES = { km: "khmer", en: "english" };
// JavaScript's getUTCDay() order: Sunday first.
const WEEKDAY_KEYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
// holidays: the list as edited on the page (saved or not), always sorted by date.
const state = { settings: null, holidays: [] };
window.onewindowSettings = state;

const form = $("settings-form");
const holidaysForm = $("holidays-form");
const releaseHolidays = holdForm(holidaysForm);

function dayRow(day) {
  const row = $(`hours-${day}`);
  return {
    row,
    open: row.querySelector(".day-open"),
    opens: row.querySelector(".day-opens"),
    closes: row.querySelector(".day-closes"),
    message: row.querySelector(".day-message"),
  };
}

function drawLanguages(chosen) {
  const box = $("languages");
  for (const old of box.querySelectorAll("label")) old.remove();
  // The chosen ones first, in their order (the order the TVs speak them in), then the rest.
  for (const lang of [...chosen, ...LANGUAGES.filter((l) => !chosen.includes(l))]) {
    const label = el("label", "check");
    const input = el("input");
    input.type = "checkbox";
    input.name = "announce_languages";
    input.value = lang;
    input.checked = chosen.includes(lang);
    label.append(input, both(LANGUAGE_NAMES[lang]));
    box.append(label);
  }
}

function fill(settings) {
  state.settings = settings;
  $("office-name-km").value = settings.office_name_km;
  $("office-name-en").value = settings.office_name_en;
  $("timezone").value = settings.timezone;
  $("public-url").value = settings.public_url;
  $("public-url-in-use").textContent = settings.public_url_in_use || "–";
  drawLanguages(settings.announce_languages);
  for (const day of config.weekdays) {
    const hours = settings.opening_hours[day];
    const { open, opens, closes } = dayRow(day);
    open.checked = hours !== null;
    opens.value = hours ? hours[0] : "";
    closes.value = hours ? hours[1] : "";
    opens.disabled = closes.disabled = !open.checked;
  }
}

function openingHours() {
  const hours = {};
  for (const day of config.weekdays) {
    const { open, opens, closes } = dayRow(day);
    hours[day] = open.checked ? [opens.value, closes.value] : null;
  }
  return hours;
}

function clearDayErrors() {
  for (const day of config.weekdays) {
    const { row, message } = dayRow(day);
    message.replaceChildren();
    for (const input of row.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  }
}

/** opening_hours.mon (or .mon.0): the message in Monday's row; anything else: admin.js. */
function refused(error) {
  clearDayErrors();
  const day = error && error.field ? String(error.field).match(/^opening_hours\.(\w+)/) : null;
  if (!day || !config.weekdays.includes(day[1])) return showError(form, error);
  clearErrors(form);
  const { message, opens, closes } = dayRow(day[1]);
  const note = el("span", "field-error", error.message);
  note.setAttribute("role", "alert");
  note.dataset.field = error.field;
  message.append(note);
  opens.setAttribute("aria-invalid", "true");
  closes.setAttribute("aria-invalid", "true");
  opens.focus();
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  clearDayErrors();
  $("settings-saved").hidden = true;
  const body = {
    office_name_km: $("office-name-km").value,
    office_name_en: $("office-name-en").value,
    timezone: $("timezone").value.trim(),
    announce_languages: [...form.querySelectorAll('input[name="announce_languages"]:checked')].map((i) => i.value),
    public_url: $("public-url").value.trim(),
    opening_hours: openingHours(),
  };
  if (state.settings && body.timezone !== state.settings.timezone) {
    if (!window.confirm(both("timezone_confirm").textContent)) return;
  }
  const button = $("save-settings");
  button.disabled = true;
  const answer = await api("PATCH", "/admin/settings", body);
  button.disabled = false;
  if (!answer.ok) return refused(answer.error);
  fill(answer.data);
  $("settings-saved").hidden = false;
}

async function load() {
  const answer = await api("GET", "/admin/settings");
  if (!answer.ok) return showError(form, answer.error);
  fill(answer.data);
  // Until the server knows the setting, an answer without it: no holidays.
  drawHolidays(answer.data.holidays || []);
  releaseHolidays();
}

function timezones() {
  const list = $("timezones");
  for (const name of config.timezones) {
    const option = el("option");
    option.value = name;
    list.append(option);
  }
}

// --- public holidays ---------------------------------------------------------------------

const byDate = (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/** "2027-01-07" -> the weekday's key ("thu"), or null for what is not a day. */
function weekdayOf(day) {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!parts) return null;
  return WEEKDAY_KEYS[new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3])).getUTCDay()];
}

function holidayRow(holiday, index) {
  const row = el("tr");
  row.dataset.date = holiday.date;
  row.dataset.index = String(index);
  const day = el("td", "holiday-date");
  day.append(el("span", "date", holiday.date)); // the office's usual YYYY-MM-DD
  const weekday = weekdayOf(holiday.date);
  if (weekday) day.append(" ", both(weekday, {}, "weekday"));
  const remove = el("button", "remove");
  remove.type = "button";
  remove.append(both("remove"));
  remove.setAttribute("aria-label", `${say("en", "remove")} ${holiday.date}`);
  const removeCell = el("td");
  removeCell.append(remove);
  row.append(day, el("td", "holiday-name", holiday.name), removeCell, el("td", "holiday-message"));
  return row;
}

function drawHolidays(list) {
  state.holidays = [...list].sort(byDate);
  const body = $("holidays");
  body.replaceChildren();
  if (!state.holidays.length) return emptyRow(body, 4, both("no_holidays"), "muted");
  state.holidays.forEach((holiday, index) => body.append(holidayRow(holiday, index)));
}

function clearHolidayErrors() {
  clearErrors(holidaysForm);
  for (const row of $("holidays").querySelectorAll("tr.refused")) row.classList.remove("refused");
}

/** Edited, not saved yet: the "Saved." note goes, and any message about the list before. */
function holidaysChanged() {
  $("holidays-saved").hidden = true;
  clearHolidayErrors();
}

function addHoliday() {
  const day = $("holiday-date");
  const name = $("holiday-name");
  for (const input of [day, name]) {
    if (!input.checkValidity()) return input.reportValidity();
  }
  drawHolidays([...state.holidays, { date: day.value, name: name.value.trim() || name.value }]);
  holidaysChanged();
  day.value = name.value = "";
  day.focus();
}

/** holidays.N (or holidays.N.date, .name): the message in row N, and the row named next to
 * the section; anything else (holidays: the whole list): next to the section (admin.js). */
function refusedHolidays(error) {
  clearHolidayErrors();
  const found = error && error.field ? String(error.field).match(/^holidays\.(\d+)(?:\.|$)/) : null;
  const row = found ? $("holidays").querySelector(`tr[data-index="${found[1]}"]`) : null;
  if (!row) return showError(holidaysForm, error);
  const holiday = state.holidays[Number(found[1])];
  const note = el("span", "field-error", error.message);
  note.dataset.field = error.field;
  row.querySelector(".holiday-message").append(note);
  row.classList.add("refused");
  const problem = holidaysForm.querySelector(".problem");
  problem.replaceChildren(
    both("not_done"),
    document.createTextNode(` ${holiday.date} ${holiday.name}: ${error.message}`)
  );
  problem.hidden = false;
  row.querySelector("button.remove").focus();
}

async function saveHolidays(event) {
  event.preventDefault();
  clearHolidayErrors();
  $("holidays-saved").hidden = true;
  const holidays = state.holidays.map(({ date, name }) => ({ date, name }));
  const button = $("save-holidays");
  button.disabled = true;
  const answer = await api("PATCH", "/admin/settings", { holidays });
  button.disabled = false;
  if (!answer.ok) return refusedHolidays(answer.error);
  const saved = answer.data.holidays || [];
  if (state.settings) state.settings.holidays = saved;
  drawHolidays(saved);
  $("holidays-saved").hidden = false;
}

holidaysForm.addEventListener("submit", saveHolidays);
$("holiday-add").addEventListener("click", addHoliday);
for (const id of ["holiday-date", "holiday-name"]) {
  // Enter in the new holiday's fields adds it (rather than saving the list without it).
  $(id).addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    addHoliday();
  });
}
$("holidays").addEventListener("click", (event) => {
  const button = event.target.closest("button.remove");
  if (!button) return;
  const index = Number(button.closest("tr").dataset.index);
  drawHolidays(state.holidays.filter((holiday, i) => i !== index));
  holidaysChanged();
  $("holiday-date").focus();
});

form.addEventListener("submit", save);
form.addEventListener("change", (event) => {
  if (!event.target.classList.contains("day-open")) return;
  const { opens, closes } = dayRow(event.target.closest("tr").dataset.day);
  opens.disabled = closes.disabled = !event.target.checked;
  if (event.target.checked && !opens.value) [opens.value, closes.value] = ["07:30", "17:00"];
});
timezones();
fontsReady();
load();
