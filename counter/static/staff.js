/* What the staff pages (counter screen, supervisor's view) share: the page's configuration,
 * JSON API calls with the session cookie and the page's CSRF token, the /counter Socket.IO
 * connection, and how times are written. Exposed as window.OneWindowStaff.
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("page-config").textContent);
  const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  const REQUEST_TIMEOUT_MS = 10000;

  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /** <span lang="km">…</span> <span lang="en">…</span>, for labels written in both. */
  function bilingual(km, en, className) {
    const box = el("span", className);
    const k = el("span", "km", km);
    k.lang = "km";
    const e = el("span", "en", en);
    e.lang = "en";
    box.append(k, " ", e);
    return box;
  }

  function loginUrl() {
    return "/login?next=" + encodeURIComponent(location.pathname + location.search);
  }

  /**
   * One JSON API call. Resolves (never rejects) to {ok, status, data, error}; a network
   * failure or a timeout is status 0 with error.code "network". Changes carry X-CSRFToken.
   */
  async function api(method, path, body) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    const headers = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRFToken"] = csrfToken;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    try {
      const response = await fetch(config.api + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
        signal: controller.signal,
      });
      let data = null;
      try {
        data = await response.json();
      } catch (error) {
        data = null;
      }
      if (response.ok) return { ok: true, status: response.status, data, error: null };
      if (response.status === 401) location.assign(loginUrl()); // the session has ended
      const error = (data && data.error) || { code: `http_${response.status}`, message: `HTTP ${response.status}` };
      return { ok: false, status: response.status, data, error };
    } catch (error) {
      const message = "The server did not answer; showing what it says now.";
      return { ok: false, status: 0, data: null, error: { code: "network", message } };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The /counter namespace. `handlers` get snapshot, changed, waiting, and connected(bool).
   * The server refuses a connection without a logged-in session: then, log in again.
   */
  function connect(handlers) {
    if (typeof io !== "function") {
      handlers.connected(false); // socket.io-client missing: run scripts/setup (npm ci)
      return null;
    }
    const socket = io(config.namespace, { reconnectionDelay: 500, reconnectionDelayMax: 3000 });
    socket.on("connect", () => handlers.connected(true));
    socket.on("disconnect", (reason) => {
      handlers.connected(false);
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 1000);
    });
    socket.on("connect_error", () => {
      handlers.connected(false);
      // Refused by the server (not a network failure, which it retries by itself).
      if (!socket.active) location.assign(loginUrl());
    });
    socket.on("snapshot", handlers.snapshot);
    socket.on("changed", handlers.changed);
    socket.on("waiting", handlers.waiting);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && socket.connected) socket.emit("snapshot");
    });
    return socket;
  }

  function setConnected(connected) {
    $("banner").hidden = connected;
    document.body.classList.toggle("offline", !connected);
  }

  /** 75 -> "1:15"; 3725 -> "1:02:05". */
  function duration(seconds) {
    if (seconds === null || seconds === undefined || !isFinite(seconds)) return "–";
    const total = Math.max(0, Math.floor(seconds));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
  }

  function zoned(options) {
    try {
      return new Intl.DateTimeFormat("en-GB", { timeZone: config.timezone, ...options });
    } catch (error) {
      return new Intl.DateTimeFormat("en-GB", options);
    }
  }
  const timeFormat = zoned({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

  /** "2026-11-25T02:30:00.000Z" -> "09:30" in the office's time zone. */
  function clockTime(iso) {
    return iso ? timeFormat.format(new Date(iso)) : "";
  }

  /** Calls `fn` once, `ms` after the first of a burst of calls: a steady stream of calls
   * (a morning rush) runs it every `ms`, never postpones it for ever. */
  function coalesce(fn, ms) {
    let timer = null;
    return () => {
      if (timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        fn();
      }, ms);
    };
  }

  /** Load the web fonts before showing anything: Khmer must never flash in another font. */
  async function fontsReady() {
    const faces = ['400 16px "Noto Sans Khmer"', '700 16px "Noto Sans Khmer"', '400 16px "Noto Sans"', '700 16px "Noto Sans"'];
    const loads = faces.map((face) => document.fonts.load(face, face.includes("Khmer") ? "ក" : "A"));
    const timeout = new Promise((resolve) => setTimeout(resolve, 3000));
    await Promise.race([Promise.all(loads).catch(() => {}), timeout]);
    document.body.classList.remove("loading");
  }

  /** Is the keyboard busy with a field (then shortcuts are not ours)? */
  function typing(event) {
    const target = event.target;
    if (!target || target === document.body) return false;
    return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
  }

  window.OneWindowStaff = {
    config,
    $,
    el,
    bilingual,
    api,
    connect,
    setConnected,
    duration,
    clockTime,
    coalesce,
    fontsReady,
    typing,
  };
})();
