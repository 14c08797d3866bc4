// The fault soak behind README "When things fail": the real server as a child process on PostgreSQL, reached through a
// TCP proxy this script cuts, many phones texting through signed webhooks with Twilio's habit of trying again on
// anything but a 2xx, the database taken away and the server killed with SIGKILL while they do. Then it counts:
// every acknowledged message kept, processed once and answered. `npm run soak -- --phones 40 --messages 12 --faults 6`
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { messagesInTwiml, newMessageSid, signedWebhook, smsParams } from "../src/channels/twilio/simulator";
import { migrateDeploy } from "../src/db/migrate";
import { FAKE_ACCOUNT_SID, startFakeTwilio } from "../test/support/fakeTwilio";
import { deliverLikeTwilio, startTcpProxy, throughProxy } from "../test/support/faults";

const AUTH_TOKEN = "soak-twilio-auth-token-0123456789";
const PUBLIC_URL = "https://soak.example.org";
const FROM_NUMBER = "+441510000000";
const SCRIPT = ["hello", "report a repair", "no danger", "my kitchen tap is dripping", "kitchen", "it started last week", "yes", "thanks"];
const DANGER = "water is pouring through the light in my hall";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base?.startsWith("postgres")) throw new Error("The soak needs DATABASE_URL=postgresql://... (it takes that server away)");
  const phones = option("phones", 30);
  const perPhone = option("messages", 10);
  const faults = option("faults", 6);

  const name = `tfd_soak_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const direct = new URL(base);
  direct.pathname = `/${name}`;
  await migrateDeploy({ kind: "postgres", url: direct.toString() }, process.env);

  const twilioApi = await startFakeTwilio(AUTH_TOKEN);
  const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const port = 3900 + Math.floor(Math.random() * 500);
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), "tfd-soak-spool-"));
  const env = {
    ...process.env,
    NODE_ENV: "development",
    LOG_LEVEL: "error",
    PORT: String(port),
    DATABASE_URL: throughProxy(direct.toString(), proxy),
    SPOOL_DIR: spoolDir,
    PUBLIC_URL,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
    TWILIO_FROM_NUMBER: FROM_NUMBER,
    TWILIO_API_BASE_URL: twilioApi.baseUrl,
  };
  let server: ChildProcess | null = null;
  const startServer = async () => {
    server = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], { env, stdio: ["ignore", "ignore", "inherit"] });
    for (let tries = 0; tries < 200; tries += 1) {
      const up = await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok).catch(() => false);
      if (up) return;
      await pause(100);
    }
    throw new Error("the server did not start");
  };
  await startServer();

  const answers = new Map<string, string[]>();
  const dangerSids: string[] = [];
  let unacknowledged = 0;
  const text = async (from: string, body: string) => {
    const sid = newMessageSid();
    const request = signedWebhook(AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", smsParams(from, body, sid));
    const answer = await deliverLikeTwilio(async () => {
      const response = await fetch(`http://127.0.0.1:${port}${request.path}`, { method: "POST", headers: request.headers, body: request.payload, signal: AbortSignal.timeout(15_000) });
      return { status: response.status, body: await response.text() };
    }, 40, 500);
    if (answer) answers.set(sid, messagesInTwiml(answer.body));
    else unacknowledged += 1;
    if (body === DANGER) dangerSids.push(sid);
  };

  const started = Date.now();
  const load = Promise.all(
    Array.from({ length: phones }, async (_, index) => {
      const phone = `+4477009${String(30000 + index).padStart(5, "0")}`;
      for (let message = 0; message < perPhone; message += 1) {
        await text(phone, message === 3 && index % 5 === 0 ? DANGER : SCRIPT[message % SCRIPT.length]!);
        await pause(Math.random() * 200);
      }
    }),
  );
  let outages = 0;
  let kills = 0;
  const faultsDone = (async () => {
    for (let fault = 0; fault < faults; fault += 1) {
      await pause(1_500 + Math.random() * 1_500);
      if (fault % 2 === 0) {
        proxy.cut();
        outages += 1;
        await pause(3_000 + Math.random() * 3_000);
        proxy.restore();
      } else {
        server!.kill("SIGKILL"); // mid-turn, whatever it was doing
        kills += 1;
        await pause(300);
        await startServer();
      }
    }
  })();
  await Promise.all([load, faultsDone]);
  const loadSeconds = (Date.now() - started) / 1000;

  // Recovery runs every 5 s in the server; stranded messages are taken after 30 s and stranded sends after 60 s.
  const db = new pg.Client({ connectionString: direct.toString() });
  await db.connect();
  const settleStarted = Date.now();
  for (;;) {
    const { rows } = await db.query(`SELECT
      (SELECT count(*) FROM "Message" WHERE direction = 'inbound' AND "processedAt" IS NULL)::int AS unprocessed,
      (SELECT count(*) FROM pgboss.job WHERE state < 'completed')::int AS jobs`);
    const spooled = fs.readdirSync(spoolDir).filter((file) => file.endsWith(".json")).length;
    if (rows[0].unprocessed === 0 && rows[0].jobs === 0 && spooled === 0) break;
    if (Date.now() - settleStarted > 180_000) throw new Error(`not settled: ${JSON.stringify(rows[0])}, spooled ${spooled}`);
    await pause(1_000);
  }

  const { rows: inbound } = await db.query(`SELECT m.id, m."providerSid", m."processedAt", c.version, c.id AS conversation FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId" WHERE m.direction = 'inbound'`);
  const { rows: replies } = await db.query(`SELECT "inReplyToId", body, "providerSid" FROM "Message" WHERE direction = 'outbound' AND "inReplyToId" IS NOT NULL ORDER BY seq`);
  const { rows: faultRows } = await db.query(`SELECT count(*)::int AS n FROM "Fault"`);
  const stored = new Set(inbound.map((row) => row.providerSid as string));
  const lost = [...answers.keys()].filter((sid) => !stored.has(sid)).length;
  const perConversation = new Map<string, { version: number; messages: number }>();
  for (const row of inbound) {
    const entry = perConversation.get(row.conversation) ?? { version: row.version, messages: 0 };
    entry.messages += 1;
    perConversation.set(row.conversation, entry);
  }
  const processedTwice = [...perConversation.values()].reduce((sum, entry) => sum + Math.max(0, entry.version - entry.messages), 0);
  const unprocessedAtEnd = [...perConversation.values()].reduce((sum, entry) => sum + Math.max(0, entry.messages - entry.version), 0);
  const restBodies = new Set(twilioApi.sent.map((sent) => sent.Body));
  const repliesOf = new Map<string, { body: string; providerSid: string | null }[]>();
  for (const reply of replies) repliesOf.set(reply.inReplyToId, [...(repliesOf.get(reply.inReplyToId) ?? []), reply]);
  let missing = 0;
  for (const row of inbound) {
    const own = repliesOf.get(row.id) ?? [];
    const inAnswer = own.length > 0 && own.every((reply) => answers.get(row.providerSid)?.includes(reply.body));
    const byRest = own.length > 0 && own.every((reply) => reply.providerSid && restBodies.has(reply.body));
    if (!inAnswer && !byRest) missing += 1;
  }
  const dangerFirst = dangerSids.filter((sid) => /sockets and lights/.test(answers.get(sid)?.[0] ?? "")).length;

  const result = {
    phones,
    messagesSent: phones * perPhone,
    acknowledged: answers.size,
    unacknowledged,
    outages,
    kills,
    loadSeconds,
    settleSeconds: (Date.now() - settleStarted) / 1000,
    lost,
    processedTwice,
    unprocessedAtEnd,
    repliesMissing: missing,
    repliesByRest: twilioApi.sent.length,
    dangerAdvisedFirst: `${dangerFirst}/${dangerSids.length}`,
    faultsRecorded: faultRows[0].n,
  };
  console.log(JSON.stringify(result, null, 2));

  server!.kill("SIGTERM");
  await new Promise((resolve) => server!.once("exit", resolve));
  await db.end();
  await proxy.close();
  await twilioApi.close();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  fs.rmSync(spoolDir, { recursive: true, force: true });
  process.exit(lost + processedTwice + missing + unacknowledged > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
