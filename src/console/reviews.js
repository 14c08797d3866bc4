// The console's "Check what the bot understood" section: each message kept for review with why it was kept and what
// the bot made of it; staff choose the right intent and tick every danger kind, and Save. Only reviewed messages
// ever become training data. Uses el(), api() and time() from console.js, which loads first.
"use strict";

const reviewsHeading = document.getElementById("reviews-heading");
const reviewsList = document.getElementById("reviews-list");
const reviewsEmpty = document.getElementById("reviews-empty");
// Beside the list: a saved message leaves the list, and the result must stay on screen.
const reviewsStatus = document.getElementById("reviews-status");
const DANGER_GROUPS = { danger_now: "Danger now", emergency_repair: "Emergency repair", person_at_risk: "A person at risk of harm" };
let vocabulary = { intents: [], dangers: [] };
const shownReviews = new Set();

const intentLabel = (name) => vocabulary.intents.find((intent) => intent.name === name)?.label || name;
const dangerLabel = (kind) => vocabulary.dangers.find((danger) => danger.kind === kind)?.label || kind;

function whyKept(item) {
  if (item.reason === "rerouted") return `The tenant chose "${intentLabel(item.tenantChose)}" instead of the bot's guess`;
  if (item.reason === "safeguarding") return "The bot raised a safeguarding alert";
  return "The bot was not sure what this was about";
}

function reviewForm(item) {
  const prefix = `review-${item.id}`;
  // Start from the tenant's own choice where they made one, otherwise the bot's guess: the person changes what is wrong.
  const startIntent = item.tenantChose || item.bot.intent;
  const intent = el(
    "select",
    { id: `${prefix}-intent`, name: "intent", required: true },
    vocabulary.intents.map((choice) => el("option", { value: choice.name, selected: choice.name === startIntent }, choice.label)),
  );
  const groups = Object.entries(DANGER_GROUPS).map(([group, legend]) =>
    el(
      "fieldset",
      { class: "danger-group" },
      el("legend", {}, legend),
      vocabulary.dangers
        .filter((danger) => danger.group === group)
        .map((danger) => {
          const id = `${prefix}-danger-${danger.kind}`;
          return el(
            "div",
            { class: "tick" },
            el("input", { type: "checkbox", id, name: "dangers", value: danger.kind, checked: item.bot.dangers.includes(danger.kind) }),
            el("label", { for: id }, danger.label),
          );
        }),
    ),
  );
  const form = el(
    "form",
    { class: "review-form", "aria-labelledby": `${prefix}-heading`, onsubmit: (event) => {
      event.preventDefault();
      saveReview(item, form);
    } },
    el("label", { for: `${prefix}-intent` }, "What did they want?"),
    intent,
    el("fieldset", { class: "dangers" }, el("legend", {}, "Danger or harm in the message: tick every one, or none"), groups),
    el("button", { type: "submit" }, "Save"),
  );
  return form;
}

function reviewItem(item) {
  const found = item.bot.dangers.length > 0 ? item.bot.dangers.map(dangerLabel).join(", ") : "None";
  return el(
    "li",
    { class: "review-item", "data-review-id": item.id },
    el("h3", { id: `review-${item.id}-heading`, tabindex: "-1" }, `"${item.text}"`),
    facts([
      ["Why it was kept", whyKept(item)],
      ["The bot thought", `${intentLabel(item.bot.intent)} (${Math.round(item.bot.confidence * 100)}% sure)`],
      ["Danger the bot found", found],
      ["Kept", time(item.keptAt)],
    ]),
    reviewForm(item),
  );
}

function countReviews() {
  const count = reviewsList.children.length;
  reviewsHeading.textContent = `Check what the bot understood (${count})`;
  reviewsEmpty.hidden = count > 0;
}

/** Adds what is new to the list; items already shown keep whatever the member of staff has chosen in them. */
async function loadReviews() {
  const list = await api("/api/nlu/reviews?status=pending");
  vocabulary = { intents: list.intents, dangers: list.dangers };
  const fresh = list.reviews.filter((item) => !shownReviews.has(item.id));
  for (const item of fresh) shownReviews.add(item.id);
  reviewsList.append(...fresh.map(reviewItem));
  countReviews();
  return fresh.length;
}

async function saveReview(item, form) {
  const button = form.querySelector("button[type=submit]");
  const intent = form.elements.namedItem("intent").value;
  const dangers = [...form.querySelectorAll("input[name=dangers]:checked")].map((box) => box.value);
  button.disabled = true;
  reviewsStatus.textContent = `Saving "${item.text}"...`;
  try {
    await api(`/api/nlu/reviews/${item.id}`, { method: "POST", body: JSON.stringify({ intent, dangers }) });
    reviewsStatus.textContent = `Saved "${item.text}" as ${intentLabel(intent)}, ${dangers.length > 0 ? dangers.map(dangerLabel).join(", ") : "no danger"}.`;
  } catch (error) {
    reviewsStatus.textContent = `Could not save "${item.text}": ${error.message}`;
    button.disabled = false;
    return;
  }
  // The saved message leaves the list: go on to the next one, or to the heading when none is left.
  const row = form.closest("li");
  const next = row.nextElementSibling || row.previousElementSibling;
  row.remove();
  countReviews();
  (next?.querySelector("h3") || reviewsHeading).focus();
}

document.getElementById("reviews-refresh").onclick = () =>
  loadReviews()
    .then((fresh) => (reviewsStatus.textContent = fresh > 0 ? `${fresh} more to check.` : "No new ones."))
    .catch((error) => (reviewsStatus.textContent = `Could not load the messages to check: ${error.message}`));

loadReviews().catch((error) => (reviewsStatus.textContent = `Could not load the messages to check: ${error.message}`));
