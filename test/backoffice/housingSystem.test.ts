// A repair texted in by SMS reaches the stand-in housing system (npm run backoffice) over real HTTP, signed, with its
// HACT RaiseRepair mapping; the stand-in refuses what is not signed and sends updates back to the front door.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { eventSchema } from "../../src/backoffice/eventSchemas";
import { startStandIn, type StandIn } from "../../src/backoffice/standIn";
import { play } from "../support/script";
import { startTestApp, TEST_API_TOKEN, type TestApp } from "../support/testApp";
import { eventually } from "../support/receiver";

const SECRET = "stand-in-shared-secret-0123456789";
const MAUREEN = "+447700900101";
const UPRN = "38012345678";

FormatRegistry.Set("date-time", (value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d\d-\d\dT/.test(value));

/** Where the stand-in sends updates: a front door that writes down what it was sent. */
interface FrontDoor {
  url: string;
  requests: { path: string; authorization?: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

async function startFrontDoor(): Promise<FrontDoor> {
  const requests: FrontDoor["requests"] = [];
  const server = http.createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", () => {
      requests.push({ path: request.url ?? "", authorization: request.headers.authorization, body: JSON.parse(raw) });
      response.writeHead(202, { "content-type": "application/json" }).end('{"applied":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let frontDoor: FrontDoor;
let standIn: StandIn;
let harness: TestApp;
beforeAll(async () => {
  frontDoor = await startFrontDoor();
  standIn = await startStandIn({ secret: SECRET, frontDoorUrl: frontDoor.url, apiToken: TEST_API_TOKEN });
  harness = await startTestApp({
    now: "2026-11-23T10:00:00Z",
    env: { BACKOFFICE_WEBHOOK_URL: standIn.eventsUrl, BACKOFFICE_WEBHOOK_SECRET: SECRET },
  });
}, 60_000);
beforeEach(async () => {
  await harness.reset();
  standIn.received.length = 0;
});
afterAll(async () => {
  await harness.close();
  await standIn.close();
  await frontDoor.close();
});

const arrived = (type: string, subject: string) => standIn.received.find((item) => item.event.type === type && item.event.subject === subject)?.event;

test("a dripping tap reported by SMS reaches the housing system as a signed case.created with its HACT RaiseRepair", async () => {
  const home = await harness.db.prisma.home.findFirstOrThrow({ where: { tenants: { some: { phone: MAUREEN } } } });
  // The housing system's own reference and UPRN, as `npm run import` would have loaded them.
  await harness.db.prisma.home.update({ where: { id: home.id }, data: { uprn: UPRN, homeRef: "H-1042" } });
  await play(harness, MAUREEN, [
    { tenant: "hello", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "1", bot: ["Is there any danger now?"] },
    { tenant: "6", bot: ["What needs fixing?"] },
    { tenant: "kitchen", bot: ["Where is the problem?"] },
    { tenant: "1", bot: ["Tell us about the problem in a few words."] },
    { tenant: "kitchen tap drips all the time", bot: ["When can we get in to fix it?"] },
    { tenant: "2", bot: ["Please check:"] },
    { tenant: "yes", bot: ["Your ref is R000001.", "Pick a time"] },
  ]);
  await eventually(() => Boolean(arrived("case.created", "R000001")), 20_000, "case.created at the stand-in");
  const event = arrived("case.created", "R000001")!;
  const stored = await harness.db.prisma.outboxEvent.findFirstOrThrow({ where: { type: "case.created" } });
  expect(event).toMatchObject({ specversion: "1.0", id: stored.id, type: "case.created", subject: "R000001", source: "https://bot.example.org" });
  expect(event.data).toMatchObject({
    reference: "R000001",
    type: "repair",
    priority: "routine",
    category: "kitchen_bathroom",
    location: "kitchen",
    description: "kitchen tap drips all the time",
    access: "Mornings, 8am to 12",
    reportedAt: "2026-11-23T10:00:00.000Z",
    dueAt: "2026-12-21T23:59:59.999Z",
    deadlines: [expect.objectContaining({ kind: "complete", dueAt: "2026-12-21T23:59:59.999Z" })],
    verified: true,
    contactPhone: MAUREEN,
    tenancyRef: "T100001",
    home: { reference: "H-1042", uprn: UPRN, address: "12 Anfield Road, Liverpool L4 0TH" },
  });
  expect(event.data.hact).toEqual({
    RaiseRepair: {
      DescriptionOfWork: "kitchen tap drips all the time",
      Priority: { PriorityCode: 3 },
      RequiredCompletionDateTime: "2026-12-21T23:59:59.999Z",
      LocationOfRepair: "kitchen",
      AccessInformation: "Mornings, 8am to 12",
      DateReported: "2026-11-23T10:00:00.000Z",
      SitePropertyUnit: [{ Reference: "H-1042", UPRN }],
    },
  });
  expect([...Value.Errors(eventSchema("case.created"), event)].map((error) => `${error.path} ${error.message}`)).toEqual([]);
  const page = await fetch(standIn.url).then((response) => response.text());
  expect(page).toContain("case.created R000001");
  expect(page).toContain("kitchen tap drips all the time");
});

test("damp with a baby at home: priority 1, a person alert the work order must not copy, and the escalation after the case", async () => {
  await play(harness, MAUREEN, [
    { tenant: "hi", bot: ["This is Mersey Homes", "How can we help?"] },
    { tenant: "1", bot: ["Is there any danger now?"] },
    { tenant: "6", bot: ["What needs fixing?"] },
    { tenant: "mould", bot: ["How big is the damp or mould?"] },
    { tenant: "3", bot: [/baby, pregnant, over 65, or with asthma/] },
    { tenant: "yes", bot: ["Where is the problem?"] },
    { tenant: "bedroom", bot: ["Tell us about the problem"] },
    { tenant: "black mould on the walls, my baby keeps coughing", bot: ["When can we get in"] },
    { tenant: "1", bot: ["Please check:"] },
    { tenant: "1", bot: ["Your ref is R000001."] },
  ]);
  await eventually(() => Boolean(arrived("escalation.requested", "R000001")), 20_000, "the escalation at the stand-in");
  const forCase = standIn.received.filter((item) => item.event.subject === "R000001").map((item) => item.event.type);
  expect(forCase).toEqual(["case.created", "escalation.requested"]);
  const created = arrived("case.created", "R000001")!;
  const repair = await harness.db.prisma.case.findUniqueOrThrow({ where: { reference: "R000001" }, include: { deadlines: true } });
  const makeSafe = repair.deadlines.find((deadline) => deadline.kind === "make_safe")!;
  const hact = (created.data.hact as { RaiseRepair: Record<string, unknown> }).RaiseRepair;
  expect(hact).toMatchObject({
    DescriptionOfWork: "black mould on the walls, my baby keeps coughing",
    Priority: { PriorityCode: 1 },
    RequiredCompletionDateTime: makeSafe.dueAt.toISOString(),
    PersonAlert: [expect.objectContaining({ Type: "vulnerability", CopyToWorkOrder: false, OperativeNote: expect.any(String) })],
  });
  // No UPRN known for this home: the unit goes by our reference alone, with no guessed UPRN.
  expect(hact.SitePropertyUnit).toEqual([{ Reference: repair.homeId }]);
  expect(arrived("escalation.requested", "R000001")!.data).toEqual({ reason: "health_risk", priority: 1, caseReference: "R000001" });
  for (const item of standIn.received) {
    expect([...Value.Errors(eventSchema(item.event.type as "case.created"), item.event)].map((error) => `${item.event.type} ${error.path} ${error.message}`)).toEqual([]);
  }
});

test("the stand-in refuses an event with no signature, a wrong one, or one signed more than 5 minutes ago", async () => {
  const body = JSON.stringify({ specversion: "1.0", id: "hand-made", type: "case.note_added", subject: "R000009", data: {} });
  const sign = (t: number, secret = SECRET) => `t=${t},v1=${crypto.createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
  const now = Math.floor(Date.now() / 1000);
  const post = (headers: Record<string, string>) =>
    fetch(standIn.eventsUrl, { method: "POST", headers: { "content-type": "application/cloudevents+json", ...headers }, body }).then((response) => response.status);
  expect(await post({})).toBe(401);
  expect(await post({ "x-signature": sign(now, "another-secret-0123456789") })).toBe(401);
  expect(await post({ "x-signature": sign(now - 301) })).toBe(401);
  expect(standIn.received).toHaveLength(0);
  expect(await post({ "x-signature": sign(now - 60) })).toBe(204);
  expect(standIn.received.map((item) => item.event.id)).toEqual(["hand-made"]);
});

test("the stand-in's form sends an appointment to the front door with the API token and shows the answer", async () => {
  const response = await fetch(`${standIn.url}/updates`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ reference: "r000001", type: "appointment_set", date: "2026-12-08", timeOfDay: "PM" }).toString(),
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  expect(frontDoor.requests).toEqual([
    {
      path: "/api/cases/R000001/updates",
      authorization: `Bearer ${TEST_API_TOKEN}`,
      body: { eventId: expect.stringMatching(/^[0-9a-f-]{36}$/), type: "appointment_set", at: expect.any(String), appointment: { date: "2026-12-08", timeOfDay: "PM" } },
    },
  ]);
  const page = await fetch(standIn.url).then((answer) => answer.text());
  expect(page).toContain("appointment_set for R000001: HTTP 202");
});
