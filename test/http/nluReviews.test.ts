// Checking what the bot understood, through the staff API: who may see and answer the kept messages, what answers
// are refused and why, and that an answer is recorded with who gave it.
import type { LightMyRequestResponse } from "fastify";
import { DANGER_KINDS } from "../../src/learning/vocabulary";
import { createStaff } from "../../src/staff/accounts";
import { startTestApp, TEST_API_TOKEN, type TestApp } from "../support/testApp";

const TENANT = "+447700900101";
const PASSWORD = "correct horse battery staple";

let harness: TestApp;
beforeAll(async () => {
  harness = await startTestApp();
});
beforeEach(async () => {
  await harness.reset();
  await createStaff(harness.db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: PASSWORD });
});
afterAll(() => harness.close());

interface Browser {
  cookie: string;
  csrf: string;
}

async function logIn(email: string): Promise<Browser> {
  const response = await harness.app.inject({
    method: "POST",
    url: "/console/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ email, password: PASSWORD }).toString(),
  });
  const cookie = String(response.headers["set-cookie"]).split(";")[0]!;
  const page = await harness.app.inject({ url: "/console", headers: { cookie } });
  return { cookie, csrf: /name="csrf-token" content="([^"]+)"/.exec(page.body)![1]! };
}

function call(browser: Browser, method: "GET" | "POST", url: string, payload?: object): Promise<LightMyRequestResponse> {
  return harness.app.inject({ method, url, headers: { cookie: browser.cookie, "x-csrf-token": browser.csrf }, payload });
}

/** A tenant sends words the bot cannot place: one message kept as unsure. */
async function keptFromSms(): Promise<string> {
  await harness.text(TENANT, "asdfgh");
  return (await harness.db.prisma.nluReview.findFirstOrThrow()).id;
}

test("the kept messages need a login or the API token acting for a member of staff", async () => {
  const id = await keptFromSms();
  expect((await harness.app.inject({ url: "/api/nlu/reviews" })).statusCode).toBe(401);
  const answer = { intent: "repair", dangers: [] };
  expect((await harness.app.inject({ method: "POST", url: `/api/nlu/reviews/${id}`, payload: answer })).statusCode).toBe(401);
  const ann = await logIn("ann@merseyhomes.org");
  const forged = await harness.app.inject({ method: "POST", url: `/api/nlu/reviews/${id}`, headers: { cookie: ann.cookie }, payload: answer });
  expect(forged.statusCode).toBe(403);
  const token = { authorization: `Bearer ${TEST_API_TOKEN}` };
  expect((await harness.app.inject({ url: "/api/nlu/reviews", headers: token })).statusCode).toBe(403);
  const asAnn = await harness.app.inject({ url: "/api/nlu/reviews", headers: { ...token, "x-acting-as": "ann@merseyhomes.org" } });
  expect(asAnn.statusCode).toBe(200);
  expect(asAnn.json().reviews).toEqual([expect.objectContaining({ id, reason: "unsure", text: "asdfgh", review: null })]);
  const docs = (await harness.app.inject({ url: "/docs/json" })).json();
  expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(["/api/nlu/reviews", "/api/nlu/reviews/{id}"]));
});

test("pending ones come with every intent and danger kind to choose from, in plain words", async () => {
  await keptFromSms();
  const list = (await call(await logIn("ann@merseyhomes.org"), "GET", "/api/nlu/reviews")).json();
  expect(list.reviews[0].bot).toEqual({ intent: expect.any(String), confidence: expect.any(Number), dangers: [] });
  expect(list.intents.map((intent: { name: string }) => intent.name)).toEqual(
    expect.arrayContaining(["repair", "asb", "payment", "complaint", "status", "human", "update_details", "greeting", "help", "stop", "other"]),
  );
  expect(list.dangers.map((danger: { kind: string }) => danger.kind)).toEqual([...DANGER_KINDS]);
  expect(list.dangers).toEqual(expect.arrayContaining([{ kind: "gas", label: "Smell of gas or a gas leak", group: "danger_now" }]));
  expect(list.dangers).toEqual(expect.arrayContaining([{ kind: "self_harm", label: "Thoughts of suicide or self-harm", group: "person_at_risk" }]));
});

test("a wrong intent, an unknown danger kind or a missing field is refused with the reason", async () => {
  const id = await keptFromSms();
  const ann = await logIn("ann@merseyhomes.org");
  const badIntent = await call(ann, "POST", `/api/nlu/reviews/${id}`, { intent: "boiler", dangers: [] });
  expect(badIntent.statusCode).toBe(400);
  expect(badIntent.json().message).toMatch(/^body\.intent must be one of: repair, asb, .*other/);
  const badDanger = await call(ann, "POST", `/api/nlu/reviews/${id}`, { intent: "repair", dangers: ["gas", "zombies"] });
  expect(badDanger.statusCode).toBe(400);
  expect(badDanger.json().message).toMatch(/^body\.dangers\.1 must be one of: .*gas/);
  const missing = await call(ann, "POST", `/api/nlu/reviews/${id}`, { intent: "repair" });
  expect(missing.statusCode).toBe(400);
  expect(missing.json().message).toMatch(/dangers/);
  const twice = await call(ann, "POST", `/api/nlu/reviews/${id}`, { intent: "repair", dangers: ["gas", "gas"] });
  expect(twice.statusCode).toBe(400);
  expect((await call(ann, "POST", "/api/nlu/reviews/not-an-id", { intent: "repair", dangers: [] })).statusCode).toBe(400);
  const unknown = await call(ann, "POST", "/api/nlu/reviews/00000000-0000-4000-8000-000000000000", { intent: "repair", dangers: [] });
  expect(unknown.statusCode).toBe(404);
  expect(await harness.db.prisma.nluReview.count({ where: { reviewedAt: { not: null } } })).toBe(0);
});

test("an answer is kept with who gave it and when, moves to the reviewed list, and is audited", async () => {
  const id = await keptFromSms();
  const ann = await logIn("ann@merseyhomes.org");
  const saved = await call(ann, "POST", `/api/nlu/reviews/${id}`, { intent: "repair", dangers: ["flood"] });
  expect(saved.statusCode).toBe(200);
  expect(saved.json().review.review).toEqual({ intent: "repair", dangers: ["flood"], by: "Ann Agent", at: harness.clock.now.toISOString() });
  expect((await call(ann, "GET", "/api/nlu/reviews")).json().reviews).toEqual([]);
  expect((await call(ann, "GET", "/api/nlu/reviews?status=reviewed")).json().reviews).toEqual([expect.objectContaining({ id, exported: false })]);
  // Changed before it is exported: the newer answer stands.
  await call(ann, "POST", `/api/nlu/reviews/${id}`, { intent: "asb", dangers: [] });
  expect(await harness.db.prisma.nluReview.findUniqueOrThrow({ where: { id } })).toMatchObject({ reviewedIntent: "asb", reviewedDangers: [] });
  const entries = await harness.db.prisma.auditEntry.findMany({ where: { action: "nlu_review", subject: id } });
  expect(entries).toHaveLength(2);

  await harness.db.prisma.nluReview.update({ where: { id }, data: { exportedAt: harness.clock.now } });
  const late = await call(ann, "POST", `/api/nlu/reviews/${id}`, { intent: "repair", dangers: [] });
  expect(late.statusCode).toBe(409);
  expect(late.json().message).toMatch(/already in a training batch/);
});
