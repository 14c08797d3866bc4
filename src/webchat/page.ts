// The guided web chat at /chat: one page, its script and styles as files (the Content-Security-Policy forbids inline
// script), and its words from the content catalogue. It talks to the bot over Direct Line (src/channels/directline).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { ContentKey } from "../../dialogs/content/en";
import { iconFor } from "../../dialogs/content/icons";
import { render, standingVars } from "../conversation/content";
import { escapeHtml } from "../http/html";

const SCRIPT = readFileSync(join(__dirname, "chat.js"), "utf8");
const STYLES = readFileSync(join(__dirname, "chat.css"), "utf8");

const WORDS: ContentKey[] = [
  "chat.title",
  "chat.intro",
  "chat.read_aloud",
  "chat.photo",
  "chat.type",
  "chat.send",
  "chat.you",
  "chat.answers",
  "chat.type_open",
  "chat.phone_label",
  "chat.connecting",
  "chat.offline",
  "chat.photo_sent",
  "chat.photo_failed",
  "shortcut.back",
  "shortcut.menu",
  "shortcut.person",
];

export function chatPage(landlord: Parameters<typeof standingVars>[0]): string {
  const vars = standingVars(landlord);
  const words: Record<string, string> = Object.fromEntries(WORDS.map((key) => [key, render(key, vars)]));
  words.landlordName = landlord.name;
  const shortcut = (key: ContentKey, send: string) =>
    `<button type="button" class="shortcut" data-send="${escapeHtml(send)}"><span class="icon" aria-hidden="true">${iconFor(key)}</span><span class="label">${escapeHtml(words[key]!)}</span></button>`;
  // JSON in a non-executing script block: the words the script needs, escaped so it cannot close the block.
  const json = JSON.stringify(words).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(words["chat.title"]!)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/chat/chat.css">
<script id="words" type="application/json">${json}</script>
<script src="/chat/chat.js" defer></script>
</head>
<body>
<header><h1>${escapeHtml(words["chat.title"]!)}</h1><p>${escapeHtml(words["chat.intro"]!)}</p></header>
<main>
<ol id="log" class="log" aria-live="polite" aria-relevant="additions" aria-label="Messages"></ol>
<p id="status" class="status" role="status">${escapeHtml(words["chat.connecting"]!)}</p>
<div id="choices" class="choices" role="group" aria-label="Answers"></div>
</main>
<footer id="footer">
<form id="typing" class="typing" hidden>
<label for="text" id="text-label">${escapeHtml(words["chat.type"]!)}</label>
<div><input id="text" name="text" autocomplete="off" maxlength="2000"><button type="submit">${escapeHtml(words["chat.send"]!)}</button></div>
</form>
<nav class="shortcuts" aria-label="Always here">
${shortcut("shortcut.back", "Back")}
${shortcut("shortcut.menu", "Menu")}
${shortcut("shortcut.person", "Talk to a person")}
<label class="shortcut photo"><span class="icon" aria-hidden="true">${iconFor("chat.photo")}</span><span class="label">${escapeHtml(words["chat.photo"]!)}</span><input id="photo" type="file" accept="image/*" capture="environment"></label>
<button type="button" class="shortcut" id="type-open" aria-expanded="false" aria-controls="typing"><span class="icon" aria-hidden="true">${iconFor("chat.type_open")}</span><span class="label">${escapeHtml(words["chat.type_open"]!)}</span></button>
</nav>
</footer>
</body>
</html>`;
}

export async function webChatPage(app: FastifyInstance): Promise<void> {
  const page = chatPage(app.config.landlord);
  app.get("/chat", { schema: { hide: true } }, (_request, reply) => reply.header("cache-control", "no-store").type("text/html; charset=utf-8").send(page));
  app.get("/chat/chat.js", { schema: { hide: true } }, (_request, reply) => reply.type("text/javascript; charset=utf-8").send(SCRIPT));
  app.get("/chat/chat.css", { schema: { hide: true } }, (_request, reply) => reply.type("text/css; charset=utf-8").send(STYLES));
}
