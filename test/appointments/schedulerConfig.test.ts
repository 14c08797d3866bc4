// The scheduler settings are checked at start like the rest of the configuration, naming the variable at fault.
import path from "node:path";
import { loadConfig } from "../../src/config";

const HTTP = { SCHEDULER: "http", SCHEDULER_URL: "https://scheduler.example.org/api", SCHEDULER_TOKEN: "a-scheduler-token-0123" };
const PRODUCTION = {
  NODE_ENV: "production",
  TWILIO_AUTH_TOKEN: "0123456789abcdef0123456789abcdef",
  API_TOKEN: "a-long-random-token-for-the-back-office",
  PUBLIC_URL: "https://bot.example.org/",
  DATABASE_URL: "postgresql://app@db.internal/housing",
  DIRECT_LINE_SECRET: "a-long-random-secret-that-signs-web-chat-tokens",
};

test("with nothing set, appointments use the built-in scheduler and config/scheduler.json", () => {
  expect(loadConfig({}).scheduler).toEqual({ kind: "builtin", file: path.resolve("config/scheduler.json") });
  expect(loadConfig({ SCHEDULER_FILE: "/etc/front-door/scheduler.json" }).scheduler).toEqual({ kind: "builtin", file: "/etc/front-door/scheduler.json" });
});

test("an http scheduler gets its URL, token and a 4 s timeout unless told otherwise", () => {
  expect(loadConfig(HTTP).scheduler).toEqual({ kind: "http", url: HTTP.SCHEDULER_URL, token: HTTP.SCHEDULER_TOKEN, timeoutMs: 4000, file: path.resolve("config/scheduler.json") });
  expect(loadConfig({ ...HTTP, SCHEDULER_TIMEOUT_MS: "2500" }).scheduler).toMatchObject({ kind: "http", timeoutMs: 2500 });
});

test("an http scheduler without its URL or token refuses to start, naming what is missing", () => {
  expect(() => loadConfig({ SCHEDULER: "http" })).toThrow(
    "Bad configuration: SCHEDULER_URL is required when SCHEDULER is http; SCHEDULER_TOKEN is required when SCHEDULER is http",
  );
  expect(() => loadConfig({ ...HTTP, SCHEDULER_TOKEN: undefined })).toThrow(/^Bad configuration: SCHEDULER_TOKEN is required when SCHEDULER is http$/);
});

test.each([
  [{ SCHEDULER: "kirona" }, "SCHEDULER must be builtin or http"],
  [{ ...HTTP, SCHEDULER_TOKEN: "short" }, "SCHEDULER_TOKEN must be at least 16 characters"],
  [{ ...HTTP, SCHEDULER_URL: "scheduler.example.org" }, "SCHEDULER_URL must be a URL like https://scheduler.example.org/api"],
  [{ ...HTTP, SCHEDULER_URL: "ftp://scheduler.example.org" }, "SCHEDULER_URL must start with https:// or http://"],
  [{ ...HTTP, SCHEDULER_TIMEOUT_MS: "0" }, "SCHEDULER_TIMEOUT_MS must be 1 or more"],
  [{ ...HTTP, SCHEDULER_TIMEOUT_MS: "60000" }, "SCHEDULER_TIMEOUT_MS must be 30000 or less (a tenant is waiting)"],
  [{ ...HTTP, SCHEDULER_TIMEOUT_MS: "soon" }, "SCHEDULER_TIMEOUT_MS must be a whole number"],
])("a bad scheduler setting is refused by name: %j", (environment, message) => {
  expect(() => loadConfig(environment)).toThrow(message);
});

test("in production the scheduler's token is only sent over https", () => {
  expect(() => loadConfig({ ...PRODUCTION, ...HTTP, SCHEDULER_URL: "http://scheduler.internal/api" })).toThrow(
    /^Bad configuration: SCHEDULER_URL must start with https:\/\/ in production$/,
  );
  expect(loadConfig({ ...PRODUCTION, ...HTTP }).scheduler.kind).toBe("http");
  expect(loadConfig({ ...HTTP, SCHEDULER_URL: "http://localhost:4000/scheduler" }).scheduler).toMatchObject({ url: "http://localhost:4000/scheduler" });
});
