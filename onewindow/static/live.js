/* The live connection to one Socket.IO namespace, for every page: it connects, shows the page's
 * #banner (and body.offline) while disconnected, reconnects by itself (also after the server
 * dropped it), and on every (re)connect the server sends its `snapshot`, from which the page
 * redraws everything. socket.io-client is a global script (/vendor/socket.io-client/),
 * loaded by base.html before the page's module.
 */
import { $ } from "./dom.js";

/**
 * live("/display", {query, on: {snapshot, called}, connected(bool), wake: true})
 * `on`: the page's handlers by event; `connected` hears every change of the connection;
 * `wake`: ask for a snapshot again when a tab that slept comes back (the namespace answers
 * a `snapshot` message). Returns the socket (null without socket.io-client).
 */
export function live(namespace, { query, on = {}, connected = () => {}, wake = false, delayMs = 500, delayMaxMs = 3000, forceNew = false } = {}) {
  const show = (isConnected) => {
    const banner = $("banner");
    if (banner) banner.hidden = isConnected;
    document.body.classList.toggle("offline", !isConnected);
    connected(isConnected);
  };
  if (typeof io !== "function") {
    show(false); // socket.io-client missing: run scripts/setup (npm ci)
    return null;
  }
  const socket = io(namespace, { query, reconnectionDelay: delayMs, reconnectionDelayMax: delayMaxMs, forceNew });
  socket.on("connect", () => show(true));
  socket.on("disconnect", (reason) => {
    show(false);
    // The server may drop us on purpose; a screen never gives up.
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), 1000);
  });
  for (const [event, handler] of Object.entries(on)) socket.on(event, handler);
  if (wake) {
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && socket.connected) socket.emit("snapshot");
    });
  }
  setTimeout(() => socket.connected || show(false), 3000); // never connected at all
  return socket;
}
