/* /admin/users: the staff accounts (GET /api/v1/admin/users), adding one (POST), and per
 * account its role and whether it is active (PATCH …/<id>) and a new password (POST
 * …/<id>/password). Each row's forms are small and separate, so a refusal (a short password,
 * the last admin) shows next to its field (admin.js). For tests: window.onewindowUsers.
 */
import { el } from "/base/static/dom.js";
import { $, api, both, config } from "/base/static/staff.js";
import { fontsReady } from "/base/static/fonts.js";
import { clearErrors, showError } from "./admin.js";

const state = { users: [] };
window.onewindowUsers = state;

/** "Done" under the add form: what just happened, in both languages. */
function done(key, name) {
  const box = $("user-done");
  box.replaceChildren(both(key, { name }));
  box.hidden = false;
}

function button(className, key, type = "submit") {
  const node = el("button", className);
  node.type = type;
  node.append(both(key));
  return node;
}

function roleForm(user) {
  const form = el("form", "row-form role-form");
  form.noValidate = true;
  const select = el("select");
  select.name = "role";
  for (const role of config.roles) {
    const option = el("option", null, `${both(role).textContent}`);
    option.value = role;
    option.selected = role === user.role;
    select.append(option);
  }
  form.append(select, button("change-role quiet", "change_role"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    change(form, user, { role: select.value }, "role_changed");
  });
  return form;
}

function activeForm(user) {
  const form = el("form", "row-form active-form");
  form.noValidate = true;
  const flag = el("span", "flag");
  flag.append(both(user.active ? "yes" : "disabled"));
  // The field the API names when it refuses: `active`.
  const field = el("input");
  field.type = "hidden";
  field.name = "active";
  form.append(flag, field, button(user.active ? "disable" : "enable", user.active ? "disable" : "enable"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (user.active && !window.confirm(both("disable_confirm", { name: user.username }).textContent)) return;
    change(form, user, { active: !user.active }, user.active ? "user_disabled" : "user_enabled");
  });
  return form;
}

function passwordForm(user) {
  const form = el("form", "row-form password-form");
  form.noValidate = true;
  const input = el("input");
  input.type = "password";
  input.name = "password";
  input.maxLength = 200;
  input.autocomplete = "new-password";
  input.setAttribute("aria-label", both("new_password").textContent);
  form.append(input, button("reset-password quiet", "reset_password"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const answer = await api("POST", `/admin/users/${user.id}/password`, { password: input.value });
    if (!answer.ok) return showError(form, answer.error);
    input.value = "";
    done("password_reset", user.username);
    load();
  });
  return form;
}

async function change(form, user, body, doneKey) {
  clearErrors(form);
  const answer = await api("PATCH", `/admin/users/${user.id}`, body);
  if (!answer.ok) return showError(form, answer.error);
  done(doneKey, user.username);
  load();
}

function draw() {
  const body = $("users");
  body.replaceChildren();
  for (const user of state.users) {
    const row = el("tr", user.active ? "" : "inactive");
    row.dataset.user = user.username;
    row.dataset.active = String(user.active);
    const name = el("td", "username", user.username);
    name.lang = "en";
    const role = el("td", "role");
    role.append(roleForm(user));
    const active = el("td", "active");
    active.append(activeForm(user));
    const password = el("td", "password");
    password.append(passwordForm(user));
    row.append(name, role, active, password);
    body.append(row);
  }
}

async function load() {
  const answer = await api("GET", "/admin/users");
  const problem = $("load-problem");
  problem.hidden = answer.ok;
  if (!answer.ok) {
    problem.replaceChildren(both("not_done"), document.createTextNode(" " + answer.error.message));
    return;
  }
  state.users = answer.data.users;
  draw();
}

async function add(event) {
  event.preventDefault();
  const form = $("add-user");
  clearErrors(form);
  $("user-done").hidden = true;
  const answer = await api("POST", "/admin/users", {
    username: $("new-username").value.trim(),
    password: $("new-password").value,
    role: $("new-role").value,
  });
  if (!answer.ok) return showError(form, answer.error);
  form.reset();
  done("added", answer.data.user.username);
  load();
}

$("add-user").addEventListener("submit", add);
fontsReady();
load();
