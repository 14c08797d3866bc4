// The case API as the back office uses it: bearer token, filters, one case by reference, OpenAPI at /docs.
import { play } from "../support/script";
import { startTestApp, TEST_API_TOKEN, type TestApp } from "../support/testApp";

const MAUREEN = "+447700900101";
let harness: TestApp;
const auth = { authorization: `Bearer ${TEST_API_TOKEN}` };

beforeAll(async () => {
  harness = await startTestApp();
});
beforeEach(async () => {
  await harness.reset();
  // One routine repair from Maureen and one gas emergency from an unknown number.
  await play(harness, MAUREEN, [
    { tenant: "hi", bot: ["This is", "How can we help?"] },
    { tenant: "1", bot: ["danger"] },
    { tenant: "6", bot: ["What needs fixing?"] },
    { tenant: "7", bot: ["Where"] },
    { tenant: "1", bot: ["Tell us"] },
    { tenant: "tap drips", bot: ["When"] },
    { tenant: "1", bot: ["Please check"] },
    { tenant: "1", bot: ["R000001", "Pick a time"] },
  ]);
  await harness.text("07700 900555", "I smell gas");
});
afterAll(async () => harness.close());

test("without the bearer token the API answers 401 and says what to send", async () => {
  const response = await harness.app.inject({ method: "GET", url: "/api/cases" });
  expect(response.statusCode).toBe(401);
  expect(response.json()).toEqual({ error: "unauthorized", message: "Send Authorization: Bearer <API_TOKEN>" });
  const wrong = await harness.app.inject({ method: "GET", url: "/api/cases", headers: { authorization: "Bearer nope" } });
  expect(wrong.statusCode).toBe(401);
});

test("lists cases newest first with their deadlines and who reported them", async () => {
  const response = await harness.app.inject({ method: "GET", url: "/api/cases", headers: auth });
  expect(response.statusCode).toBe(200);
  const { cases } = response.json();
  expect(cases.map((item: { reference: string }) => item.reference).sort()).toEqual(["R000001", "R000002"]);
  const routine = cases.find((item: { reference: string }) => item.reference === "R000001");
  expect(routine).toMatchObject({
    priority: "routine",
    tenancyRef: "T100001",
    tenantName: "Maureen Kelly",
    address: "12 Anfield Road, Liverpool L4 0TH",
    verified: true,
    deadlines: [{ kind: "complete", dueAt: "2026-12-21T23:59:59.999Z", rule: "Routine: complete within 20 working days" }],
  });
});

test("filters by phone in any UK format, by type and by status", async () => {
  const byPhone = await harness.app.inject({ method: "GET", url: "/api/cases?phone=07700%20900555", headers: auth });
  expect(byPhone.json().cases).toEqual([expect.objectContaining({ reference: "R000002", hazard: "gas", verified: false })]);
  const safeguarding = await harness.app.inject({ method: "GET", url: "/api/cases?type=safeguarding", headers: auth });
  expect(safeguarding.json().cases).toEqual([]);
  const closed = await harness.app.inject({ method: "GET", url: "/api/cases?status=closed", headers: auth });
  expect(closed.json().cases).toEqual([]);
});

test("fetches one case by reference, in any case of letters", async () => {
  const response = await harness.app.inject({ method: "GET", url: "/api/cases/r000002", headers: auth });
  expect(response.statusCode).toBe(200);
  expect(response.json()).toMatchObject({ reference: "R000002", priority: "emergency", category: "gas", phone: "+447700900555" });
});

test("an unknown reference is a 404 with a reason; a malformed one a 400", async () => {
  const missing = await harness.app.inject({ method: "GET", url: "/api/cases/R999999", headers: auth });
  expect(missing.statusCode).toBe(404);
  expect(missing.json()).toEqual({ error: "not_found", message: "No case with reference R999999" });
  const bad = await harness.app.inject({ method: "GET", url: "/api/cases/%3Cscript%3E", headers: auth });
  expect(bad.statusCode).toBe(400);
  const badType = await harness.app.inject({ method: "GET", url: "/api/cases?type=boiler", headers: auth });
  expect(badType.statusCode).toBe(400);
});

test("health says ok once the database answers", async () => {
  const response = await harness.app.inject({ method: "GET", url: "/health" });
  expect(response.statusCode).toBe(200);
  expect(response.json()).toEqual({ status: "ok" });
});

test("the OpenAPI document describes the case API and the webhooks", async () => {
  const response = await harness.app.inject({ method: "GET", url: "/docs/json" });
  expect(response.statusCode).toBe(200);
  const document = response.json();
  expect(Object.keys(document.paths)).toEqual(
    expect.arrayContaining(["/api/cases", "/api/cases/{reference}", "/webhooks/twilio/sms", "/webhooks/twilio/whatsapp", "/health"]),
  );
  expect(document.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  const ui = await harness.app.inject({ method: "GET", url: "/docs" });
  expect([200, 302]).toContain(ui.statusCode);
});

test("an unknown route is a 404 with a reason", async () => {
  const response = await harness.app.inject({ method: "GET", url: "/nowhere" });
  expect(response.statusCode).toBe(404);
  expect(response.json()).toEqual({ error: "not_found", message: "No route GET /nowhere" });
});
