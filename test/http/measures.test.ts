// GET /api/measures and the CSV downloads: who may see them, what a bad query is told, and the figures the page,
// the API and the CSV share, from tenants texting the bot.
import { MEASURES } from "../../src/measures";
import { createStaff } from "../../src/staff/accounts";
import { History } from "../measures/history";
import { startTestApp, TEST_API_TOKEN, type TestApp } from "../support/testApp";

const PASSWORD = "correct horse battery staple";
const BEARER = { authorization: `Bearer ${TEST_API_TOKEN}` };
let harness: TestApp;

beforeAll(async () => {
  harness = await startTestApp();
});
beforeEach(async () => {
  await harness.reset();
  await createStaff(harness.db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: PASSWORD });
  await createStaff(harness.db.prisma, { email: "sue@merseyhomes.org", name: "Sue Supervisor", role: "supervisor", password: PASSWORD });
});
afterAll(() => harness.close());

async function logIn(email: string): Promise<string> {
  const response = await harness.app.inject({
    method: "POST",
    url: "/console/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ email, password: PASSWORD }).toString(),
  });
  expect(response.statusCode).toBe(303);
  return String(response.headers["set-cookie"]).split(";")[0]!;
}

/** A week either side of today: the messages a text writes are stamped by the database's clock, not the test's. */
function aroundToday(): string {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return `from=${day(-7)}&to=${day(7)}`;
}

const total = (measure: { points: { numerator: number | null }[] }) => measure.points.reduce((sum, point) => sum + (point.numerator ?? 0), 0);

test("tenants' texts become contact figures for a BI tool, with small counts withheld", async () => {
  harness.clock.now = new Date(); // messages are stamped by the database's clock, hand-overs by the app's: the same in production
  for (let index = 0; index < 6; index += 1) await harness.text(`+4477009001${String(index).padStart(2, "0")}`, "hello");
  const response = await harness.app.inject({ url: `/api/measures?${aroundToday()}&interval=week&measure=contacts_by_channel,handover_rate`, headers: BEARER });
  expect(response.statusCode).toBe(200);
  const body = response.json();
  expect(body).toMatchObject({ interval: "week", channel: null, journey: null });
  const [contacts, handover] = body.measures;
  expect(contacts.id).toBe("contacts_by_channel");
  expect(contacts.series).toEqual(["sms"]);
  expect(total(contacts)).toBe(6);
  expect(handover.points.filter((point: { denominator: number }) => point.denominator > 0)).toEqual([
    expect.objectContaining({ series: "handed over", value: 0, numerator: 0, denominator: 6, suppressed: false }),
  ]);

  harness.clock.now = new Date();
  await harness.text("+447700900200", "can i speak to a person please");
  const after = (await harness.app.inject({ url: `/api/measures?${aroundToday()}&measure=handover_rate,handover_reasons`, headers: BEARER })).json();
  // 1 of 7 handed over: the 1 could point to a tenant.
  expect(after.measures[0].points.filter((point: { suppressed: boolean }) => point.suppressed)).toHaveLength(1);
  expect(after.measures[1].points.find((point: { series: string; suppressed: boolean }) => point.series === "asked_for_person" && point.suppressed)).toBeDefined();
});

test("a measure downloads as CSV", async () => {
  const history = new History(harness.db.prisma);
  await history.times(5, async () => history.inbound(await history.conversation("whatsapp"), "2026-11-10T12:00:00Z"));
  const response = await harness.app.inject({ url: "/api/measures/contacts_by_channel/csv?from=2026-11-01&to=2026-12-31", headers: BEARER });
  expect(response.statusCode).toBe(200);
  expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
  expect(response.headers["content-disposition"]).toBe('attachment; filename="contacts_by_channel-2026-11-01-to-2026-12-31-month.csv"');
  expect(response.body).toBe(
    "measure,period,series,value,unit,numerator,denominator,suppressed\r\ncontacts_by_channel,2026-11-01,whatsapp,5,number,5,,false\r\ncontacts_by_channel,2026-12-01,whatsapp,0,number,0,,false\r\n",
  );
});

test("only a supervisor or the API token may see the measures", async () => {
  expect((await harness.app.inject({ url: "/api/measures" })).statusCode).toBe(401);
  expect((await harness.app.inject({ url: "/api/measures", headers: { authorization: "Bearer not-the-token-at-all-000000" } })).statusCode).toBe(401);
  const agent = await harness.app.inject({ url: "/api/measures", headers: { cookie: await logIn("ann@merseyhomes.org") } });
  expect(agent.statusCode).toBe(403);
  expect(agent.json().message).toBe("Only a supervisor can see the measures");
  const supervisor = await harness.app.inject({ url: "/api/measures", headers: { cookie: await logIn("sue@merseyhomes.org") } });
  expect(supervisor.statusCode).toBe(200);
  // Default: the last 12 months by month, to today (23 November 2026).
  expect(supervisor.json()).toMatchObject({ from: "2025-12-01", to: "2026-11-23", interval: "month" });
  expect(supervisor.json().measures).toHaveLength(MEASURES.length); // 21, the visits' five included
  expect(supervisor.json().measures.map((measure: { id: string }) => measure.id)).toContain("visits_booked");
  expect((await harness.app.inject({ url: "/api/measures/containment/csv", headers: { cookie: await logIn("ann@merseyhomes.org") } })).statusCode).toBe(403);
});

test.each([
  ["from=2026-1-01", "querystring.from must match pattern"],
  ["interval=day", "querystring.interval must be"],
  ["channel=fax", "querystring.channel must be"],
  ["from=2026-02-30", 'from must be a date like 2026-01-31, not "2026-02-30"'],
  ["from=2026-12-01&to=2026-11-01", "to must be on or after from"],
  ["measure=containment,happiness", 'no measure "happiness"'],
])("a bad query (%s) is a 400 that says why", async (query, reason) => {
  const response = await harness.app.inject({ url: `/api/measures?${query}`, headers: BEARER });
  expect(response.statusCode).toBe(400);
  expect(response.json().message).toContain(reason);
});

test("a CSV of a measure that does not exist is a 400 naming the measures", async () => {
  const response = await harness.app.inject({ url: "/api/measures/happiness/csv", headers: BEARER });
  expect(response.statusCode).toBe(400);
  expect(response.json().message).toContain("params.id must be one of: contacts_by_channel, containment");
});

test("the measures are in the OpenAPI document", async () => {
  const spec = (await harness.app.inject({ url: "/docs/json" })).json();
  expect(spec.paths["/api/measures"].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
    expect.arrayContaining(["from", "to", "interval", "channel", "journey", "measure"]),
  );
  expect(spec.paths["/api/measures"].get.responses["200"].content["application/json"].schema.properties.measures).toBeDefined();
  expect(spec.paths["/api/measures/{id}/csv"].get.parameters.find((parameter: { name: string }) => parameter.name === "id").schema.enum).toEqual(MEASURES.map((measure) => measure.id));
});

test("the measures page is for supervisors; its chart library is served by the app", async () => {
  expect((await harness.app.inject({ url: "/console/measures" })).headers.location).toBe("/console");
  expect((await harness.app.inject({ url: "/console/measures", headers: { cookie: await logIn("ann@merseyhomes.org") } })).statusCode).toBe(403);
  const page = await harness.app.inject({ url: "/console/measures?from=2026-11-01&to=2026-11-30&channel=fax", headers: { cookie: await logIn("sue@merseyhomes.org") } });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('<option value="" selected>Every channel</option>');
  expect(page.body).toContain('<a href="/api/measures/containment/csv?from=2026-11-01&amp;to=2026-11-30&amp;interval=month" download>');
  const library = await harness.app.inject({ url: "/console/vendor/chart.umd.min.js" });
  expect(library.statusCode).toBe(200);
  expect(library.body).toContain("Chart.js");
});
