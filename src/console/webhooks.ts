// The supervisor's page for events out: who is sent our events, and the deliveries that every try failed (dead
// letters), each with a Re-send button. Plain HTML forms: no script needed, and everything interpolated is escaped.
import type { DeliveryRecord } from "../backoffice/webhooks";
import type { SubscriberView } from "../backoffice/subscribers";
import type { Staff } from "../staff/accounts";
import { escapeHtml } from "../http/html";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "short" }) : "");

function subscriberRow(subscriber: SubscriberView): string {
  const state = !subscriber.active ? "Switched off" : subscriber.pausedUntil ? `Failing (${subscriber.failures} in a row); next try ${when(subscriber.pausedUntil)}` : "Working";
  return `<tr>
  <td>${escapeHtml(subscriber.url)}</td>
  <td>${escapeHtml(subscriber.eventTypes ? subscriber.eventTypes.join(", ") : "Every type")}</td>
  <td>${escapeHtml(subscriber.managedBy === "environment" ? "BACKOFFICE_WEBHOOK_URL" : "API")}</td>
  <td>${escapeHtml(state)}</td>
</tr>`;
}

function deadRow(delivery: DeliveryRecord, csrfToken: string): string {
  return `<tr>
  <td>${escapeHtml(delivery.type)}</td>
  <td>${escapeHtml(delivery.subject ?? "")}</td>
  <td>${escapeHtml(delivery.url)}</td>
  <td>${delivery.attempts}</td>
  <td>${escapeHtml(delivery.lastError ?? "")}</td>
  <td>${escapeHtml(when(delivery.createdAt))}</td>
  <td><form method="post" action="/console/webhooks/resend">
    <input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
    <input type="hidden" name="id" value="${escapeHtml(delivery.id)}">
    <button type="submit" aria-label="Re-send ${escapeHtml(delivery.type)} ${escapeHtml(delivery.subject ?? "")}">Re-send</button>
  </form></td>
</tr>`;
}

export function webhooksPage(staff: Staff, csrfToken: string, subscribers: SubscriberView[], dead: DeliveryRecord[], notice?: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Events to the housing system - staff console</title>
<link rel="stylesheet" href="/console/console.css">
</head>
<body>
<header class="top">
  <h1>Events to the housing system</h1>
  <p>Signed in as ${escapeHtml(staff.name)} (${escapeHtml(staff.role)}) <a href="/console">Back to the queue</a></p>
</header>
<main class="webhooks">
${notice ? `<p class="notice" role="status">${escapeHtml(notice)}</p>` : ""}
<section aria-labelledby="subscribers-heading">
  <h2 id="subscribers-heading">Who is sent our events</h2>
  ${
    subscribers.length === 0
      ? "<p>Nobody yet. Set BACKOFFICE_WEBHOOK_URL, or add one with POST /api/webhooks.</p>"
      : `<table><thead><tr><th scope="col">Address</th><th scope="col">Events</th><th scope="col">Set by</th><th scope="col">State</th></tr></thead>
  <tbody>${subscribers.map(subscriberRow).join("")}</tbody></table>`
  }
</section>
<section aria-labelledby="dead-heading">
  <h2 id="dead-heading">Events that did not arrive (${dead.length})</h2>
  <p>We tried each of these for the whole retry window. Re-send one once the housing system is working again; the
  case's later events have already gone, so check the housing system shows them in the right order.</p>
  ${
    dead.length === 0
      ? "<p>Every event has arrived.</p>"
      : `<table><thead><tr><th scope="col">Event</th><th scope="col">Case</th><th scope="col">Sent to</th><th scope="col">Tries</th><th scope="col">Last problem</th><th scope="col">Recorded</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
  <tbody>${dead.map((delivery) => deadRow(delivery, csrfToken)).join("")}</tbody></table>`
  }
</section>
</main>
</body>
</html>`;
}
