// A tenant waiting for a person, or already talking to one, who then says something that shows danger or
// vulnerability: the console's row for them rises to the top with the shorter target, and says why.
import type { LightMyRequestResponse } from "fastify";
import { createStaff } from "../../src/staff/accounts";
import { startTestApp, type TestApp } from "../support/testApp";

const TENANT = "+447700900101"; // Maureen Kelly in the demo data
const PASSWORD = "correct horse battery staple";

let harness: TestApp;
beforeAll(async () => {
  // A weekday morning in winter, inside opening hours.
  harness = await startTestApp({ now: "2026-11-23T10:00:00Z" });
});
beforeEach(async () => {
  await harness.reset();
  await createStaff(harness.db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: PASSWORD });
});
afterAll(() => harness.close());

async function logIn(): Promise<(method: "GET" | "POST", url: string) => Promise<LightMyRequestResponse>> {
  const response = await harness.app.inject({
    method: "POST",
    url: "/console/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ email: "ann@merseyhomes.org", password: PASSWORD }).toString(),
  });
  const cookie = String(response.headers["set-cookie"]).split(";")[0]!;
  const page = await harness.app.inject({ url: "/console", headers: { cookie } });
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(page.body)![1]!;
  return (method, url) => harness.app.inject({ method, url, headers: { cookie, "x-csrf-token": csrf } });
}

const minutes = (row: { createdAt: string; respondBy: string }) => (Date.parse(row.respondBy) - Date.parse(row.createdAt)) / 60_000;

test.each([
  ["waiting for a person", false],
  ["held by a person", true],
])("while %s, 'boiler off 3 days and I have a baby' puts the tenant at the top with a 15-minute target", async (_when, claimed) => {
  const call = await logIn();
  await harness.text(TENANT, "can i speak to a person please");
  let [row] = (await call("GET", "/api/escalations")).json().escalations;
  expect(row).toMatchObject({ tenantName: "Maureen Kelly", priority: 3 });
  if (claimed) expect((await call("POST", `/api/escalations/${row.id}/claim`)).statusCode).toBe(200);

  await harness.text(TENANT, "boiler off 3 days and I have a baby");
  const rows = (await call("GET", "/api/escalations")).json().escalations;
  // Still one row for her: the most urgent, naming the request it rose above.
  expect(rows).toHaveLength(1);
  [row] = rows;
  expect(row).toMatchObject({ tenantName: "Maureen Kelly", priority: 1, reason: "worse_while_waiting", lastWords: "boiler off 3 days and I have a baby" });
  expect(row.also).toContain("asked_for_person");
  expect(minutes(row)).toBe(15);
});
