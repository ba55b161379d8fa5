/* A ticket's status page on the citizen's phone (/t/<token>, the QR code's target).
 *
 * Drawn at once from the data the page came with, then kept up to date by the /ticket
 * Socket.IO namespace (?token=<token>): it sends `status` (the body of GET
 * /api/v1/status/<token>) on every (re)connect and whenever what the page shows has changed,
 * so the page never asks over HTTP. When the ticket is called it says so, very visibly, with
 * the counter.
 *
 * Once the ticket is done, and while status.feedback.open, the citizen may rate the service
 * (the form in status.html): 1 to 5, optionally whether a payment was asked beyond the official
 * fee, optionally a comment, sent once to POST /api/v1/status/<token>/feedback. The form is
 * only shown or hidden by a redraw, never reset, so a live update does not lose what is typed.
 *
 * For tests and devtools: window.onewindowStatus (the state).
 */
import { $ } from "/base/static/dom.js";
import { digitsIn } from "/base/static/digits.js";
import { config, words } from "/base/static/text.js";
import { fontsReady } from "/base/static/fonts.js";
import { live } from "/base/static/live.js";
import { REFUSALS } from "./rating.js";

const lang = config.language;
const { t, count } = words(lang);
const km = lang === "km";

const state = {
  status: config.status,
  updates: 0, // `status` messages received
  connected: false,
  socket: null,
  // The rating form: what is chosen, and how sending went ("sending", "sent", "refused").
  feedback: { rating: null, paymentAsked: null, outcome: null, message: "" },
};
window.onewindowStatus = state;

/** "Counter 12" -> "12" (as on the waiting-room TV): what a counter is called by. */
function counterCode(counter) {
  const match = /([A-Za-z]*[0-9][A-Za-z0-9]*)\s*$/.exec(counter.name || "");
  return digitsIn(lang, match ? match[1] : counter.id);
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
      buzzedFor = ticket.called_at; // a recall calls again: a new called_at, a new buzz
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
    $("ahead").textContent = count("people", ticket.ahead || 0);
    const minutes = ticket.estimated_wait_min; // the server rounds, once
    $("wait-row").hidden = minutes === null || minutes === undefined;
    $("wait").textContent = minutes < 1 ? t("under_a_minute") : count("minutes", minutes);
  }
  document.title = `${ticket.number} · ${called ? $("turn-text").textContent : $("status").textContent}`;
  drawFeedback();
}

function buzz() {
  // Optional: phones that allow it vibrate (most need a tap on the page first).
  try {
    if (navigator.vibrate) navigator.vibrate([400, 150, 400]);
  } catch (error) {
    // Not allowed: the screen says it.
  }
}

// ---- rating the service ----------------------------------------------------------------

const rated = state.feedback;

/** The rating section: the form while a rating is open, the thanks once given, the server's
 * word if it refused; nothing before the ticket is done or after the window closed. */
function drawFeedback() {
  const { ticket } = state.status;
  const feedback = state.status.feedback || { open: false, given: false };
  let showForm = false;
  let message = "";
  if (rated.outcome === "sent") {
    message = t("feedback_thanks");
  } else if (rated.outcome === "refused") {
    message = rated.message;
  } else if (feedback.given) {
    message = t("feedback_thanks");
  } else if (feedback.open && ticket.status === "done") {
    showForm = true;
    message = rated.message; // a retry message stays until the next try
  }
  $("feedback").hidden = !showForm && !message;
  $("feedback-form").hidden = !showForm;
  $("feedback").classList.toggle("thanked", !showForm && Boolean(message) && rated.outcome !== "refused");
  if ($("feedback-message").textContent !== message) $("feedback-message").textContent = message;
  drawFeedbackChoices();
}

function drawFeedbackChoices() {
  for (const button of document.querySelectorAll("#feedback [data-rating]")) {
    button.setAttribute("aria-pressed", String(Number(button.dataset.rating) === rated.rating));
  }
  for (const button of document.querySelectorAll("#feedback [data-payment]")) {
    button.setAttribute("aria-pressed", String(button.dataset.payment === String(rated.paymentAsked)));
  }
  const sending = rated.outcome === "sending";
  const send = $("feedback-send");
  send.disabled = rated.rating === null || sending;
  send.textContent = sending ? t("sending") : t("send");
  $("feedback-hint").hidden = rated.rating !== null;
}

function setUpFeedback() {
  for (const button of document.querySelectorAll("#feedback [data-rating]")) {
    button.addEventListener("click", () => {
      if (rated.outcome === "sending") return;
      rated.rating = Number(button.dataset.rating);
      drawFeedbackChoices();
    });
  }
  for (const button of document.querySelectorAll("#feedback [data-payment]")) {
    button.addEventListener("click", () => {
      if (rated.outcome === "sending") return;
      const answer = button.dataset.payment === "true";
      rated.paymentAsked = rated.paymentAsked === answer ? null : answer; // a second tap: unanswered
      drawFeedbackChoices();
    });
  }
  $("feedback-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sendFeedback();
  });
}

async function sendFeedback() {
  if (rated.rating === null || rated.outcome === "sending" || rated.outcome === "sent") return;
  const body = { rating: rated.rating };
  if (rated.paymentAsked !== null) body.payment_asked = rated.paymentAsked;
  const comment = $("feedback-comment").value.trim();
  if (comment) body.comment = comment;
  rated.outcome = "sending";
  rated.message = "";
  drawFeedback();
  let response;
  let answer = {};
  try {
    response = await fetch(`${config.statusUrl}/feedback`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    answer = await response.json().catch(() => ({}));
  } catch (error) {
    // No answer at all: keep the form and what is in it, and say to try again.
    rated.outcome = null;
    rated.message = t("feedback_offline");
    drawFeedback();
    return;
  }
  if (response.status === 201) {
    rated.outcome = "sent";
    rated.message = "";
  } else if (response.status === 409) {
    // Not finished, already rated, or too late: the server says which.
    rated.outcome = "refused";
    // The refusal in the page's language when it is one the page knows, else the server's words.
    const known = REFUSALS[answer.error && answer.error.code];
    rated.message = known ? t(known) : (answer.error && answer.error.message) || t("feedback_failed");
  } else {
    rated.outcome = null;
    rated.message = t("feedback_failed");
  }
  drawFeedback();
  if (rated.outcome) $("feedback-message").focus();
}

// ---- keeping up to date ----------------------------------------------------------------

state.socket = live("/ticket", {
  query: { token: config.token },
  delayMs: 1000,
  delayMaxMs: 10000,
  wake: true, // a phone that slept asks for its status again
  connected: (connected) => (state.connected = connected),
  on: {
    status(status) {
      state.status = status;
      state.updates += 1;
      draw();
    },
  },
});

setUpFeedback();
draw();
fontsReady();
