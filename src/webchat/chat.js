// The guided web chat: a small Direct Line 3.0 client. Every answer is a button; each message says who said it; a
// question can be read aloud with its answers, by the browser's own speech; photos are made smaller on the phone
// before they are sent. The current question and its answers are kept in view together (see layout()).
"use strict";
(function () {
  const API = "/v3/directline";
  const MAX_SIDE = 1600;
  const words = JSON.parse(document.getElementById("words").textContent);
  const log = document.getElementById("log");
  const choices = document.getElementById("choices");
  const status = document.getElementById("status");
  const typing = document.getElementById("typing");
  const text = document.getElementById("text");
  const textLabel = document.getElementById("text-label");
  const typeOpen = document.getElementById("type-open");
  const footer = document.getElementById("footer");
  const photo = document.getElementById("photo");
  /** A tap on a danger answer this soon after it is drawn is the second half of a double tap: it is not taken. */
  const DANGER_GUARD_MS = 600;
  const seen = new Set();
  const mine = new Set();
  let session = JSON.parse(sessionStorage.getItem("directline") || "null");
  let watermark = "";
  let polling = null;
  // After a tap the tapped button is gone: keyboard and screen reader users are taken to the next question.
  let refocus = false;
  // The last message from us: the question the answers below belong to.
  let current = null;

  function setStatus(message) {
    status.textContent = message;
    status.hidden = !message;
  }

  function save() {
    sessionStorage.setItem("directline", JSON.stringify(session));
  }

  async function call(method, path, body) {
    const headers = { Authorization: "Bearer " + session.token };
    const form = body instanceof FormData;
    if (body && !form) headers["Content-Type"] = "application/json";
    const response = await fetch(API + path, { method, headers, body: form ? body : body && JSON.stringify(body) });
    if (!response.ok) {
      const error = new Error("Direct Line answered " + response.status);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  // Phone numbers and web addresses in our words become links, so "ring 999" is one tap.
  const LINKS = /\b(999|111|101|105|0800 ?\d{3} ?\d{3,4}|0\d{2,4} ?\d{3} ?\d{3,4})\b|\b((?:https?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/[^\s]*)?)/gi;

  function withLinks(element, words) {
    let last = 0;
    for (const match of words.matchAll(LINKS)) {
      // "...at merseyhomes.org/pay." : the full stop ends the sentence, not the address.
      const found = match[1] || match[2].replace(/[.,;:!?)]+$/, "");
      if (match[2] && match[2].includes("@")) continue;
      element.append(words.slice(last, match.index));
      const link = document.createElement("a");
      if (match[1]) {
        link.href = "tel:" + found.replace(/ /g, "");
        link.className = "tel";
      } else {
        link.href = /^https?:/i.test(found) ? found : "https://" + found;
        link.target = "_blank";
        link.rel = "noopener";
      }
      link.textContent = found;
      element.append(link);
      last = match.index + found.length;
    }
    element.append(words.slice(last));
  }

  function readAloud(words) {
    window.speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(words);
    utterance.lang = "en-GB";
    utterance.rate = 0.9;
    window.speechSynthesis.speak(utterance);
  }

  /** At most `max` characters of `said`, cut between words, for a button's name. */
  function shortened(said, max) {
    if (said.length <= max) return said;
    const cut = said.slice(0, max + 1);
    const space = cut.lastIndexOf(" ");
    return (space > 0 ? cut.slice(0, space) : said.slice(0, max)).replace(/[\s,.;:]+$/, "") + "\u2026";
  }

  /** `who` is "bot", "staff" or "user"; `speaker` the name shown above the message and read first by screen readers. */
  function bubble(who, speaker, said, extra) {
    const item = document.createElement("li");
    item.className = "message " + who;
    const name = document.createElement("span");
    name.className = "speaker";
    name.textContent = speaker;
    const paragraph = document.createElement("p");
    paragraph.tabIndex = -1;
    if (who === "user") paragraph.textContent = said;
    else withLinks(paragraph, said);
    item.append(name, paragraph);
    if (extra) item.append(extra);
    log.append(item);
    return item;
  }

  /** One button at the end of a turn reads all its messages aloud, then the answers it offers. */
  function speakButton(item, turn, actions) {
    if (!("speechSynthesis" in window)) return;
    const titles = actions.filter((action) => !(action.channelData && action.channelData.keypad)).map((action) => action.title);
    const spoken = turn.join(" ") + (titles.length > 0 ? " " + words["chat.answers"] + " " + titles.join(". ") + "." : "");
    const speak = document.createElement("button");
    speak.type = "button";
    speak.className = "speak";
    const icon = document.createElement("span");
    icon.className = "icon";
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = "\u{1F50A}";
    speak.append(icon, words["chat.read_aloud"]);
    speak.setAttribute("aria-label", words["chat.read_aloud"] + ": " + shortened(turn[turn.length - 1], 60));
    speak.addEventListener("click", () => readAloud(spoken));
    item.append(speak);
  }

  function setKeypad(keypad) {
    text.type = keypad === "phone" ? "tel" : "text";
    text.inputMode = keypad === "phone" ? "tel" : "text";
    text.autocomplete = keypad === "phone" ? "tel" : "off";
    textLabel.textContent = keypad === "phone" ? words["chat.phone_label"] : words["chat.type"];
  }

  function openTyping(keypad) {
    setKeypad(keypad);
    typing.hidden = false;
    typeOpen.setAttribute("aria-expanded", "true");
    layout(null);
    text.focus();
  }

  function showChoices(actions) {
    choices.replaceChildren();
    choices.classList.toggle("many", actions.length > 4);
    for (const action of actions) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "choice";
      const data = action.channelData || {};
      const icon = data.icon;
      if (icon) {
        const span = document.createElement("span");
        span.className = "icon";
        span.setAttribute("aria-hidden", "true");
        span.textContent = icon;
        button.append(span);
      }
      button.append(action.title);
      if (data.keypad) {
        button.addEventListener("click", () => openTyping(data.keypad));
      } else {
        button.addEventListener("click", () => send(action.value));
      }
      if (data.danger) {
        // Drawn where the last tap was: a second tap or Enter meant for the last question must not choose danger.
        button.disabled = true;
        button.classList.add("danger");
        setTimeout(() => {
          button.disabled = false;
        }, DANGER_GUARD_MS);
      }
      choices.append(button);
    }
  }

  // Keeps the current question and all its answers on the screen together, measured, not guessed: `first` (the
  // first new message: safety advice comes first) is brought to the top of the screen; if the answers then end
  // under the pinned footer, the footer folds into the page after them; if they still do not fit, the page scrolls
  // on until the last answer is in view, as far as the question's own top allows.
  function layout(first) {
    const body = document.body;
    body.classList.remove("folded");
    const top = first || current;
    const scrollTo = (element) => window.scrollTo({ top: Math.max(0, window.scrollY + element.getBoundingClientRect().top - 4) });
    if (top) scrollTo(top);
    if (current && choices.childElementCount > 0) {
      const answersEnd = () => choices.getBoundingClientRect().bottom;
      if (answersEnd() > footer.getBoundingClientRect().top) {
        body.classList.add("folded");
        scrollTo(top);
        const over = answersEnd() - window.innerHeight;
        if (over > 0) window.scrollBy({ top: Math.min(over, current.getBoundingClientRect().top - 4) });
      }
    }
    // The pinned footer never hides the focused answer: scrolling into view stops above it.
    document.documentElement.style.scrollPaddingBottom = (body.classList.contains("folded") ? 0 : footer.offsetHeight) + "px";
  }

  function receive(page) {
    if (page.watermark) watermark = page.watermark;
    let actions = null;
    let first = null;
    let last = null;
    let turn = [];
    for (const activity of page.activities) {
      if (seen.has(activity.id)) continue;
      seen.add(activity.id);
      if (activity.from.role === "user") {
        const local = activity.channelData && activity.channelData.clientActivityID;
        if (local && mine.has(local)) continue;
        bubble("user", words["chat.you"], activity.text || words["chat.photo_sent"]);
        continue;
      }
      const staff = Boolean(activity.channelData && activity.channelData.fromStaff);
      const speaker = activity.from.name || words.landlordName;
      last = bubble(staff ? "staff" : "bot", speaker, activity.text);
      first = first || last;
      turn.push(activity.text);
      actions = activity.suggestedActions ? activity.suggestedActions.actions : [];
    }
    if (last) {
      current = last;
      speakButton(last, turn, actions || []);
    }
    if (actions) {
      showChoices(actions);
      setKeypad(null);
    }
    // Only when something new came: an empty page (a poll with nothing new) must not move what the tenant is reading.
    if (last || actions) layout(first);
    if (last && refocus) {
      refocus = false;
      // The question, not an answer: a second Enter meant for the last question then chooses nothing.
      last.querySelector("p").focus({ preventScroll: true });
    }
  }

  function clientId() {
    const id = "web-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
    mine.add(id);
    return id;
  }

  async function send(answer) {
    const said = answer.trim();
    if (!said) return;
    refocus = choices.contains(document.activeElement) || typing.contains(document.activeElement);
    choices.replaceChildren();
    bubble("user", words["chat.you"], said);
    try {
      await call("POST", "/conversations/" + session.conversationId + "/activities", {
        type: "message",
        text: said,
        from: { id: "tenant" },
        channelData: { clientActivityID: clientId() },
      });
      if (polling) await poll();
    } catch (error) {
      setStatus(words["chat.offline"]);
    }
  }

  // A phone photo can be 10 MB: it is made at most 1600 pixels a side, as a JPEG, before it goes.
  async function smaller(file) {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.8));
    return { blob, preview: canvas.toDataURL("image/jpeg", 0.3) };
  }

  async function sendPhoto(file) {
    let picture;
    try {
      picture = await smaller(file);
    } catch (error) {
      picture = { blob: file, preview: null };
    }
    let extra = null;
    if (picture.preview) {
      extra = document.createElement("img");
      extra.src = picture.preview;
      extra.alt = words["chat.photo_sent"];
    }
    bubble("user", words["chat.you"], words["chat.photo_sent"], extra);
    const form = new FormData();
    const activity = { type: "message", from: { id: "tenant" }, channelData: { clientActivityID: clientId() }, attachments: [{ contentType: "image/jpeg", name: "photo.jpg" }] };
    form.append("activity", new Blob([JSON.stringify(activity)], { type: "application/vnd.microsoft.activity" }));
    form.append("file", picture.blob, "photo.jpg");
    try {
      await call("POST", "/conversations/" + session.conversationId + "/upload?userId=tenant", form);
      if (polling) await poll();
    } catch (error) {
      bubble("bot", words.landlordName, words["chat.photo_failed"]);
    }
  }

  async function poll() {
    const page = await call("GET", "/conversations/" + session.conversationId + "/activities?watermark=" + watermark);
    receive(page);
  }

  function startPolling() {
    if (polling) return;
    polling = setInterval(() => poll().catch(() => setStatus(words["chat.offline"])), 1500);
  }

  function openStream(url) {
    let socket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      startPolling();
      return;
    }
    socket.addEventListener("message", (event) => {
      if (event.data) receive(JSON.parse(event.data));
    });
    // A network that blocks WebSockets still gets every message, a little later.
    socket.addEventListener("close", () => startPolling());
  }

  // Tokens last an hour: a tenant who takes their time keeps their conversation.
  async function refresh() {
    if (!session) return;
    try {
      const renewed = await call("POST", "/tokens/refresh");
      session.token = renewed.token;
      save();
    } catch (error) {
      // The next message will say if the connection is lost.
    }
  }

  async function connect(retried) {
    try {
      if (!session) {
        const response = await fetch(API + "/tokens/generate", { method: "POST" });
        if (!response.ok) throw new Error("token " + response.status);
        const generated = await response.json();
        session = { conversationId: generated.conversationId, token: generated.token };
      }
      const started = await call("POST", "/conversations");
      session.token = started.token;
      save();
      setStatus("");
      await poll();
      openStream(started.streamUrl);
    } catch (error) {
      if (error.status === 403 && !retried) {
        session = null; // an old conversation's token ran out: start again
        return connect(true);
      }
      setStatus(words["chat.offline"]);
      setTimeout(() => connect(false), 5000);
    }
  }

  for (const button of document.querySelectorAll("[data-send]")) {
    button.addEventListener("click", () => send(button.dataset.send));
  }
  photo.addEventListener("change", () => {
    if (photo.files && photo.files[0]) sendPhoto(photo.files[0]);
    photo.value = "";
  });
  typing.addEventListener("submit", (event) => {
    event.preventDefault();
    send(text.value);
    text.value = "";
  });
  typeOpen.addEventListener("click", () => {
    if (typing.hidden) {
      openTyping(null);
      return;
    }
    typing.hidden = true;
    typeOpen.setAttribute("aria-expanded", "false");
    layout(null);
  });
  // A turned phone or a changed text size, not the browser's own bars showing and hiding as the page scrolls.
  let screenSize = window.innerWidth + "x" + window.innerHeight;
  window.addEventListener("resize", () => {
    const size = window.innerWidth + "x" + window.innerHeight;
    if (size === screenSize) return;
    screenSize = size;
    layout(null);
  });
  connect(false);
  setInterval(refresh, 15 * 60 * 1000);
})();
