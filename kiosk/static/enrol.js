/* /kiosk/enrol/<code>: the button redeems the one-time code (POST /api/v1/kiosks/enrol) for
 * this device's key, keeps the key in localStorage (kiosk.js sends it as X-Kiosk-Key with
 * every ticket) and opens the kiosk page. Opening the page spent nothing; this does.
 */
import { $ } from "/base/static/dom.js";
import { config, text } from "/base/static/text.js";
import { fontsReady } from "/base/static/fonts.js";
import { saveKiosk } from "./kiosk_key.js";

function problem(key) {
  $("problem-km").textContent = text.km[key];
  $("problem-en").textContent = text.en[key];
  $("enrol-problem").hidden = false;
  document.body.dataset.enrol = key;
}

async function enrol() {
  const button = $("enrol-button");
  button.disabled = true;
  let response;
  try {
    response = await fetch(`${config.api}/kiosks/enrol`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code: config.code }),
      cache: "no-store",
    });
  } catch (error) {
    button.disabled = false;
    return problem("failed");
  }
  if (response.status !== 201) {
    button.hidden = true;
    return problem(response.status === 404 ? "invalid" : "failed");
  }
  const answer = await response.json();
  saveKiosk({ key: answer.key, name: answer.kiosk.name, offers_priority: answer.kiosk.offers_priority });
  document.body.dataset.enrol = "done";
  // replace(): Back must not return to a spent link.
  window.location.replace(`${config.kioskPage}?kiosk=${encodeURIComponent(answer.kiosk.name)}`);
}

if (config.code) $("enrol-button").addEventListener("click", enrol);
fontsReady();
