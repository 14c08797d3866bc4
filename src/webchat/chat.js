// The guided web chat: a small Direct Line 3.0 client. Every answer is a button; the bot's messages can be read
// aloud with the browser's own speech; photos are made smaller on the phone before they are sent.
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
  const photo = document.getElementById("photo");
  const seen = new Set();
  const mine = new Set();
  let session = JSON.parse(sessionStorage.getItem("directline") || "null");
  let watermark = "";
  let polling = null;
  // After a tap the tapped button is gone: keyboard and screen reader users are taken to the next answers.
  let refocus = false;

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

  // Phone numbers in the bot's words become links, so "ring 999" is one tap.
  const PHONE = /\b(999|111|101|105|0800 ?\d{3} ?\d{3,4}|0\d{2,4} ?\d{3} ?\d{3,4})\b/g;

  function withLinks(element, words) {
    let last = 0;
    for (const match of words.matchAll(PHONE)) {
      element.append(words.slice(last, match.index));
      const link = document.createElement("a");
      link.href = "tel:" + match[0].replace(/ /g, "");
      link.textContent = match[0];
      element.append(link);
      last = match.index + match[0].length;
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

  function bubble(who, said, extra) {
    const item = document.createElement("li");
    item.className = "message " + who;
    const paragraph = document.createElement("p");
    if (who === "bot") withLinks(paragraph, said);
    else paragraph.textContent = said;
    item.append(paragraph);
    if (extra) item.append(extra);
    if (who === "bot" && "speechSynthesis" in window) {
      const speak = document.createElement("button");
      speak.type = "button";
      speak.className = "speak";
      const icon = document.createElement("span");
      icon.className = "icon";
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = "\u{1F50A}";
      speak.append(icon, words["chat.read_aloud"]);
      speak.setAttribute("aria-label", words["chat.read_aloud"] + ": " + said.slice(0, 60));
      speak.addEventListener("click", () => readAloud(said));
      item.append(speak);
    }
    log.append(item);
    item.scrollIntoView({ block: "nearest" });
    return item;
  }

  function showChoices(actions) {
    choices.replaceChildren();
    for (const action of actions) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "choice";
      const icon = action.channelData && action.channelData.icon;
      if (icon) {
        const span = document.createElement("span");
        span.className = "icon";
        span.setAttribute("aria-hidden", "true");
        span.textContent = icon;
        button.append(span);
      }
      button.append(action.title);
      button.addEventListener("click", () => send(action.value));
      choices.append(button);
    }
  }

  function receive(page) {
    if (page.watermark) watermark = page.watermark;
    let actions = null;
    let first = null;
    for (const activity of page.activities) {
      if (seen.has(activity.id)) continue;
      seen.add(activity.id);
      if (activity.from.role === "user") {
        const local = activity.channelData && activity.channelData.clientActivityID;
        if (local && mine.has(local)) continue;
        bubble("user", activity.text || words["chat.photo_sent"]);
        continue;
      }
      const said = bubble("bot", activity.text);
      first = first || said;
      actions = activity.suggestedActions ? activity.suggestedActions.actions : [];
    }
    if (actions) showChoices(actions);
    if (actions && actions.length > 0 && refocus) {
      refocus = false;
      choices.querySelector("button").focus({ preventScroll: true });
    }
    // The first new message at the top of the screen (safety advice comes first), the rest and the answers below.
    if (first) first.scrollIntoView({ block: "start" });
  }

  function clientId() {
    const id = "web-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
    mine.add(id);
    return id;
  }

  async function send(words) {
    const said = words.trim();
    if (!said) return;
    refocus = choices.contains(document.activeElement);
    choices.replaceChildren();
    bubble("user", said);
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
    bubble("user", words["chat.photo_sent"], extra);
    const form = new FormData();
    const activity = { type: "message", from: { id: "tenant" }, channelData: { clientActivityID: clientId() }, attachments: [{ contentType: "image/jpeg", name: "photo.jpg" }] };
    form.append("activity", new Blob([JSON.stringify(activity)], { type: "application/vnd.microsoft.activity" }));
    form.append("file", picture.blob, "photo.jpg");
    try {
      await call("POST", "/conversations/" + session.conversationId + "/upload?userId=tenant", form);
      if (polling) await poll();
    } catch (error) {
      bubble("bot", words["chat.photo_failed"]);
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
  connect(false);
  setInterval(refresh, 15 * 60 * 1000);
})();
