/* The kiosk's device key, kept in this browser's localStorage: the enrolment page saves it,
 * the kiosk page reads it and sends it as X-Kiosk-Key. One browser profile is one kiosk. */

const STORAGE_KEY = "onewindow.kiosk";

/** {key, name, offers_priority} of the kiosk this browser was enrolled as, or null. */
export function savedKiosk() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
    return saved && typeof saved.key === "string" && typeof saved.name === "string" ? saved : null;
  } catch (error) {
    return null;
  }
}

export function saveKiosk(kiosk) {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(kiosk));
}

export function forgetKiosk() {
  window.localStorage.removeItem(STORAGE_KEY);
}
