// `npm run bench`: replays many signed SMS conversations against the app on loopback, beside a bare Fastify handler
// returning the same TwiML, in the same run, and reports turns per second, p50/p99 latency and the app's CPU per turn:
// - unknown numbers: a routine repair from a number we cannot match, which stops at the postcode question;
// - known tenants: a repair from a tenant's own phone through to a created case and a booked visit;
// - the cost of one turn of each kind (plain, case-creating, booking), one phone at a time, so the app's CPU can be
//   put down to the turn that spent it.
// With --instances 2 (PostgreSQL only) two app servers share the database behind a round-robin proxy, and the run
// checks that every text was kept once, processed once and answered.
// Options: --tenants N (concurrent phones, default 20) --conversations N (each, default 5)
//          --database URL (default: a fresh embedded PGlite folder) --instances 1|2 (default 1)
import { execSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { messagesInTwiml, newMessageSid, signedWebhook, smsParams } from "../src/channels/twilio/simulator";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { migrateIfNeeded } from "../src/db/migrate";
import { seedDemoData } from "../src/tenants/demo";
import { postcodeKey } from "../src/tenants/postcode";

const AUTH_TOKEN = "bench-twilio-auth-token-000000";
/** The address the app servers sign for (behind the proxy too, as behind a load balancer). */
const PUBLIC_URL = "http://bench.invalid";
const root = path.join(__dirname, "..");

type Kind = "plain" | "case" | "booking";
interface Step {
  text: string;
  kind: Kind;
  /** What the reply must say if the conversation went as scripted. */
  expect: RegExp;
}

const UNKNOWN_SCRIPT: Step[] = ["hi", "1", "6", "7", "1", "kitchen cupboard door hanging off", "1", "1", "menu"].map((text) => ({ text, kind: "plain", expect: /./ }));
const KNOWN_SCRIPT: Step[] = [
  { text: "the kitchen tap drips all the time", kind: "plain", expect: /danger/ },
  { text: "6", kind: "plain", expect: /stop the water/ },
  { text: "yes", kind: "plain", expect: /When can we get in/ },
  { text: "2", kind: "plain", expect: /Please check/ },
  { text: "yes", kind: "case", expect: /Your ref is/ },
  { text: "1", kind: "booking", expect: /Booked for repair|has just gone|no more free/ },
  { text: "menu", kind: "plain", expect: /How can we help/ },
];

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

async function waitForHealth(base: string, child: ChildProcess | null, seconds: number): Promise<void> {
  for (let waited = 0; waited < seconds * 10; waited += 1) {
    if (child && child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (await fetch(`${base}/health`).then((response) => response.ok).catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${base} did not become healthy in ${seconds}s`);
}

/** One node process (tsx as a loader, not its own child), so /proc has its CPU. */
function start(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
}

const TICKS = Number(execSync("getconf CLK_TCK").toString().trim()) || 100;

/** CPU milliseconds the processes have used so far (user and system). */
function cpuMs(children: ChildProcess[]): number {
  let ticks = 0;
  for (const child of children) {
    const stat = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
  }
  return (ticks / TICKS) * 1000;
}

interface Run {
  turns: number;
  seconds: number;
  latencies: number[];
  byKind: Record<Kind, number[]>;
  /** Turns answered with the fault apology or the "we are slow" holding reply instead of their own replies. */
  apologies: number;
  /** Turns whose reply was not the script's next question (the conversation went another way). */
  offScript: number;
  cpuMs: number;
  /** Every MessageSid sent, with how many messages its TwiML answer held. */
  answered: Map<string, number>;
}

const APOLOGY = /something went wrong our end|our system is slow/;

/** Each phone plays the script `conversations` times; all phones at once. */
async function replay(base: string, publicUrl: string, phones: string[], script: Step[], conversations: number, measured: ChildProcess[]): Promise<Run> {
  const run: Run = { turns: 0, seconds: 0, latencies: [], byKind: { plain: [], case: [], booking: [] }, apologies: 0, offScript: 0, cpuMs: 0, answered: new Map() };
  const cpuBefore = cpuMs(measured);
  const began = performance.now();
  await Promise.all(
    phones.map(async (from) => {
      for (let round = 0; round < conversations; round += 1) {
        for (const step of script) {
          const sid = newMessageSid();
          const request = signedWebhook(AUTH_TOKEN, publicUrl, "/webhooks/twilio/sms", smsParams(from, step.text, sid));
          const sent = performance.now();
          const response = await fetch(base + request.path, { method: "POST", headers: request.headers, body: request.payload });
          const body = await response.text();
          const took = performance.now() - sent;
          if (response.status !== 200) throw new Error(`turn answered ${response.status}`);
          const replies = messagesInTwiml(body);
          run.answered.set(sid, replies.length);
          if (APOLOGY.test(body)) run.apologies += 1;
          else if (!replies.some((reply) => step.expect.test(reply))) run.offScript += 1;
          run.latencies.push(took);
          run.byKind[step.kind].push(took);
        }
      }
    }),
  );
  run.seconds = (performance.now() - began) / 1000;
  run.cpuMs = cpuMs(measured) - cpuBefore;
  run.turns = run.latencies.length;
  return run;
}

/** One phone at a time: the app's CPU for each turn, put down to its kind. */
async function costPerKind(base: string, phones: string[], conversations: number, measured: ChildProcess[]): Promise<Record<Kind, { turns: number; cpuMs: number }>> {
  const cost = { plain: { turns: 0, cpuMs: 0 }, case: { turns: 0, cpuMs: 0 }, booking: { turns: 0, cpuMs: 0 } };
  for (const from of phones) {
    for (let round = 0; round < conversations; round += 1) {
      for (const step of KNOWN_SCRIPT) {
        const request = signedWebhook(AUTH_TOKEN, PUBLIC_URL, "/webhooks/twilio/sms", smsParams(from, step.text));
        const before = cpuMs(measured);
        const response = await fetch(base + request.path, { method: "POST", headers: request.headers, body: request.payload });
        await response.text();
        if (response.status !== 200) throw new Error(`turn answered ${response.status}`);
        cost[step.kind].turns += 1;
        cost[step.kind].cpuMs += cpuMs(measured) - before;
      }
    }
  }
  return cost;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Row {
  name: string;
  turns: number;
  perSecond: number;
  p50: number;
  p99: number;
  cpuPerTurn: number;
  apologies: number;
  offScript: number;
}

function summarise(name: string, run: Run): Row {
  return { name, turns: run.turns, perSecond: run.turns / run.seconds, p50: percentile(run.latencies, 50), p99: percentile(run.latencies, 99), cpuPerTurn: run.cpuMs / run.turns, apologies: run.apologies, offScript: run.offScript };
}

/** The scheduler file with room for every bench booking, so the known tenants book rather than go to a person. */
function roomyScheduler(folder: string): string {
  const file = JSON.parse(fs.readFileSync(path.join(root, "config", "scheduler.json"), "utf8")) as { capacity: Record<string, Record<string, { AM: number; PM: number }>> };
  for (const areas of Object.values(file.capacity)) for (const area of Object.keys(areas)) areas[area] = { AM: 500, PM: 500 };
  const target = path.join(folder, "scheduler.json");
  fs.writeFileSync(target, JSON.stringify(file));
  return target;
}

/** Migrates the database and adds one tenant per known phone (a home in L4 each), before any server opens it. */
async function prepare(database: string, phones: string[]): Promise<void> {
  const config = loadConfig({ ...process.env, DATABASE_URL: database, LOG_LEVEL: "silent" });
  await migrateIfNeeded(config.database, process.env);
  const db = await openDatabase(config.database);
  try {
    await seedDemoData(db.prisma);
    for (const [index, phone] of phones.entries()) {
      const tenancyRef = `TB${String(index).padStart(5, "0")}`;
      if (await db.prisma.tenant.findUnique({ where: { tenancyRef } })) continue;
      const postcode = "L4 0TH";
      await db.prisma.tenant.create({
        data: {
          tenancyRef,
          firstName: "Bench",
          lastName: `Tenant ${index}`,
          phone,
          home: { create: { houseNumber: String(100 + index), street: "Bench Street", town: "Liverpool", postcode, postcodeKey: postcodeKey(postcode) } },
        },
      });
    }
  } finally {
    await db.close();
  }
}

/** A round-robin HTTP proxy in front of the app servers (what a load balancer does, nothing sticky). */
async function roundRobin(targets: string[]): Promise<{ base: string; close: () => Promise<void> }> {
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((request, response) => {
    const target = new URL(targets[next++ % targets.length]!);
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: request.url, method: request.method, headers: request.headers, agent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** After a run on two servers: every text kept once and processed, and answered with the replies the phone got. */
async function checkNothingLostOrTwice(database: string, answered: Map<string, number>): Promise<string> {
  const config = loadConfig({ ...process.env, DATABASE_URL: database, LOG_LEVEL: "silent" });
  const db = await openDatabase(config.database);
  try {
    const sids = [...answered.keys()];
    const kept = await db.prisma.message.findMany({ where: { providerSid: { in: sids } }, select: { id: true, processedAt: true } });
    const unprocessed = kept.filter((message) => !message.processedAt).length;
    const replies = await db.prisma.message.count({ where: { inReplyToId: { in: kept.map((message) => message.id) } } });
    const expected = [...answered.values()].reduce((sum, count) => sum + count, 0);
    const ok = kept.length === sids.length && unprocessed === 0 && replies === expected;
    return `${ok ? "OK" : "PROBLEM"}: ${sids.length} texts sent, ${kept.length} kept, ${unprocessed} unprocessed, ${replies} replies stored for ${expected} on the phones`;
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const tenants = Number(option("tenants", "20"));
  const conversations = Number(option("conversations", "5"));
  const instances = Number(option("instances", "1"));
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "tfd-bench-"));
  const database = option("database", `pglite:${path.join(folder, "db")}`);
  if (instances > 1 && database.startsWith("pglite")) throw new Error("--instances 2 needs --database postgresql://...: the embedded database belongs to one process");
  const onWhat = database.startsWith("pglite") ? "embedded PGlite" : "PostgreSQL";
  const unknownPhones = Array.from({ length: tenants }, (_, index) => `+447700${String(910000 + index).padStart(6, "0")}`);
  const knownPhones = Array.from({ length: tenants + 1 }, (_, index) => `+447700${String(920000 + index).padStart(6, "0")}`);
  const costPhone = knownPhones.pop()!;

  console.log(`Preparing ${onWhat} with ${knownPhones.length + 1} known tenants (the first time migrates)...`);
  await prepare(database, [...knownPhones, costPhone]);
  const basePort = 3900 + Math.floor(Math.random() * 40);
  const schedulerFile = roomyScheduler(folder);
  const apps = Array.from({ length: instances }, (_, index) => {
    const port = basePort + index;
    const base = `http://127.0.0.1:${port}`;
    const child = start(path.join(root, "src", "server.ts"), [], {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: PUBLIC_URL,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      DATABASE_URL: database,
      SCHEDULER_FILE: schedulerFile,
      SPOOL_DIR: path.join(folder, `spool-${index}`),
      LOG_LEVEL: "warn",
    });
    return { base, child };
  });
  const barePort = basePort + 45;
  const bareBase = `http://127.0.0.1:${barePort}`;
  const bare = start(path.join(root, "scripts", "bareTwiml.ts"), [String(barePort)], process.env);
  const proxy = instances > 1 ? await roundRobin(apps.map((app) => app.base)) : null;
  const appBase = proxy?.base ?? apps[0]!.base;
  const appChildren = apps.map((app) => app.child);
  try {
    const started = performance.now();
    await Promise.all([...apps.map((app) => waitForHealth(app.base, app.child, 120)), waitForHealth(bareBase, bare, 30)]);
    console.log(`Started ${instances} app server${instances > 1 ? "s" : ""} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const warm = ["+447700990001", "+447700990002"];
    await replay(appBase, PUBLIC_URL, warm, UNKNOWN_SCRIPT, 1, appChildren); // warm up both, off the record
    await replay(bareBase, bareBase, warm, UNKNOWN_SCRIPT, 1, [bare]);

    console.log(`Replaying ${tenants} phones x ${conversations} conversations against each...`);
    const unknown = await replay(appBase, PUBLIC_URL, unknownPhones, UNKNOWN_SCRIPT, conversations, appChildren);
    const known = await replay(appBase, PUBLIC_URL, knownPhones, KNOWN_SCRIPT, conversations, appChildren);
    const baseline = await replay(bareBase, bareBase, unknownPhones, UNKNOWN_SCRIPT, conversations, [bare]);
    const rows = [summarise("front door, unknown numbers", unknown), summarise("front door, known tenants to a case", known), summarise("bare Fastify TwiML", baseline)];

    console.log("");
    console.log(`| server (${onWhat}, ${instances} instance${instances > 1 ? "s" : ""}, ${tenants} phones) | turns | turns/s | p50 ms | p99 ms | app CPU ms/turn | apologies | off script |`);
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const row of rows) {
      console.log(`| ${row.name} | ${row.turns} | ${row.perSecond.toFixed(0)} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} | ${row.cpuPerTurn.toFixed(2)} | ${row.apologies} | ${row.offScript} |`);
    }
    console.log("");
    console.log("Known tenants, latency by kind of turn, all phones at once:");
    for (const kind of ["plain", "case", "booking"] as Kind[]) {
      console.log(`  ${kind.padEnd(8)} ${String(known.byKind[kind].length).padStart(5)} turns, p50 ${percentile(known.byKind[kind], 50).toFixed(1)} ms, p99 ${percentile(known.byKind[kind], 99).toFixed(1)} ms`);
    }
    const [full, , bareRow] = rows as [Row, Row, Row];
    console.log("");
    console.log(`Ratio (front door, unknown numbers / bare): throughput ${(full.perSecond / bareRow.perSecond).toFixed(3)}, p50 ${(full.p50 / bareRow.p50).toFixed(1)}x, p99 ${(full.p99 / bareRow.p99).toFixed(1)}x`);

    if (instances === 1) {
      const cost = await costPerKind(appBase, [costPhone], Math.max(3, conversations), appChildren);
      const per = (kind: Kind) => cost[kind].cpuMs / cost[kind].turns;
      console.log(`App CPU per turn, one phone at a time: plain ${per("plain").toFixed(2)} ms (${cost.plain.turns}), case-creating ${per("case").toFixed(2)} ms (${cost.case.turns}), booking ${per("booking").toFixed(2)} ms (${cost.booking.turns}); case-creating / plain ${(per("case") / per("plain")).toFixed(1)}x`);
    } else {
      const all = new Map([...unknown.answered, ...known.answered]);
      console.log(`Two servers, one database: ${await checkNothingLostOrTwice(database, all)}`);
    }
  } finally {
    for (const child of [...appChildren, bare]) child.kill("SIGTERM");
    await proxy?.close();
    await new Promise((resolve) => setTimeout(resolve, 2000)); // let PGlite close its folder before removing it
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
