// The API's documentation in production is for staff and the back office only: a console session or the API token
// opens every page of it and its spec; anyone else is sent to log in (a browser) or refused (a client).
import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import { loadConfig } from "../../src/config";
import { requireDocsAccess } from "../../src/http/docsAccess";
import { SESSION_COOKIE } from "../../src/http/staffAuth";
import { createStaff, openSession } from "../../src/staff/accounts";
import { createTestDatabase, type TestDatabase } from "../support/databases";

const API_TOKEN = "test-api-token-0123456789abcdef";
const NOW = new Date("2026-11-23T10:00:00Z");
const DOCS = ["/docs", "/docs/", "/docs/json", "/docs/yaml", "/docs/static/index.html", "/docs/static/swagger-initializer.js"];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.dispose();
});

/** The app's documentation set-up, as src/app.ts registers it, with the hook on. */
async function docsApp(env: "production" | "development"): Promise<FastifyInstance> {
  const config = { ...loadConfig({ NODE_ENV: "test", API_TOKEN, DATABASE_URL: "pglite:memory:" }), env };
  const app = Fastify();
  app.decorate("config", config);
  app.decorate("prisma", db.prisma);
  app.decorate("clock", () => NOW);
  await app.register(cookie);
  await app.register(swagger, { openapi: { info: { title: "Tenant front door API", version: "0.1.0" } } });
  await app.register(swaggerUi, { routePrefix: "/docs", uiHooks: { onRequest: requireDocsAccess } });
  app.get("/api/cases", { schema: { summary: "Find cases" } }, async () => ({ cases: [] }));
  return app;
}

describe("in production", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await docsApp("production");
  });
  afterAll(async () => {
    await app.close();
  });

  test.each(DOCS)("%s refuses a client with no credentials or a wrong token", async (url) => {
    for (const headers of [{}, { authorization: "Bearer not-the-token" }, { authorization: `Basic ${API_TOKEN}` }]) {
      const response = await app.inject({ url, headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: "unauthorized", message: expect.stringContaining("API_TOKEN") });
    }
  });

  test("a browser is sent to the console to log in", async () => {
    const response = await app.inject({ url: "/docs", headers: { accept: "text/html,application/xhtml+xml" } });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/console");
  });

  test.each(DOCS)("%s opens with the API token", async (url) => {
    expect((await app.inject({ url, headers: { authorization: `Bearer ${API_TOKEN}` } })).statusCode).toBeLessThan(400);
  });

  test("the spec opens with a staff session, and not once it has ended", async () => {
    const staff = await createStaff(db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: "correct horse battery staple" });
    const session = await openSession(db.prisma, staff.id, NOW);
    const spec = await app.inject({ url: "/docs/json", cookies: { [SESSION_COOKIE]: session.token } });
    expect(spec.statusCode).toBe(200);
    expect(spec.json().paths).toHaveProperty("/api/cases");
    await db.prisma.staffSession.deleteMany();
    expect((await app.inject({ url: "/docs/json", cookies: { [SESSION_COOKIE]: session.token } })).statusCode).toBe(401);
  });
});

test("outside production the documentation stays open", async () => {
  const app = await docsApp("development");
  try {
    for (const url of DOCS) expect((await app.inject({ url })).statusCode).toBeLessThan(400);
  } finally {
    await app.close();
  }
});
