// The short version of `npm run soak`: the real server as a child process on PostgreSQL, the database cut once and
// the server killed with SIGKILL once while phones text it; the soak exits non-zero if anything acknowledged was
// lost, processed twice or left unanswered. PostgreSQL only (the embedded database cannot be taken away).
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const onPostgres = process.env.DATABASE_URL?.startsWith("postgres") ?? false;
const testOnPostgres = onPostgres ? test : test.skip;

testOnPostgres("an outage and a kill -9 under load: nothing lost, nothing processed twice, every message answered", async () => {
  const root = path.resolve(__dirname, "..", "..");
  // The soak exits 1 when it counts a loss; its figures are on stdout either way.
  const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/soak.ts", "--phones", "8", "--messages", "5", "--faults", "2"], {
    cwd: root,
    env: process.env,
    timeout: 240_000,
  }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    if (!error.stdout?.includes("{")) throw new Error(`${error.message}\n${error.stderr ?? ""}`);
    return { stdout: error.stdout };
  });
  const result = JSON.parse(stdout.slice(stdout.indexOf("{")));
  expect(result).toMatchObject({ kills: 1, outages: 1, lost: 0, processedTwice: 0, repliesMissing: 0, unacknowledged: 0, unprocessedAtEnd: 0, dangerAdvisedFirst: "2/2" });
  expect(result.acknowledged).toBe(40);
}, 270_000);
