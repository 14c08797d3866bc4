// Cleans text from any channel before it is kept: no NUL or other control bytes, no lone surrogates, NFC, and a
// length cut by whole characters, so a message that arrives can always be stored and processed.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanInboundText(text: string, maxCodePoints: number): string {
  const clean = text.replace(/\r\n?/g, "\n").replace(CONTROL, "").replace(LONE_SURROGATE, "\uFFFD").normalize("NFC").trim();
  const points = Array.from(clean);
  return points.length <= maxCodePoints ? clean : points.slice(0, maxCodePoints).join("").trim();
}
