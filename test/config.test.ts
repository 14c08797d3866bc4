// Configuration is checked at start: a missing or bad value stops the server with a message naming the variable.
import { DEV_API_TOKEN, loadConfig } from "../src/config";

test("with nothing set, development runs on the embedded database with clearly named development values", () => {
  const config = loadConfig({});
  expect(config.database).toEqual({ kind: "pglite", dataDir: expect.stringMatching(/data\/pglite$/) });
  expect(config.port).toBe(3000);
  expect(config.developmentFallbacks).toEqual(["PUBLIC_URL", "TWILIO_AUTH_TOKEN", "API_TOKEN", "DIRECT_LINE_SECRET"]);
  expect(config.apiToken).toBe(DEV_API_TOKEN);
  expect(config.seedDemoData).toBe(true);
});

test("production refuses to start without the real Twilio token, API token and public URL", () => {
  expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(
    /TWILIO_AUTH_TOKEN is required in production; API_TOKEN is required in production; PUBLIC_URL is required in production; DIRECT_LINE_SECRET is required in production/,
  );
});

test("production refuses the development tokens", () => {
  expect(() =>
    loadConfig({ NODE_ENV: "production", TWILIO_AUTH_TOKEN: "x".repeat(32), API_TOKEN: DEV_API_TOKEN.padEnd(24, "x").slice(0, 13), PUBLIC_URL: "https://a.example" }),
  ).toThrow(/API_TOKEN/);
});

test("production with real values starts and does not load demo tenants", () => {
  const config = loadConfig({
    NODE_ENV: "production",
    TWILIO_AUTH_TOKEN: "0123456789abcdef0123456789abcdef",
    API_TOKEN: "a-long-random-token-for-the-back-office",
    PUBLIC_URL: "https://bot.example.org/",
    DATABASE_URL: "postgresql://app@db.internal/housing",
    DIRECT_LINE_SECRET: "a-long-random-secret-that-signs-web-chat-tokens",
  });
  expect(config.publicUrl).toBe("https://bot.example.org");
  expect(config.database).toEqual({ kind: "postgres", url: "postgresql://app@db.internal/housing" });
  expect(config.seedDemoData).toBe(false);
  expect(config.developmentFallbacks).toEqual([]);
});

test.each([
  [{ PORT: "eighty" }, /PORT/],
  [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL must start with postgresql:\/\/ or pglite:/],
  [{ DATABASE_URL: "pglite:" }, /DATABASE_URL pglite: needs a folder/],
  [{ PUBLIC_URL: "not a url" }, /PUBLIC_URL/],
  [{ LANDLORD_NAME: "A very long landlord name that will not fit" }, /LANDLORD_NAME must be 24 characters or fewer/],
  [{ LANDLORD_PHONE: "call us" }, /LANDLORD_PHONE/],
  [{ API_TOKEN: "short" }, /API_TOKEN must be at least 24 characters/],
])("a bad value %p is named", (environment, message) => {
  expect(() => loadConfig(environment)).toThrow(message);
});
