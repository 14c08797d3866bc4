// The staff console's working page, in three parts on a laptop: the live queue (one row per tenant, waiting time
// against target, filters and search), the conversation (its header and actions always in view, the transcript
// scrolling in its own panel) and the case and tenant beside it. Data goes into the page only as text (never as
// HTML). Updates arrive as server-sent events, so nothing needs reloading; a new arrival sounds (unless muted) and
// the tab's title counts who is waiting.
"use strict";

const csrf = document.querySelector('meta[name="csrf-token"]').content;
const queueList = document.getElementById("queue-list");
const queueEmpty = document.getElementById("queue-empty");
const queueFilters = document.getElementById("queue-filters");
const queueSearch = document.getElementById("queue-search");
const soundToggle = document.getElementById("sound-toggle");
const news = document.getElementById("queue-news");
const detail = document.getElementById("detail");
const workspace = document.getElementById("workspace");
// Made once and moved into each redrawn conversation header, so the result of an action stays beside the buttons.
const status = el("p", { id: "action-status", class: "action-status", role: "status", "aria-live": "polite" });
const undeliveredHeading = document.getElementById("undelivered-heading");
const undeliveredList = document.getElementById("undelivered-list");
const undeliveredEmpty = document.getElementById("undelivered-empty");
// Beside the list rather than in it: the message sent again leaves the list, and its result must stay.
const undeliveredStatus = document.getElementById("undelivered-status");
const PAGE_TITLE = document.title;
let queue = [];
let openId = null;
let known = null;
let undeliveredShown = null;

const CHANNEL_NAMES = { sms: "SMS", whatsapp: "WhatsApp", webchat: "web chat", microsoft: "Microsoft Teams or Web Chat" };
const channelName = (channel) => CHANNEL_NAMES[channel] || channel;
const PHONE_CHANNELS = new Set(["sms", "whatsapp"]);

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
  worse_while_waiting: "More urgent: said while waiting",
  booking: "Book a visit",
};
const reasonName = (reason) => REASONS[reason] || words(reason);

/** Every field name the console shows, in plain words: the case's details as the journeys store them. */
const FIELD_NAMES = {
  priorityReason: "Why this priority",
  detail: "What exactly",
  postcodeGiven: "Postcode they gave",
  houseGiven: "House number they gave",
  startedAround: "Started around",
  appliance: "Appliance",
  awaabPossibleEmergency: "Awaab's Law: may be an emergency",
  riskReason: "Why this risk level",
  hateIncident: "Hate incident",
  dangerWhenReported: "In danger when they reported it",
  when: "When",
  happenedAt: "Happened at",
  howOften: "How often",
  stillGoingOn: "Still going on",
  knowsWho: "Knows who it is",
  who: "Who",
  effect: "How it affects them",
  witnesses: "Witnesses",
  evidence: "Has evidence",
  reportsInCaseReviewWindow: "Reports in the Case Review window",
  caseReviewToldAt: "Told about the Case Review",
  stage: "Complaint stage",
  outcomeWanted: "Outcome they want",
  acknowledgedAt: "Acknowledged",
  openRepairs: "Open repairs",
  safeToText: "Safe to text",
  reprioritisedBecause: "Priority raised because",
};
/** A name nobody put in the map yet still reads as words ("someNewField" as "Some new field"), never as code. */
function words(name) {
  const spaced = String(name).replace(/_/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
const fieldName = (name) => FIELD_NAMES[name] || words(name);
function fieldValue(value) {
  if (value === true) return "Yes";
  if (value === false) return "No";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) return time(value);
  if (typeof value === "object") return JSON.stringify(value);
  return value;
}

/** What happened to a message we sent, in plain words; the provider's statuses and our own. */
const SEND_STATUSES = {
  queued: "Queued to send",
  accepted: "Sending",
  sending: "Sending",
  retrying: "Not gone yet: trying again",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  undelivered: "Not delivered",
  failed: "Failed",
  dead: "Failed: every try failed",
  not_sent: "Not sent",
  waiting_for_tenant: "Waiting: goes when the tenant replies on WhatsApp",
};
/** Twilio's error codes that staff meet, and what was missing to send. */
const SEND_ERRORS = {
  21610: "the tenant texted STOP",
  21211: "the number is not valid",
  21614: "the number cannot get texts",
  30003: "their phone was off or out of signal",
  30005: "the number does not exist",
  30006: "a landline cannot get texts",
  30007: "the network blocked it as spam",
  30008: "the network could not say why",
  63016: "it is over 24 hours since their last WhatsApp message",
  "no Twilio account configured": "no SMS or WhatsApp account is set up",
};
function sendStatus(deliveryStatus, deliveryError) {
  const said = SEND_STATUSES[deliveryStatus] || words(deliveryStatus);
  if (!deliveryError) return said;
  const code = /\b(\d{5})\b/.exec(deliveryError)?.[1];
  return `${said}: ${SEND_ERRORS[code] || SEND_ERRORS[deliveryError] || deliveryError}`;
}

/** Who the tenant is, as a person reads it: their name, else their number; never a web chat's connection id. */
function whoIs(item) {
  if (item.tenantName) return item.tenantName;
  if (PHONE_CHANNELS.has(item.channel)) return item.number || item.address || "Unknown number";
  return item.channel === "webchat" ? "Web chat visitor" : "Teams or Web Chat visitor";
}

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
      const where = [whoIs(item), channelName(item.channel)];
      return el(
        "li",
        { class: `queue-item priority-${item.priority}${item.id === openId ? " current" : ""}` },
        el(
          "button",
          { type: "button", class: "open", "aria-current": item.id === openId ? "true" : undefined, onclick: () => openEscalation(item.id) },
          el("span", { class: "line" }, el("span", { class: "priority" }, `P${item.priority}`), " ", el("span", { class: "reason" }, reasonName(item.reason))),
          el("span", { class: "line" }, where.join(" · ")),
          item.address ? el("span", { class: "line address" }, item.address) : "",
          item.lastWords ? el("span", { class: "line words" }, `"${item.lastWords}"`) : "",
          el(
            "span",
            { class: "line" },
            el("span", { class: `due${due.late ? " late" : ""}`, "data-created": item.createdAt, "data-respond-by": item.respondBy }, waited(item.createdAt, item.respondBy)),
          ),
          el(
            "span",
            { class: "line state" },
            [item.caseReference ? `Case ${item.caseReference}` : "No case", item.claimedBy ? `Claimed by ${item.claimedByYou ? "you" : item.claimedBy}` : "Unclaimed"].join(" · "),
          ),
          item.also.length > 0 ? el("span", { class: "line also" }, `Also: ${item.also.map(reasonName).join(", ")}`) : "",
        ),
      );
    }),
  );
  queueEmpty.textContent = queueSearch.value.trim() || queueFilter() !== "all" ? "Nobody in the queue matches." : "Nobody is waiting.";
  queueEmpty.hidden = queue.length > 0;
}

/** How long they have waited against the response target, e.g. "Waited 12 min of 15 min" or "20 min over target". */
function waited(createdAt, respondBy) {
  const since = Math.max(0, Math.round((Date.now() - new Date(createdAt).getTime()) / 60000));
  const target = Math.round((new Date(respondBy).getTime() - new Date(createdAt).getTime()) / 60000);
  const due = countdown(respondBy);
  return due.late ? `Waited ${duration(since)}: ${due.text}` : `Waited ${duration(since)} of ${duration(target)} target`;
}

const queueFilter = () => new FormData(queueFilters).get("filter") || "all";

let soundOn = localStorage.getItem("console.sound") !== "off";
function showSound() {
  soundToggle.setAttribute("aria-pressed", String(soundOn));
  soundToggle.textContent = `Sound for new arrivals: ${soundOn ? "on" : "off"}`;
}
soundToggle.onclick = () => {
  soundOn = !soundOn;
  localStorage.setItem("console.sound", soundOn ? "on" : "off");
  showSound();
};
showSound();

let audio = null;
/** Two short tones, made in the page (no file to fetch): a browser plays them once the page has had a click. */
function chime() {
  if (!soundOn || !window.AudioContext) return;
  audio = audio || new AudioContext();
  audio.resume().catch(() => undefined);
  [0, 0.18].forEach((offset, index) => {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = index === 0 ? 660 : 880;
    gain.gain.setValueAtTime(0.15, audio.currentTime + offset);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + offset + 0.15);
    tone.connect(gain).connect(audio.destination);
    tone.start(audio.currentTime + offset);
    tone.stop(audio.currentTime + offset + 0.16);
  });
  document.body.dataset.chimes = String(Number(document.body.dataset.chimes || 0) + 1);
}

async function loadQueue() {
  const query = new URLSearchParams({ filter: queueFilter() });
  const search = queueSearch.value.trim();
  if (search) query.set("search", search);
  const { escalations, waiting } = await api(`/api/escalations?${query}`);
  if (known) {
    const fresh = waiting.filter((item) => !known.has(item.id));
    if (fresh.length > 0) {
      news.textContent = `${fresh.length} new in the queue: ${fresh.map((item) => `P${item.priority} ${reasonName(item.reason)}`).join(", ")}`;
      chime();
    }
  }
  known = new Set([...(known || []), ...waiting.map((item) => item.id)]);
  document.title = waiting.length > 0 ? `(${waiting.length}) ${PAGE_TITLE}` : PAGE_TITLE;
  queue = escalations;
  renderQueue();
}

let searching;
function refilter() {
  clearTimeout(searching);
  searching = setTimeout(() => {
    const search = queueSearch.value.trim();
    if (search.length === 1) return; // one letter finds everyone: wait for the next
    loadQueue().catch((error) => (news.textContent = `Search failed: ${error.message}`));
  }, 250);
}
queueFilters.addEventListener("change", refilter);
queueSearch.addEventListener("input", refilter);
queueFilters.addEventListener("submit", (event) => {
  event.preventDefault();
  refilter();
});

function section(title, ...content) {
  return el("section", { class: "panel" }, el("h3", {}, title), ...content);
}

function facts(pairs) {
  return el("dl", { class: "facts" }, pairs.filter(([, value]) => value !== null && value !== undefined && value !== "").flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, String(value))]));
}

async function run(item, label, path, body, done) {
  status.textContent = `${label}...`;
  try {
    const result = await api(path, { method: "POST", body: JSON.stringify(body || {}) });
    if (result.waitingForTenant) {
      status.textContent = `${label}: waiting. It is over 24 hours since their last WhatsApp message, so WhatsApp's approved template has asked them to reply; your reply goes as soon as they do.`;
    } else if (result.deliveryStatus) {
      // Queued is not sent: the transcript shows what happened next beside the message.
      status.textContent = `${label}: queued to send${result.channel ? ` by ${channelName(result.channel)}` : ""}. Whether it went shows under it in the transcript.`;
    } else {
      status.textContent = `${label}: done.`;
    }
    if (done) done();
    await Promise.all([loadQueue(), openEscalation(item.id, false)]);
  } catch (error) {
    status.textContent = `${label}: not done. ${error.message}`;
  }
}

/** The buttons that belong in the header: claim, or hand back, and who holds it. */
function headActions(item) {
  if (item.status === "open") {
    return el("div", { class: "head-actions" }, el("button", { type: "button", onclick: () => run(item, "Claim", `/api/escalations/${item.id}/claim`) }, "Claim this conversation"));
  }
  if (item.status !== "claimed") return el("div", { class: "head-actions" }, el("p", {}, `This conversation is ${item.status.replace("_", " ")}.`));
  if (!item.claimedByYou) return el("div", { class: "head-actions" }, el("p", {}, `${item.claimedBy} is handling this conversation.`));
  return el(
    "div",
    { class: "head-actions" },
    el("p", {}, "You hold this conversation: the bot is quiet."),
    el("button", { type: "button", class: "secondary", onclick: () => run(item, "Hand back", `/api/escalations/${item.id}/hand-back`) }, "Hand back to the bot"),
  );
}

/** Puts a saved reply where the cursor is (or over what is selected), keeping the rest of the draft. */
function insertAtCursor(field, words) {
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  const before = field.value.slice(0, start);
  const gap = before && !/\s$/.test(before) ? " " : "";
  field.setRangeText(gap + words, start, end, "end");
  field.focus();
  field.oninput();
}

function replyForms(item) {
  if (item.status !== "claimed" || !item.claimedByYou) return [];
  const text = el("textarea", { id: "reply-text", rows: "4", maxlength: "1600", required: true });
  const counter = el("p", { id: "reply-count", class: "counter", "aria-live": "polite" }, "0 characters");
  let pending;
  // SMS segments matter only where the reply can go by text; a web chat or Teams reply is one message.
  const texted = PHONE_CHANNELS.has(item.channel);
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
    if (!event.target.value) return;
    insertAtCursor(text, event.target.value);
    event.target.value = "";
  } }, el("option", { value: "" }, "Insert a saved reply at the cursor..."));
  api("/api/saved-replies").then(({ savedReplies }) => saved.append(...savedReplies.map((reply) => el("option", { value: reply.body }, reply.title))));
  const outcome = el("input", { id: "outcome", type: "text", maxlength: "500", required: true });
  return [
    el(
      "form",
      { class: "reply", onsubmit: (event) => {
        event.preventDefault();
        run(item, "Reply", `/api/escalations/${item.id}/reply`, { text: text.value }, () => (text.value = ""));
      } },
      el("label", { for: "reply-text" }, "Reply to the tenant"),
      text,
      counter,
      el("label", { for: "saved-replies" }, "Saved replies"),
      saved,
      el("button", { type: "submit" }, "Send reply"),
    ),
    el(
      "form",
      { class: "close", onsubmit: (event) => {
        event.preventDefault();
        run(item, "Close", `/api/escalations/${item.id}/close`, { outcome: outcome.value });
      } },
      el("label", { for: "outcome" }, "Outcome"),
      outcome,
      el("button", { type: "submit" }, "Close conversation"),
    ),
  ];
}

function transcriptOf(item) {
  return el(
    "ol",
    { class: "transcript", "aria-label": "Transcript" },
    item.transcript.map((message) =>
      el(
        "li",
        { class: `message ${message.from}` },
        el("span", { class: "from" }, { tenant: "Tenant", bot: "Bot", event: "Note" }[message.from] || message.from),
        el("time", { datetime: message.at }, time(message.at)),
        message.channel ? el("span", { class: "channel" }, ` by ${channelName(message.channel)}`) : "",
        el("p", {}, message.body),
        message.deliveryStatus && message.direction === "outbound"
          ? el("span", { class: `delivery ${/fail|dead|not_sent|undelivered/.test(message.deliveryStatus) ? "not-sent" : ""}` }, sendStatus(message.deliveryStatus, message.deliveryError))
          : "",
      ),
    ),
  );
}

function privateNotes(item) {
  const field = el("textarea", { id: "private-note", rows: "3", maxlength: "2000", required: true });
  return section(
    "Private notes (staff only)",
    el("p", { class: "hint" }, "Seen only by staff. Never sent to the tenant."),
    item.case.privateNotes.length === 0
      ? el("p", {}, "No notes yet.")
      : el("ul", { class: "private-notes" }, item.case.privateNotes.map((note) => el("li", {}, el("span", { class: "by" }, `${note.by}, ${time(note.at)}`), el("p", {}, note.body)))),
    el(
      "form",
      { onsubmit: (event) => {
        event.preventDefault();
        run(item, "Private note", `/api/escalations/${item.id}/notes`, { text: field.value }, () => (field.value = ""));
      } },
      el("label", { for: "private-note" }, "Add a private note"),
      field,
      el("button", { type: "submit", class: "secondary" }, "Save note"),
    ),
  );
}

/** The case first (what it is, how urgent and why), then the tenant: beside the conversation. */
function casePanel(item) {
  const parts = [];
  if (item.case) {
    const { priorityReason, ...details } = item.case.details;
    parts.push(
      section(
        `Case ${item.case.reference}`,
        facts([
          ["Type", words(item.case.type)],
          ["Category", words(item.case.category)],
          ["Priority", words(item.case.priority)],
          [fieldName("priorityReason"), priorityReason],
          ["Status", words(item.case.status)],
          ["What they said", item.case.description],
          ...Object.entries(details).map(([name, value]) => [fieldName(name), fieldValue(value)]),
          ...item.case.deadlines.map((deadline) => [deadline.rule, time(deadline.dueAt)]),
          ["Satisfaction", item.case.satisfaction ? `${item.case.satisfaction.score} out of 5, ${time(item.case.satisfaction.at)}` : null],
        ]),
        ...caseUpdates(item.case.updates),
        ...(item.case.type === "repair"
          ? [el("p", {}, el("a", { href: `/console/appointments/${encodeURIComponent(item.case.reference)}` }, `Visits for ${item.case.reference}: book, move or cancel`))]
          : []),
      ),
      privateNotes(item),
    );
  } else {
    parts.push(section("Case", el("p", {}, "No case was raised in this conversation.")));
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
          ["Prefers", item.tenant.contactPreference ? channelName(item.tenant.contactPreference) : null],
        ]),
        el("h4", {}, "History"),
        el("ul", {}, item.tenant.history.map((past) => el("li", {}, `${past.reference} ${words(past.type)} (${words(past.category)}), ${words(past.status)}, ${time(past.reportedAt)}`))),
      ),
    );
  } else {
    parts.push(section("Tenant", el("p", {}, "Not known: they have not been matched to a tenancy.")));
  }
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
  return el("aside", { class: "case-panel", "aria-label": "Case and tenant" }, ...parts);
}

async function openEscalation(id, focus = true) {
  const switched = id !== openId;
  openId = id;
  renderQueue();
  const item = await api(`/api/escalations/${id}`);
  if (switched) status.textContent = "";
  const who = item.tenant ? item.tenant.name : whoIs({ channel: item.channel, address: item.address });
  const head = el(
    "div",
    { class: "conversation-head" },
    el("h2", { id: "detail-heading" }, `${reasonName(item.reason)}: ${who}`),
    el(
      "p",
      { class: "summary" },
      el("span", { class: `priority-badge priority-${item.priority}` }, `P${item.priority}`),
      ` ${[item.case ? `Case ${item.case.reference}` : "No case", channelName(item.channel), PHONE_CHANNELS.has(item.channel) ? item.address : null, `respond by ${time(item.respondBy)} (${countdown(item.respondBy).text})`].filter(Boolean).join(" · ")}`,
    ),
    headActions(item),
    status,
  );
  const talk = el("div", { class: "talk", id: "talk", tabindex: "0", "aria-label": "Transcript and reply" }, transcriptOf(item), ...replyForms(item));
  // Redrawn when anything changes: keep what the member of staff is typing, where they are typing it, and where they
  // had scrolled to.
  const drafts = ["reply-text", "outcome", "private-note"].map((field) => [field, document.getElementById(field)]).map(([field, input]) => [field, input?.value, input?.selectionStart, input?.selectionEnd]);
  const typingIn = document.activeElement?.id;
  const scrolled = !switched && { talk: document.getElementById("talk")?.scrollTop, case: detail.querySelector(".case-panel")?.scrollTop };
  detail.replaceChildren(head, casePanel(item), talk);
  for (const [field, value, start, end] of drafts) {
    const input = document.getElementById(field);
    if (!input || !value) continue;
    input.value = value;
    // Where the cursor was, so a saved reply still goes in there.
    input.setSelectionRange(start, end);
    // The new panel's counter starts at nothing: count the kept draft again.
    input.oninput?.();
  }
  if (scrolled) {
    talk.scrollTop = scrolled.talk ?? 0;
    detail.querySelector(".case-panel").scrollTop = scrolled.case ?? 0;
  } else {
    // A new conversation opens at its latest messages, with the reply form under them.
    const last = talk.querySelector(".message:last-child");
    talk.scrollTop = last ? last.offsetTop - talk.clientHeight / 3 : 0;
  }
  if (typingIn && !focus) document.getElementById(typingIn)?.focus({ preventScroll: true });
  if (focus) {
    // Opened from low in a long page: bring the whole workspace (header, Claim) into view.
    if (workspace.getBoundingClientRect().top < 0) workspace.scrollIntoView({ block: "start" });
    detail.focus({ preventScroll: true });
  }
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
    node.textContent = waited(node.dataset.created, node.dataset.respondBy);
    node.classList.toggle("late", countdown(node.dataset.respondBy).late);
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

// The workspace fills the screen under the header, whatever height the header wraps to.
const fitWorkspace = () => document.documentElement.style.setProperty("--top-height", `${document.querySelector(".top").offsetHeight}px`);
window.addEventListener("resize", fitWorkspace);
fitWorkspace();
loadQueue().catch((error) => (news.textContent = error.message));
refreshUndelivered();
