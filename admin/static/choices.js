/* Checkbox lists the administration's forms share: the office's services by group and its
 * counters (counters.js, displays.js). A list is drawn into a <fieldset> after its legend; the
 * fieldset's name is the API's field, so that admin.js puts a 400's message next to it.
 */
import { bilingual, el } from "/base/static/dom.js";
import { both } from "/base/static/staff.js";

function emptied(box) {
  for (const child of [...box.children]) if (child.tagName !== "LEGEND") child.remove();
}

function checkbox(value, checked, disabled) {
  const input = el("input");
  input.type = "checkbox";
  input.value = String(value);
  input.checked = checked;
  input.disabled = disabled;
  return input;
}

/**
 * The services as checkboxes, grouped as the kiosk groups them. `chosen`: ids ticked. A
 * service no longer offered cannot be ticked, unless it is in `kept` (a counter already
 * serving it keeps it).
 */
export function drawServiceChoices(box, services, { chosen = [], kept = [] } = {}) {
  emptied(box);
  const groups = new Map();
  for (const service of services) {
    const key = service.group_en;
    if (!groups.has(key)) groups.set(key, { km: service.group_km, en: service.group_en, services: [] });
    groups.get(key).services.push(service);
  }
  for (const group of groups.values()) {
    const block = el("div", "choice-group");
    block.append(bilingual(group.km, group.en, "group-name"));
    for (const service of group.services) {
      const retired = !service.active;
      const label = el("label", retired ? "choice retired" : "choice");
      label.dataset.serviceId = service.id;
      const input = checkbox(service.id, chosen.includes(service.id), retired && !kept.includes(service.id));
      label.append(input, el("b", "prefix", service.prefix), bilingual(service.name_km, service.name_en, "service-name"));
      if (retired) label.append(both("retired_service", undefined, "note"));
      block.append(label);
    }
    box.append(block);
  }
}

/** The counters as checkboxes (their names), `chosen` ticked. */
export function drawCounterChoices(box, counters, { chosen = [] } = {}) {
  emptied(box);
  const block = el("div", "choice-group");
  for (const counter of counters) {
    const label = el("label", counter.active ? "choice" : "choice retired");
    label.dataset.counterId = counter.id;
    label.append(checkbox(counter.id, chosen.includes(counter.id), false), el("span", "counter-name", counter.name));
    block.append(label);
  }
  box.append(block);
}

/** The ids ticked in a checkbox list. */
export function chosenIds(box) {
  return [...box.querySelectorAll("input[type=checkbox]:checked")].map((input) => Number(input.value));
}
