// `npm run chat`: a terminal phone. You type as a tenant; each text goes through the real, signed Twilio webhook
// and the replies are shown as a basic phone would show them, with the SMS segment count.
// It talks to the server on PORT if one is running, otherwise it runs the app in this process.
import { createServer, type Server } from "node:http";
import readline from "node:readline/promises";
import { buildApp } from "../src/app";
import { smsSegments } from "../src/channels/twilio/gsm";
import { messagesInTwiml, signedWebhook, smsParams } from "../src/channels/twilio/simulator";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { migrateIfNeeded } from "../src/db/migrate";
import { DEMO_TENANTS, seedDemoData } from "../src/tenants/demo";
import { normalisePhone } from "../src/tenants/phone";

type Send = (path: string, headers: Record<string, string>, payload: string) => Promise<{ status: number; body: string }>;

async function connect(): Promise<{ send: Send; close: () => Promise<void>; where: string }> {
  const config = loadConfig({ LOG_LEVEL: "silent", ...process.env });
  const base = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${config.port}`;
  const running = await fetch(`${base}/health`).then((response) => response.ok).catch(() => false);
  if (running) {
    return {
      where: `the server at ${base}`,
      send: async (path, headers, payload) => {
        const response = await fetch(base + path, { method: "POST", headers, body: payload });
        return { status: response.status, body: await response.text() };
      },
      close: async () => undefined,
    };
  }
  await migrateIfNeeded(config.database, process.env);
  const db = await openDatabase(config.database);
  if (config.seedDemoData) await seedDemoData(db.prisma);
  // Texts the bot starts to other numbers (a code to a new phone) are shown here instead of going to Twilio.
  const sender = {
    async send(message: { to: string; body: string }) {
      console.log(`  (the bot texted ${message.to}:)`);
      show(message.body);
      return { providerSid: "chat", status: "delivered" };
    },
  };
  const app = await buildApp({ config, db, logger: false, senders: { sms: sender } });
  return {
    where: "the app in this process (no server was running)",
    send: async (path, headers, payload) => {
      const response = await app.inject({ method: "POST", url: path, headers, payload });
      return { status: response.statusCode, body: response.body };
    },
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

const PHONE_WIDTH = 40;

/** Breaks text into lines no wider than a basic phone's screen, keeping the message's own line breaks. */
function wrap(text: string): string[] {
  return text.split("\n").flatMap((paragraph) => {
    const lines: string[] = [];
    let line = "";
    for (const word of paragraph.split(" ")) {
      if (line && (line + " " + word).length > PHONE_WIDTH) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
    return lines;
  });
}

function show(text: string): void {
  const { segments, encoding } = smsSegments(text);
  const lines = wrap(text);
  const width = Math.max(...lines.map((line) => line.length));
  console.log(`  +${"-".repeat(width + 2)}+`);
  for (const line of lines) console.log(`  | ${line.padEnd(width)} |`);
  console.log(`  +${"-".repeat(width + 2)}+ ${segments} SMS segment${segments === 1 ? "" : "s"}, ${encoding}`);
}

/** Where a server started with TWILIO_API_BASE_URL=http://127.0.0.1:<this> sends the texts it starts (README). */
const PHONE_PORT = Number(process.env.CHAT_PHONE_PORT ?? 4010);

/**
 * Answers as Twilio's Messages API would, and shows each text a running server starts (a staff reply, a repair
 * update, a reminder) as it arrives. Null when the port is taken: the chat works without it.
 */
async function listenForTexts(): Promise<Server | null> {
  let issued = 0;
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      response.setHeader("content-type", "application/json");
      if (request.method === "GET") return response.end(JSON.stringify({ messages: [], next_page_uri: null, page: 0, page_size: 50 }));
      const form = new URLSearchParams(body);
      console.log(`\n  (the bot texted ${form.get("To")}:)`);
      show(form.get("Body") ?? `[template ${form.get("ContentSid")}]`);
      process.stdout.write("you> ");
      issued += 1;
      response.statusCode = 201;
      response.end(JSON.stringify({ sid: `SMchat${String(issued).padStart(28, "0")}`, status: "sent", to: form.get("To"), body: form.get("Body") }));
    });
  });
  return new Promise((resolve) => {
    server.once("error", () => resolve(null));
    server.listen(PHONE_PORT, "127.0.0.1", () => resolve(server));
  });
}

async function main(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: "silent", ...process.env });
  const { send, close, where } = await connect();
  const phone = where.startsWith("the server") ? await listenForTexts() : null;
  const terminal = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const demo = DEMO_TENANTS[0];
  console.log(`Texting ${where}. Type as a tenant would; Ctrl+D or /quit to hang up.`);
  process.stdout.write(`Which number are you texting from? (Enter for ${demo.phone}, ${demo.firstName} ${demo.lastName}, a demo tenant) `);
  let from: string | null = null;
  // Reading line by line (not question()) so that piped input works as well as typing.
  for await (const line of terminal) {
    if (from === null) {
      const number = normalisePhone(line.trim() || demo.phone);
      if (!/^\+[1-9][0-9]{7,14}$/.test(number)) {
        process.stdout.write(`"${line.trim()}" is not a phone number. Type one like 07700 900123, or press Enter for ${demo.phone}: `);
        continue;
      }
      from = number;
      console.log(`You are ${from}.`);
    } else {
      if (line.trim() === "/quit") break;
      if (!process.stdin.isTTY) console.log(line);
      const request = signedWebhook(config.twilioAuthToken, config.publicUrl, "/webhooks/twilio/sms", smsParams(from, line));
      const response = await send(request.path, request.headers, request.payload);
      if (response.status !== 200) {
        console.log(`  (the server answered ${response.status}: ${response.body})`);
      } else {
        const replies = messagesInTwiml(response.body);
        if (replies.length === 0) console.log("  (no reply)");
        replies.forEach(show);
      }
    }
    process.stdout.write("you> ");
  }
  console.log();
  terminal.close();
  phone?.close();
  await close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
