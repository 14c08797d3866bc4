// SIGTERM drains the turn under way and stops within 10 s, whatever is left open: here a client that sent half a
// request and went quiet, which on its own would hold a plain close for a minute.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { messagesInTwiml, signedWebhook, smsParams } from "../../src/channels/twilio/simulator";
import { TEMPLATE_PGLITE_DIR } from "../support/databases";
import { createTestDatabase, type TestDatabase } from "../support/databases";

const AUTH_TOKEN = "shutdown-twilio-auth-token-0123456789";
const PUBLIC_URL = "https://shutdown.example.org";
const root = path.resolve(__dirname, "..", "..");

let database: TestDatabase | null = null;
let folder: string;
afterAll(async () => {
  await database?.dispose();
  fs.rmSync(folder, { recursive: true, force: true });
});

test("SIGTERM answers the text under way and exits within 10 s with a connection left half open", async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "tfd-shutdown-"));
  let databaseUrl: string;
  if (process.env.DATABASE_URL?.startsWith("postgres")) {
    database = await createTestDatabase();
    await database.close(); // the server opens its own; dispose drops it afterwards
    databaseUrl = (database.target as { url: string }).url;
  } else {
    fs.cpSync(TEMPLATE_PGLITE_DIR, path.join(folder, "db"), { recursive: true });
    databaseUrl = `pglite:${path.join(folder, "db")}`;
  }
  const port = 4400 + Math.floor(Math.random() * 400);
  const server = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "development", LOG_LEVEL: "error", PORT: String(port), DATABASE_URL: databaseUrl, SPOOL_DIR: path.join(folder, "spool"), PUBLIC_URL, TWILIO_AUTH_TOKEN: AUTH_TOKEN },
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
  // Starting a server (compiling, training, migrating) can take over 30 s on a loaded 2-core machine.
  for (const until = Date.now() + 90_000; Date.now() < until; ) {
    if (await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok).catch(() => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const idle = net.connect(port, "127.0.0.1");
  const idleClosed = new Promise<void>((resolve) => idle.once("close", () => resolve()));
  idle.on("error", () => undefined); // the server may reset the half-sent request as it stops: that is the point
  await new Promise((resolve) => idle.once("connect", resolve));
  idle.write("POST /webhooks/twilio/sms HTTP/1.1\r\nHost: x\r\n"); // and never finishes
  const request = signedWebhook(AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", smsParams("+447700900101", "i smell gas"));
  const answer = fetch(`http://127.0.0.1:${port}${request.path}`, { method: "POST", headers: request.headers, body: request.payload });
  await new Promise((resolve) => setTimeout(resolve, 150)); // long enough for the request to reach the server under load
  const signalled = Date.now();
  server.kill("SIGTERM");

  const response = await answer;
  expect(response.status).toBe(200);
  expect(messagesInTwiml(await response.text())[0]).toMatch(/0800 111 999/);
  expect(await exited).toBe(0);
  expect(Date.now() - signalled).toBeLessThan(10_000);
  await idleClosed; // the server did not wait for the half-sent request: it closed it

}, 120_000);
