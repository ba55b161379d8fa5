/* Load the web fonts before showing anything: Khmer must never flash in another font. The page
 * starts with <body class="loading"> (hidden by base.css) and shows once the fonts are in, or
 * after a few seconds whatever happened. */

const FACES = ['400 16px "Noto Sans Khmer"', '700 16px "Noto Sans Khmer"', '400 16px "Noto Sans"', '700 16px "Noto Sans"'];

export async function fontsReady(timeoutMs = 3000) {
  const loads = FACES.map((face) => document.fonts.load(face, face.includes("Khmer") ? "ក" : "A"));
  const timeout = new Promise((resolve) => setTimeout(resolve, timeoutMs));
  await Promise.race([Promise.all(loads).catch(() => {}), timeout]);
  document.body.classList.remove("loading");
}
