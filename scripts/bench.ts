// `npm run bench`: replays many signed SMS conversations against the app on loopback and reports turns per second
// and p50/p99 latency of a full turn, beside a bare Fastify handler returning the same TwiML, in the same run.
// Options: --tenants N (concurrent phones, default 20) --conversations N (each, default 5)
//          --database URL (default: a fresh embedded PGlite folder)
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { signedWebhook, smsParams } from "../src/channels/twilio/simulator";

const AUTH_TOKEN = "bench-twilio-auth-token-000000";
const SCRIPT = ["hi", "1", "6", "7", "1", "kitchen cupboard door hanging off", "1", "1"];

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

async function waitForHealth(base: string, child: ChildProcess, seconds: number): Promise<void> {
  for (let waited = 0; waited < seconds * 10; waited += 1) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (await fetch(`${base}/health`).then((response) => response.ok).catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${base} did not become healthy in ${seconds}s`);
}

function start(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const tsx = path.join(__dirname, "..", "node_modules", "tsx", "dist", "cli.mjs");
  return spawn(process.execPath, [tsx, script, ...args], { env, stdio: ["ignore", "ignore", "inherit"] });
}

interface Run {
  turns: number;
  seconds: number;
  latencies: number[];
  /** Turns answered with the fault apology or the "we are slow" holding reply instead of their own replies. */
  apologies: number;
}

const APOLOGY = /something went wrong our end|our system is slow/;

/** Each phone plays the routine-repair script `conversations` times; all phones at once. */
async function replay(base: string, publicUrl: string, tenants: number, conversations: number, offset: number): Promise<Run> {
  const latencies: number[] = [];
  let apologies = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: tenants }, async (_, index) => {
      const from = `+447700${String(910000 + offset + index).padStart(6, "0")}`;
      for (let round = 0; round < conversations; round += 1) {
        for (const text of [...SCRIPT, "menu"]) {
          const request = signedWebhook(AUTH_TOKEN, publicUrl, "/webhooks/twilio/sms", smsParams(from, text));
          const sent = performance.now();
          const response = await fetch(base + request.path, { method: "POST", headers: request.headers, body: request.payload });
          if (APOLOGY.test(await response.text())) apologies += 1;
          latencies.push(performance.now() - sent);
          if (response.status !== 200) throw new Error(`turn answered ${response.status}`);
        }
      }
    }),
  );
  return { turns: latencies.length, seconds: (performance.now() - began) / 1000, latencies, apologies };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summarise(name: string, run: Run) {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  return { name, turns: run.turns, perSecond: run.turns / run.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), apologies: run.apologies };
}

async function main(): Promise<void> {
  const tenants = Number(option("tenants", "20"));
  const conversations = Number(option("conversations", "5"));
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "tfd-bench-"));
  const database = option("database", `pglite:${folder}`);
  const appPort = 3900 + Math.floor(Math.random() * 50);
  const barePort = appPort + 50;
  const appBase = `http://127.0.0.1:${appPort}`;
  const bareBase = `http://127.0.0.1:${barePort}`;

  const app = start(path.join(__dirname, "..", "src", "server.ts"), [], {
    ...process.env,
    NODE_ENV: "development",
    PORT: String(appPort),
    HOST: "127.0.0.1",
    PUBLIC_URL: appBase,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    DATABASE_URL: database,
    LOG_LEVEL: "warn",
  });
  const bare = start(path.join(__dirname, "bareTwiml.ts"), [String(barePort)], process.env);
  try {
    console.log(`Starting the app on ${database.startsWith("pglite") ? "embedded PGlite" : "PostgreSQL"} (first start migrates)...`);
    await Promise.all([waitForHealth(appBase, app, 90), waitForHealth(bareBase, bare, 30)]);
    await replay(appBase, appBase, 2, 1, 900); // warm up both, off the record
    await replay(bareBase, bareBase, 2, 1, 900);
    console.log(`Replaying ${tenants} phones x ${conversations} conversations x ${SCRIPT.length + 1} texts against each...`);
    const results = [
      summarise("tenant front door", await replay(appBase, appBase, tenants, conversations, 0)),
      summarise("bare Fastify TwiML", await replay(bareBase, bareBase, tenants, conversations, 0)),
    ];
    console.log("");
    console.log("| server | turns | turns/s | p50 ms | p99 ms | apologies |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (const row of results) {
      console.log(`| ${row.name} | ${row.turns} | ${row.perSecond.toFixed(0)} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} | ${row.apologies} |`);
    }
    const [full, baseline] = results as [ReturnType<typeof summarise>, ReturnType<typeof summarise>];
    console.log("");
    console.log(`Ratio (front door / bare): throughput ${(full.perSecond / baseline.perSecond).toFixed(3)}, p50 latency ${(full.p50 / baseline.p50).toFixed(1)}x, p99 latency ${(full.p99 / baseline.p99).toFixed(1)}x`);
  } finally {
    app.kill("SIGTERM");
    bare.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1500)); // let PGlite close its folder before removing it
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
