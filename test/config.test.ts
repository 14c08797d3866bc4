// Configuration is checked at start: a missing or bad value stops the server with a message naming the variable.
import { DEV_API_TOKEN, DEV_DIRECT_LINE_SECRET, DEV_TWILIO_AUTH_TOKEN, loadConfig } from "../src/config";

/** What production needs, and nothing optional. */
const PRODUCTION = {
  NODE_ENV: "production",
  TWILIO_AUTH_TOKEN: "0123456789abcdef0123456789abcdef",
  API_TOKEN: "a-long-random-token-for-the-back-office",
  PUBLIC_URL: "https://bot.example.org/",
  DATABASE_URL: "postgresql://app@db.internal/housing",
  DIRECT_LINE_SECRET: "a-long-random-secret-that-signs-web-chat-tokens",
};
const APP_ID = "00000000-0000-4000-8000-000000000001";

test("with nothing set, development runs on the embedded database with clearly named development values", () => {
  const config = loadConfig({});
  expect(config.database).toEqual({ kind: "pglite", dataDir: expect.stringMatching(/data\/pglite$/) });
  expect(config.port).toBe(3000);
  expect(config.developmentFallbacks).toEqual(["PUBLIC_URL", "TWILIO_AUTH_TOKEN", "API_TOKEN", "DIRECT_LINE_SECRET"]);
  expect(config.apiToken).toBe(DEV_API_TOKEN);
  expect(config.seedDemoData).toBe(true);
});

test("production refuses to start without the real Twilio token, API token, public URL, web chat secret and database", () => {
  expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(
    "Bad configuration: TWILIO_AUTH_TOKEN is required in production; API_TOKEN is required in production; PUBLIC_URL is required in production; " +
      "DIRECT_LINE_SECRET is required in production; DATABASE_URL is required in production (postgresql://… or pglite:<folder>)",
  );
});

test("production does not quietly open a fresh embedded database: DATABASE_URL must be set, though pglite:<folder> may be", () => {
  expect(() => loadConfig({ ...PRODUCTION, DATABASE_URL: undefined })).toThrow(/^Bad configuration: DATABASE_URL is required in production/);
  expect(() => loadConfig({ ...PRODUCTION, DATABASE_URL: "  " })).toThrow(/^Bad configuration: DATABASE_URL is required in production/);
  expect(loadConfig({ ...PRODUCTION, DATABASE_URL: "pglite:/var/lib/tenant-front-door" }).database).toEqual({ kind: "pglite", dataDir: "/var/lib/tenant-front-door" });
});

test.each([
  ["TWILIO_AUTH_TOKEN", DEV_TWILIO_AUTH_TOKEN],
  ["API_TOKEN", DEV_API_TOKEN],
  ["DIRECT_LINE_SECRET", DEV_DIRECT_LINE_SECRET],
])("production refuses the development value of %s, by name", (name, value) => {
  expect(() => loadConfig({ ...PRODUCTION, [name]: value })).toThrow(`${name} must not be the development value in production`);
});

test("production with real values starts and does not load demo tenants", () => {
  const config = loadConfig(PRODUCTION);
  expect(config.publicUrl).toBe("https://bot.example.org");
  expect(config.database).toEqual({ kind: "postgres", url: "postgresql://app@db.internal/housing" });
  expect(config.seedDemoData).toBe(false);
  expect(config.developmentFallbacks).toEqual([]);
  expect(config.microsoftApp).toEqual({}); // optional: Microsoft channels are then off
});

test("production with half an Azure Bot registration refuses to start, naming what is missing", () => {
  expect(() => loadConfig({ ...PRODUCTION, MICROSOFT_APP_ID: APP_ID })).toThrow(
    "Bad configuration: MICROSOFT_APP_PASSWORD is required in production when MICROSOFT_APP_ID is set",
  );
  expect(() => loadConfig({ ...PRODUCTION, MICROSOFT_APP_PASSWORD: "a-client-secret" })).toThrow(/^Bad configuration: MICROSOFT_APP_ID is required in production when/);
  expect(loadConfig({ ...PRODUCTION, MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: "a-client-secret" }).microsoftApp).toEqual({ appId: APP_ID, password: "a-client-secret" });
  // Outside production an app id alone is the developer's business (the SDK then fails calls, not the start).
  expect(loadConfig({ MICROSOFT_APP_ID: APP_ID }).microsoftApp.appId).toBe(APP_ID);
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

// Every setting, with a value it refuses: the message starts with the setting's name and says what it must be.
test.each([
  ["NODE_ENV", "prod"],
  ["PORT", "70000"],
  ["HOST", ""],
  ["LOG_LEVEL", "loud"],
  ["DATABASE_URL", "sqlite://x"],
  ["PUBLIC_URL", "bot.example.org"],
  ["TWILIO_AUTH_TOKEN", "short"],
  ["TWILIO_ACCOUNT_SID", "SK123"],
  ["TWILIO_FROM_NUMBER", "07700 900123"],
  ["TWILIO_API_BASE_URL", "localhost"],
  ["API_TOKEN", "short"],
  ["SEED_DEMO_DATA", "yes"],
  ["LANDLORD_NAME", "A"],
  ["LANDLORD_PHONE", "ring us"],
  ["PRIVACY_URL", "x".repeat(41)],
  ["OFFICE_HOURS", "whenever"],
  ["RESUME_AFTER_MINUTES", "0"],
  ["PAYMENT_URL", "x".repeat(41)],
  ["CASE_REVIEW_REPORTS", "1.5"],
  ["CASE_REVIEW_MONTHS", "30"],
  ["DIRECT_LINE_SECRET", "short"],
  ["MICROSOFT_APP_ID", "my-bot"],
  ["MICROSOFT_APP_PASSWORD", ""],
  ["MICROSOFT_APP_TENANT_ID", "contoso"],
  ["WHATSAPP_CONTENT", "menu3=abc"],
])("%s = %p stops the start with a message naming it", (name, value) => {
  expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Bad configuration: ${name} (must|is|")`));
});
