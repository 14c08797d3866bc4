// Cleans what a channel sends before it is kept: no NUL or other control characters, no lone surrogates, NFC, and a
// length cut between whole characters, so a message that arrives can always be stored and processed.

// Cc is C0, DEL and C1: none is text a tenant meant to send, and PostgreSQL refuses NUL in text and in JSON.
const CONTROL = /(?![\n\t])\p{Cc}/gu;
const ANY_CONTROL = /\p{Cc}/gu;
// A lone surrogate cannot be written as UTF-8, and PostgreSQL refuses one escaped in JSON (the engine's state).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * The first `max` code points or fewer, ending between two graphemes (an emoji or a letter with its accent stays
 * whole); between code points only when the first grapheme is itself too long (a letter under a heap of accents).
 */
function cut(text: string, max: number): string {
  let length = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    length += Array.from(segment).length;
    if (length > max) break;
    end = index + segment.length;
  }
  return end > 0 ? text.slice(0, end) : Array.from(text).slice(0, max).join("");
}

function clean(text: string, control: RegExp, maxCodePoints: number): string {
  const tidy = text.replace(/\r\n?/g, "\n").replace(control, "").replace(LONE_SURROGATE, "\uFFFD").normalize("NFC").trim();
  // A string no longer than max UTF-16 units is no longer than max code points: most messages skip the segmenter.
  return tidy.length <= maxCodePoints ? tidy : cut(tidy, maxCodePoints).trimEnd();
}

/** A message's words: line breaks (\r\n and \r become \n) and tabs stay; at most `maxCodePoints` code points. */
export function cleanInboundText(text: string, maxCodePoints: number): string {
  return clean(text, CONTROL, maxCodePoints);
}

/** An id or address a channel gives us (a phone number, a conversation or message id): one line, no controls at all. */
export function cleanInboundId(id: string, maxCodePoints: number): string {
  return clean(id, ANY_CONTROL, maxCodePoints);
}

/**
 * JSON a channel gives us that we keep as it is (a Microsoft conversation reference): every string, keys too, without
 * NUL or lone surrogates, the two things PostgreSQL's jsonb refuses. Nothing else changes, so ids still match.
 */
export function storableJson(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/\0/g, "").replace(LONE_SURROGATE, "\uFFFD");
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableJson(key) as string, storableJson(item)]));
  }
  return value;
}
