/* DOM helpers every page uses. */

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** A new element, with a class and a text if given. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** A table's only row when it has nothing to list: `content` across all its `columns`. */
export function emptyRow(body, columns, content, className) {
  const cell = el("td", className);
  cell.colSpan = columns;
  cell.append(content);
  const row = el("tr");
  row.append(cell);
  body.append(row);
}

/** The list `id` as one <li> per item (its text: `line(item)`), or the one node `empty()`. */
export function fillList(id, items, line, empty) {
  const list = $(id);
  list.replaceChildren(...(items.length ? items.map((item) => el("li", null, line(item))) : [empty()]));
}

/** <span lang="km">…</span> <span lang="en">…</span>, for labels written in both languages. */
export function bilingual(km, en, className) {
  const box = el("span", className);
  const k = el("span", "km", km);
  k.lang = "km";
  const e = el("span", "en", en);
  e.lang = "en";
  box.append(k, " ", e);
  return box;
}

/** The JSON a page carries in <script type="application/json" id="…"> ({} if none). */
export function readJSON(id) {
  const node = $(id);
  return node && node.textContent.trim() ? JSON.parse(node.textContent) : {};
}
