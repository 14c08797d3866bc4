// The console's two pages as HTML. Everything interpolated is escaped; the working parts are filled in by console.js.
import type { Staff } from "../staff/accounts";
import { escapeHtml } from "../http/html";

function page(title: string, body: string, head = ""): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/console/console.css">
${head}
</head>
<body>
${body}
</body>
</html>`;
}

export function loginPage(error?: string): string {
  return page(
    "Log in - staff console",
    `<main class="login">
<h1>Staff console</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/console/login">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Log in</button>
</form>
</main>`,
  );
}

export function consolePage(staff: Staff, csrfToken: string): string {
  return page(
    "Queue - staff console",
    `<header class="top">
  <h1>Staff console</h1>
  <p>Signed in as ${escapeHtml(staff.name)} (${escapeHtml(staff.role)})</p>
  <a href="/console/appointments">Visits</a>
  ${staff.role === "supervisor" ? '<nav aria-label="Supervisor pages" class="supervisor-nav"><a href="/console/measures">Measures</a> <a href="/console/webhooks">Events to the housing system</a></nav>' : ""}
  <form method="post" action="/console/logout">
    <input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
    <button type="submit">Log out</button>
  </form>
</header>
<main class="layout">
  <div class="workspace" id="workspace">
    <div class="side">
      <section class="queue" aria-labelledby="queue-heading">
        <h2 id="queue-heading">Queue</h2>
        <form id="queue-filters" class="queue-filters" role="search" aria-label="Find in the queue">
          <fieldset>
            <legend>Show</legend>
            <label class="choice"><input type="radio" name="filter" value="all" checked> All</label>
            <label class="choice"><input type="radio" name="filter" value="unclaimed"> Unclaimed</label>
            <label class="choice"><input type="radio" name="filter" value="mine"> Mine</label>
          </fieldset>
          <label for="queue-search">Search by name, number, reference or postcode</label>
          <input id="queue-search" name="search" type="search" maxlength="60" autocomplete="off">
        </form>
        <button type="button" id="sound-toggle" class="secondary small" aria-pressed="true">Sound for new arrivals: on</button>
        <p id="queue-news" class="news" role="status" aria-live="polite"></p>
        <ol id="queue-list" class="queue-list"></ol>
        <p id="queue-empty" hidden>Nobody is waiting.</p>
      </section>
      <section class="undelivered" aria-labelledby="undelivered-heading">
        <h2 id="undelivered-heading" tabindex="-1">Messages that did not go</h2>
        <p id="undelivered-status" class="action-status" role="status" aria-live="polite"></p>
        <ul id="undelivered-list" class="undelivered-list"></ul>
        <p id="undelivered-empty" hidden>Every message we started has gone.</p>
      </section>
    </div>
    <section class="detail" id="detail" aria-labelledby="detail-heading" tabindex="-1">
      <div class="conversation-head">
        <h2 id="detail-heading">Conversation</h2>
        <p>Choose a conversation from the queue.</p>
      </div>
    </section>
  </div>
  <section class="reviews" aria-labelledby="reviews-heading">
    <h2 id="reviews-heading" tabindex="-1">Check what the bot understood</h2>
    <p>Messages the bot was unsure about, that the tenant said were about something else, or that raised safeguarding.
    Choose what the tenant wanted and tick any danger or harm in their words. The bot learns only from messages checked here.</p>
    <button type="button" id="reviews-refresh" class="secondary">Check for new ones</button>
    <p id="reviews-status" class="action-status" role="status" aria-live="polite"></p>
    <ol id="reviews-list" class="reviews-list"></ol>
    <p id="reviews-empty" hidden>Nothing to check.</p>
  </section>
</main>
<script src="/console/console.js" defer></script>
<script src="/console/reviews.js" defer></script>`,
    `<meta name="csrf-token" content="${escapeHtml(csrfToken)}">`,
  );
}
