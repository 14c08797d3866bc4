// The staff console's working page: the live queue with response targets counting down, one conversation at a time
// with its transcript, case and tenant, the actions (claim, reply, close, hand back), and the messages we started
// that did not go, to send again. Data goes into the page only as text (never as HTML). Updates arrive as
// server-sent events, so nothing needs reloading.
"use strict";

const csrf = document.querySelector('meta[name="csrf-token"]').content;
const queueList = document.getElementById("queue-list");
const queueEmpty = document.getElementById("queue-empty");
const news = document.getElementById("queue-news");
const detail = document.getElementById("detail");
// Outside the panels that are redrawn, so the result of an action stays on screen and is read out once.
const status = document.getElementById("action-status");
const undeliveredHeading = document.getElementById("undelivered-heading");
const undeliveredList = document.getElementById("undelivered-list");
const undeliveredEmpty = document.getElementById("undelivered-empty");
// Beside the list rather than in it: the message sent again leaves the list, and its result must stay.
const undeliveredStatus = document.getElementById("undelivered-status");
let queue = [];
let openId = null;
let known = null;
let undeliveredShown = null;

const CHANNEL_NAMES = { sms: "SMS", whatsapp: "WhatsApp", webchat: "web chat", microsoft: "Microsoft Teams or Web Chat" };
const channelName = (channel) => CHANNEL_NAMES[channel] || channel;

const REASONS = {
  asked_for_person: "Asked for a person",
  emergency: "Emergency",
  safeguarding: "Safeguarding",
  not_understood: "Bot did not understand",
  health_risk: "Health risk (damp, mould)",
  needs_staff: "Needs staff",
  frustration: "Frustrated",
  high_risk_asb: "High-risk nuisance",
  rent_hardship: "Cannot pay rent",
  identity_failed: "Failed identity check",
  request: "Request or question",
  complaint: "Formal complaint",
  unreadable: "Voice note or photo",
  fault: "Bot fault",
  opted_out_open_case: "Opted out with an open case",
};

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "onclick" || name === "onsubmit" || name === "oninput" || name === "onchange") node[name] = value;
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    credentials: "same-origin",
    headers: { "content-type": "application/json", "x-csrf-token": csrf, ...(options.headers || {}) },
  });
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : {};
  if (response.status === 401) window.location.reload();
  if (!response.ok) throw new Error(body.message || `The server answered ${response.status}`);
  return body;
}

function duration(minutes) {
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function countdown(respondBy) {
  const minutes = Math.round((new Date(respondBy).getTime() - Date.now()) / 60000);
  if (minutes >= 0) return { text: `${duration(minutes)} left`, late: false };
  return { text: `${duration(-minutes)} over target`, late: true };
}

function time(iso) {
  return new Date(iso).toLocaleString("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

function renderQueue() {
  queueList.replaceChildren(
    ...queue.map((item) => {
      const due = countdown(item.respondBy);
      const who = item.tenantName || "Unknown number";
      return el(
        "li",
        { class: `queue-item priority-${item.priority}${item.id === openId ? " current" : ""}` },
        el(
          "button",
          { type: "button", class: "open", "aria-current": item.id === openId ? "true" : undefined, onclick: () => openEscalation(item.id) },
          el("span", { class: "priority" }, `P${item.priority}`),
          el("span", { class: "reason" }, REASONS[item.reason] || item.reason),
          el("span", { class: "who" }, `${who} · ${channelName(item.channel)}`),
          el("span", { class: `due${due.late ? " late" : ""}`, "data-respond-by": item.respondBy }, due.text),
          el("span", { class: "state" }, item.claimedBy ? `Claimed by ${item.claimedBy}` : "Waiting"),
        ),
      );
    }),
  );
  queueEmpty.hidden = queue.length > 0;
}

async function loadQueue() {
  const { escalations } = await api("/api/escalations");
  if (known) {
    const fresh = escalations.filter((item) => !known.has(item.id));
    if (fresh.length > 0) news.textContent = `${fresh.length} new in the queue: ${fresh.map((item) => REASONS[item.reason] || item.reason).join(", ")}`;
  }
  known = new Set(escalations.map((item) => item.id));
  queue = escalations;
  renderQueue();
}

function section(title, ...content) {
  return el("section", { class: "panel" }, el("h3", {}, title), ...content);
}

function facts(pairs) {
  return el("dl", { class: "facts" }, pairs.filter(([, value]) => value !== null && value !== undefined && value !== "").flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, String(value))]));
}

function actions(item) {
  const run = async (label, path, body, done) => {
    status.textContent = `${label}...`;
    try {
      const result = await api(path, { method: "POST", body: JSON.stringify(body || {}) });
      status.textContent = result.waitingForTenant
        ? `${label}: waiting. It is over 24 hours since their last WhatsApp message, so WhatsApp's approved template has asked them to reply; your reply goes as soon as they do.`
        : `${label}: done${result.deliveryStatus ? ` (${result.deliveryStatus}${result.channel ? `, by ${channelName(result.channel)}` : ""})` : ""}.`;
      if (done) done();
      await Promise.all([loadQueue(), openEscalation(item.id, false)]);
    } catch (error) {
      status.textContent = `${label} failed: ${error.message}`;
    }
  };
  if (item.status === "open") {
    return el("div", { class: "actions" }, el("button", { type: "button", onclick: () => run("Claim", `/api/escalations/${item.id}/claim`) }, "Claim this conversation"));
  }
  if (item.status !== "claimed") return el("div", { class: "actions" }, el("p", {}, `This conversation is ${item.status.replace("_", " ")}.`));
  if (!item.claimedByYou) return el("div", { class: "actions" }, el("p", {}, `${item.claimedBy} is handling this conversation.`));

  const text = el("textarea", { id: "reply-text", rows: "4", maxlength: "1600", required: true });
  const counter = el("p", { id: "reply-count", class: "counter", "aria-live": "polite" }, "0 characters");
  let pending;
  // SMS segments matter only where the reply can go by text; a web chat or Teams reply is one message.
  const texted = item.channel === "sms" || item.channel === "whatsapp";
  text.oninput = () => {
    clearTimeout(pending);
    if (!texted) {
      counter.textContent = `${text.value.length} characters`;
      return;
    }
    pending = setTimeout(async () => {
      const result = await api(`/api/sms/segments?text=${encodeURIComponent(text.value)}`);
      counter.textContent = `${result.characters} characters, ${result.segments} SMS ${result.segments === 1 ? "segment" : "segments"}${result.encoding === "GSM-7" ? "" : " (special characters make each segment shorter)"}`;
    }, 200);
  };
  const saved = el("select", { id: "saved-replies", onchange: (event) => {
    if (event.target.value) text.value = event.target.value;
    text.oninput();
  } }, el("option", { value: "" }, "Start from a saved reply..."));
  api("/api/saved-replies").then(({ savedReplies }) => saved.append(...savedReplies.map((reply) => el("option", { value: reply.body }, reply.title))));
  const outcome = el("input", { id: "outcome", type: "text", maxlength: "500", required: true });
  return el(
    "div",
    { class: "actions" },
    el(
      "form",
      { onsubmit: (event) => {
        event.preventDefault();
        run("Reply", `/api/escalations/${item.id}/reply`, { text: text.value }, () => (text.value = ""));
      } },
      el("label", { for: "saved-replies" }, "Saved replies"),
      saved,
      el("label", { for: "reply-text" }, "Reply to the tenant"),
      text,
      counter,
      el("button", { type: "submit" }, "Send reply"),
    ),
    el(
      "form",
      { onsubmit: (event) => {
        event.preventDefault();
        run("Close", `/api/escalations/${item.id}/close`, { outcome: outcome.value });
      } },
      el("label", { for: "outcome" }, "Outcome"),
      outcome,
      el("button", { type: "submit" }, "Close conversation"),
    ),
    el("button", { type: "button", class: "secondary", onclick: () => run("Hand back", `/api/escalations/${item.id}/hand-back`) }, "Hand back to the bot"),
  );
}

async function openEscalation(id, focus = true) {
  openId = id;
  renderQueue();
  const item = await api(`/api/escalations/${id}`);
  const transcript = el(
    "ol",
    { class: "transcript" },
    item.transcript.map((message) =>
      el(
        "li",
        { class: `message ${message.from}` },
        el("span", { class: "from" }, { tenant: "Tenant", bot: "Bot", event: "Note" }[message.from] || message.from),
        el("time", { datetime: message.at }, time(message.at)),
        message.channel ? el("span", { class: "channel" }, ` by ${channelName(message.channel)}`) : "",
        el("p", {}, message.body),
        message.deliveryStatus && message.direction === "outbound" ? el("span", { class: "delivery" }, message.deliveryStatus) : "",
      ),
    ),
  );
  const parts = [
    el("h2", { id: "detail-heading" }, `${REASONS[item.reason] || item.reason}: ${item.tenant ? item.tenant.name : "unknown number"}`),
    facts([
      ["Priority", `P${item.priority}`],
      ["Respond by", `${time(item.respondBy)} (${countdown(item.respondBy).text})`],
      ["Channel", channelName(item.channel)],
      ["Number", item.address],
      ["Status", item.status.replace("_", " ")],
    ]),
    section("Transcript", transcript),
    actions(item),
  ];
  if (item.attachments.length > 0) {
    parts.push(
      section(
        "Photos, videos and voice notes",
        el(
          "ul",
          {},
          item.attachments.map((attachment) =>
            el(
              "li",
              {},
              attachment.url
                ? el("a", { href: attachment.url }, `${attachment.contentType}, ${Math.round(attachment.sizeBytes / 1024)} KB, ${time(attachment.createdAt)}`)
                : `${attachment.contentType}: not kept (${attachment.reason})`,
            ),
          ),
        ),
      ),
    );
  }
  if (item.case) {
    parts.push(
      section(
        `Case ${item.case.reference}`,
        facts([
          ["Type", item.case.type],
          ["Category", item.case.category],
          ["Priority", item.case.priority],
          ["Status", item.case.status],
          ["What they said", item.case.description],
          ...Object.entries(item.case.details).map(([name, value]) => [name, typeof value === "object" ? JSON.stringify(value) : value]),
          ...item.case.deadlines.map((deadline) => [deadline.rule, time(deadline.dueAt)]),
          ["Satisfaction", item.case.satisfaction ? `${item.case.satisfaction.score} out of 5, ${time(item.case.satisfaction.at)}` : null],
        ]),
        ...caseUpdates(item.case.updates),
      ),
    );
  }
  if (item.tenant) {
    parts.push(
      section(
        "Tenant",
        facts([
          ["Name", item.tenant.name],
          ["Tenancy", item.tenant.tenancyRef],
          ["Address", item.tenant.address],
          ["Phone", item.tenant.phone],
          ["Email", item.tenant.email],
          ["Prefers", item.tenant.contactPreference],
        ]),
        el("h4", {}, "History"),
        el("ul", {}, item.tenant.history.map((past) => el("li", {}, `${past.reference} ${past.type} (${past.category}), ${past.status}, ${time(past.reportedAt)}`))),
      ),
    );
  }
  // Redrawn when anything changes: keep what the member of staff is typing, and where they are typing it.
  const drafts = ["reply-text", "outcome"].map((id) => [id, document.getElementById(id)?.value]);
  const typingIn = document.activeElement?.id;
  detail.replaceChildren(...parts);
  for (const [id, value] of drafts) {
    const field = document.getElementById(id);
    if (!field || !value) continue;
    field.value = value;
    // The new panel's counter starts at nothing: count the kept draft again.
    field.oninput?.();
  }
  if (typingIn && !focus) document.getElementById(typingIn)?.focus();
  if (focus) detail.focus();
}

const UPDATE_NAMES = {
  operative_assigned: "Operative assigned",
  appointment_set: "Appointment set",
  no_access: "No access",
  awaiting_parts: "Waiting for parts",
  completed: "Completed",
  cancelled: "Cancelled",
  note: "Note for the tenant",
};
const NOT_TOLD = {
  opted_out: "Tenant not told: they texted STOP",
  outside_whatsapp_window: "Tenant not told: WhatsApp window closed and no template set up",
  not_told_of_this: "Tenant not texted about this kind of update",
  not_a_repair: "Tenant not texted: not a repair",
  superseded: "Older than an update already applied: changed nothing",
  no_channel_to_reach: "Tenant not told: web chat, nothing to text",
};

/** What the housing system told us about the case, and whether the tenant heard (and if not, why not). */
function caseUpdates(updates) {
  if (!updates || updates.length === 0) return [];
  return [
    el("h4", {}, "Updates from the housing system"),
    el(
      "ul",
      { class: "case-updates" },
      updates.map((update) => {
        const what = [UPDATE_NAMES[update.type] || update.type, time(update.at)];
        if (update.detail.appointment) what.push(`${update.detail.appointment.date} ${update.detail.appointment.timeOfDay}`);
        if (update.detail.operative) what.push(update.detail.operative);
        if (update.detail.reason) what.push(update.detail.reason);
        if (update.detail.text) what.push(`"${update.detail.text}"`);
        let told;
        if (!update.tenantNotified) told = NOT_TOLD[update.reason] || `Tenant not told: ${update.reason}`;
        else if (update.reason === "waiting_for_whatsapp_reply") told = "Tenant asked to reply on WhatsApp first; the update follows";
        else if (update.sendAfter) told = `Tenant told after quiet hours, ${time(update.sendAfter)}`;
        else told = "Tenant told";
        return el("li", { class: update.tenantNotified ? "told" : "not-told" }, `${what.join(", ")}. ${told}.`);
      }),
    ),
  ];
}

const OUTCOMES = { dead: "Every try failed", failed: "Refused by the provider" };

function undeliveredItem(message) {
  const tries = `${message.tries} ${message.tries === 1 ? "try" : "tries"}`;
  const summary = `undelivered-${message.id}`;
  const channel = channelName(message.channel);
  const written = message.fromStaff ? `${channel} message from a member of staff` : `Automatic ${channel} message`;
  return el(
    "li",
    { class: "undelivered-item" },
    el("p", { class: "what", id: summary }, `${written}, ${time(message.createdAt)}`),
    facts([
      ["What happened", `${OUTCOMES[message.status] || message.status} (${tries})`],
      ["Reason", message.reason || "None given"],
    ]),
    el("button", { type: "button", "data-message-id": message.id, "aria-describedby": summary, onclick: (event) => sendAgain(message, event.currentTarget) }, "Send again"),
  );
}

async function loadUndelivered() {
  const { messages } = await api("/api/outbound/undelivered");
  const shown = JSON.stringify(messages);
  // Redrawn only when it changed, so a member of staff tabbing through the list is not thrown out of it.
  if (shown === undeliveredShown) return;
  undeliveredShown = shown;
  const focused = document.activeElement?.dataset?.messageId;
  undeliveredHeading.textContent = `Messages that did not go (${messages.length})`;
  undeliveredList.replaceChildren(...messages.map(undeliveredItem));
  undeliveredEmpty.hidden = messages.length > 0;
  if (focused) undeliveredList.querySelector(`[data-message-id="${CSS.escape(focused)}"]`)?.focus();
}

async function sendAgain(message, button) {
  const what = `${channelName(message.channel)} message from ${time(message.createdAt)}`;
  const place = [...undeliveredList.querySelectorAll("button")].indexOf(button);
  button.disabled = true;
  undeliveredStatus.textContent = `Sending again: the ${what}...`;
  try {
    await api(`/api/outbound/${message.id}/resend`, { method: "POST", body: "{}" });
    undeliveredStatus.textContent = `The ${what} is queued to go again. If it fails again, it comes back to this list.`;
  } catch (error) {
    undeliveredStatus.textContent = `Could not send the ${what} again: ${error.message}.`;
    button.disabled = false;
  }
  try {
    await loadUndelivered();
  } catch (error) {
    undeliveredStatus.textContent += ` The list could not be refreshed: ${error.message}.`;
  }
  if (document.body.contains(button)) {
    button.focus();
    return;
  }
  // The button pressed has gone with its message: go on to the next one, or to the heading when none is left.
  const buttons = undeliveredList.querySelectorAll("button");
  (buttons[Math.min(place, buttons.length - 1)] || undeliveredHeading).focus();
}

const refreshUndelivered = () => loadUndelivered().catch((error) => (undeliveredStatus.textContent = `Could not load the messages that did not go: ${error.message}`));

setInterval(() => {
  for (const node of document.querySelectorAll("[data-respond-by]")) {
    const due = countdown(node.dataset.respondBy);
    node.textContent = due.text;
    node.classList.toggle("late", due.late);
  }
}, 15000);

const stream = new EventSource("/api/escalations/stream");
stream.addEventListener("queue", () => {
  loadQueue().catch((error) => (news.textContent = error.message));
  if (openId) openEscalation(openId, false).catch(() => undefined);
  refreshUndelivered();
});
// A send that fails changes no queue the stream watches, so the list also looks for itself.
setInterval(refreshUndelivered, 30000);

loadQueue().catch((error) => (news.textContent = error.message));
refreshUndelivered();
