/* What the administration's pages share beyond staff.js: a bad value's message next to its
 * field (the API's 400 names it in error.field), and a form's values as JSON.
 */
import { el } from "/base/static/dom.js";
import { both } from "/base/static/staff.js";

/** Remove every field message and mark of a form (before it is sent again). */
export function clearErrors(form) {
  for (const note of form.querySelectorAll(".field-error")) note.remove();
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  const problem = form.querySelector(".problem");
  if (problem) problem.hidden = true;
}

/**
 * Show an API error on its form: next to the field it names (`error.field`, a dotted path
 * whose first part is the input's name), else in the form's .problem box.
 */
export function showError(form, error) {
  clearErrors(form);
  const name = error && error.field ? String(error.field).split(".")[0] : null;
  const input = name ? form.querySelector(`[name="${CSS.escape(name)}"]`) : null;
  const message = error ? error.message : "";
  if (input) {
    input.setAttribute("aria-invalid", "true");
    const note = el("span", "field-error", message);
    note.setAttribute("role", "alert");
    note.dataset.field = name;
    (input.closest("label") || input).after(note);
    input.focus();
    return;
  }
  let problem = form.querySelector(".problem");
  if (!problem) {
    problem = el("p", "problem");
    problem.setAttribute("role", "alert");
    form.append(problem);
  }
  problem.replaceChildren(both("not_done"), document.createTextNode(" " + message));
  problem.hidden = false;
}

/** Lines of a textarea as a list, blank lines dropped. */
export function lines(text) {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * Keep a form out of use until its page has loaded what it shows: the load redraws the form,
 * and would wipe what someone typed before it came. Returns `release()`, which gives the
 * fields back (once; later calls do nothing).
 */
export function holdForm(form) {
  const held = [...form.elements].filter((field) => !field.disabled);
  for (const field of held) field.disabled = true;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const field of held) field.disabled = false;
  };
}
