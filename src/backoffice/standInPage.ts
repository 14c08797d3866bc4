// The stand-in housing system's one page: the events that arrived, newest first, and a form to send an update back.
import { escapeHtml } from "../http/html";
import type { ReceivedEvent, SentUpdate } from "./standIn";

export const UPDATE_KINDS = ["operative_assigned", "appointment_set", "no_access", "awaiting_parts", "completed", "cancelled", "note"];

function eventItem(item: ReceivedEvent): string {
  const { event } = item;
  return `<li>
  <h3>${escapeHtml(event.type)} ${escapeHtml(event.subject ?? "")}</h3>
  <p>Event ${escapeHtml(event.id)}, recorded ${escapeHtml(event.time)}, arrived ${escapeHtml(item.receivedAt)}${item.copies > 1 ? `, ${item.copies} copies` : ""}. Signature checked.</p>
  <pre>${escapeHtml(JSON.stringify(event.data, null, 2))}</pre>
</li>`;
}

function lastUpdate(update: SentUpdate | undefined): string {
  if (!update) return "";
  const outcome = update.status === null ? "no answer" : `HTTP ${update.status}`;
  return `<section><h2>Last update sent</h2><p>${escapeHtml(update.body.type as string)} for ${escapeHtml(update.reference)}: ${escapeHtml(outcome)}</p>
<pre>${escapeHtml(update.answer)}</pre></section>`;
}

export function standInPage(received: ReceivedEvent[], updates: SentUpdate[], frontDoorUrl: string): string {
  const references = [...new Set(received.map((item) => item.event.subject).filter((subject): subject is string => Boolean(subject)))];
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Stand-in housing system</title>
<style>body{font-family:sans-serif;margin:1rem;max-width:60rem}pre{background:#f3f2f1;padding:.5rem;overflow:auto}label{display:block;margin-top:.5rem}</style></head>
<body>
<h1>Stand-in housing system</h1>
<p>Receives events at <code>/events</code>; sends updates to ${escapeHtml(frontDoorUrl)}. Reload to see new events.</p>
${lastUpdate(updates[updates.length - 1])}
<section>
<h2>Send an update</h2>
<form method="post" action="/updates">
  <label for="reference">Case reference</label>
  <input id="reference" name="reference" list="references" required value="${escapeHtml(references[references.length - 1] ?? "")}">
  <datalist id="references">${references.map((reference) => `<option value="${escapeHtml(reference)}">`).join("")}</datalist>
  <label for="type">What happened</label>
  <select id="type" name="type">${UPDATE_KINDS.map((kind) => `<option value="${kind}">${kind}</option>`).join("")}</select>
  <label for="date">Appointment date (appointment_set)</label>
  <input id="date" name="date" type="date">
  <label for="timeOfDay">Time of day (appointment_set): AM, PM or like 09:30-14:00</label>
  <input id="timeOfDay" name="timeOfDay" value="AM">
  <label for="operative">Operative (operative_assigned)</label>
  <input id="operative" name="operative">
  <label for="text">Words for the tenant (note), or why (cancelled)</label>
  <input id="text" name="text" maxlength="160">
  <p><button type="submit">Send</button></p>
</form>
</section>
<section>
<h2>Events received (${received.length})</h2>
<ol reversed>${[...received].reverse().map(eventItem).join("")}</ol>
</section>
</body>
</html>`;
}
