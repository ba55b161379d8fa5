/* /admin/settings: the office's settings (GET /api/v1/admin/settings), changed with PATCH. A
 * refused value's message goes next to its field (admin.js), an opening day's in that day's
 * row. Changing the time zone asks first: ticket numbers restart at the office's midnight.
 * For tests: window.onewindowSettings.
 */
import { el } from "/base/static/dom.js";
import { $, api, both, config } from "/base/static/staff.js";
import { fontsReady } from "/base/static/fonts.js";
import { clearErrors, showError } from "./admin.js";

const LANGUAGES = ["km", "en"];
const LANGUAGE_NAMES = { km: "khmer", en: "english" };
const state = { settings: null };
window.onewindowSettings = state;

const form = $("settings-form");

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
}

function timezones() {
  const list = $("timezones");
  for (const name of config.timezones) {
    const option = el("option");
    option.value = name;
    list.append(option);
  }
}

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
