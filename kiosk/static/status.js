/* A ticket's status page on the citizen's phone (/t/<token>, the QR code's target).
 *
 * Drawn at once from the data the page came with, then kept up to date: the page follows its
 * service on the /display Socket.IO namespace (?services=<id>) and, on any `called` or
 * `waiting` event, fetches GET /api/v1/status/<token> again (a burst of events makes one
 * fetch). When the ticket is called it says so, very visibly, with the counter.
 *
 * For tests and devtools: window.onewindowStatus (the state).
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("status-config").textContent);
  const REFRESH_DEBOUNCE_MS = 250;
  const POLL_WHEN_OFFLINE_MS = 15000;

  const state = {
    status: config.status,
    fetches: 0,
    connected: false,
    followed: null, // the service id the socket follows
    socket: null,
  };
  window.onewindowStatus = state;

  const $ = (id) => document.getElementById(id);
  const KHMER_DIGITS = "០១២៣៤៥៦៧៨៩";
  const km = config.language === "km";

  function digits(text) {
    return km ? String(text).replace(/[0-9]/g, (d) => KHMER_DIGITS[Number(d)]) : String(text);
  }

  function t(key, values) {
    let text = config.strings[key];
    for (const [name, value] of Object.entries(values || {})) text = text.replace(`{${name}}`, value);
    return text;
  }

  function counted(key, n) {
    return t(`${key}_${n === 1 ? "one" : "other"}`, { n: digits(n) });
  }

  /** "Counter 12" -> "12" (as on the waiting-room TV): what a counter is called by. */
  function counterCode(counter) {
    const match = /([A-Za-z]*[0-9][A-Za-z0-9]*)\s*$/.exec(counter.name || "");
    return digits(match ? match[1] : counter.id);
  }

  // ---- drawing ---------------------------------------------------------------------------

  let buzzedFor = null; // called_at of the call we last vibrated for

  function draw() {
    const { ticket, service, counter } = state.status;
    document.body.dataset.status = ticket.status;
    $("number").textContent = ticket.number;
    $("service").textContent = km ? service.name_km : service.name_en;
    $("status").textContent = t(ticket.status);

    const called = ticket.status === "called" && counter;
    $("turn").hidden = !called;
    if (called) {
      $("turn-text").textContent = t("your_turn", { counter: counterCode(counter) });
      if (buzzedFor !== ticket.called_at) {
        buzzedFor = ticket.called_at;
        buzz();
      }
    }
    if (ticket.status === "serving" && counter) {
      $("status").textContent = `${t("serving")} · ${t("at_counter", { counter: counterCode(counter) })}`;
    }
    if (ticket.status === "no_show") $("status").textContent = `${t("no_show")}. ${t("no_show_help")}`;

    const waiting = ticket.status === "waiting";
    $("facts").hidden = !waiting;
    $("live").hidden = !(waiting || ticket.status === "called");
    if (waiting) {
      $("ahead").textContent = counted("people", ticket.ahead || 0);
      const seconds = ticket.estimated_wait_s;
      $("wait-row").hidden = seconds === null || seconds === undefined;
      $("wait").textContent = seconds < 60 ? t("under_a_minute") : counted("minutes", Math.round(seconds / 60));
    }
    document.title = `${ticket.number} · ${called ? $("turn-text").textContent : $("status").textContent}`;
  }

  function buzz() {
    // Optional: phones that allow it vibrate (most need a tap on the page first).
    try {
      if (navigator.vibrate) navigator.vibrate([400, 150, 400]);
    } catch (error) {
      // Not allowed: the screen says it.
    }
  }

  // ---- keeping up to date ----------------------------------------------------------------

  let refreshTimer = null;

  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, REFRESH_DEBOUNCE_MS);
  }

  async function refresh() {
    try {
      const response = await fetch(config.statusUrl, { cache: "no-store" });
      if (!response.ok) return;
      state.status = await response.json();
      state.fetches += 1;
      draw();
      follow(state.status.ticket.service_id); // a transfer moves the ticket to another queue
    } catch (error) {
      // The next event, reconnect or poll tries again.
    }
  }

  function setConnected(connected) {
    state.connected = connected;
    $("offline").hidden = connected;
  }

  function follow(serviceId) {
    if (typeof io !== "function" || state.followed === serviceId) return;
    if (state.socket) state.socket.disconnect();
    state.followed = serviceId;
    const socket = io("/display", {
      query: { services: String(serviceId) },
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
      forceNew: true,
    });
    socket.on("connect", () => setConnected(true));
    socket.on("disconnect", (reason) => {
      setConnected(false);
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 2000);
    });
    // The snapshot comes on every (re)connect: whatever happened meanwhile is fetched.
    socket.on("snapshot", refreshSoon);
    socket.on("waiting", refreshSoon);
    socket.on("called", (call) => {
      if (call.ticket_id === state.status.ticket.id && call.recall) buzzedFor = null; // buzz again
      refreshSoon();
    });
    state.socket = socket;
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") refreshSoon(); // a phone that slept
  });
  setInterval(() => {
    if (!state.connected) refresh();
  }, POLL_WHEN_OFFLINE_MS);

  draw();
  if (typeof io === "function") {
    follow(state.status.ticket.service_id);
  } else {
    setConnected(false);
  }
})();
