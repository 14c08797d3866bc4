// Two app instances on one database, as behind a load balancer: a login on one works on the other, both consoles'
// live streams see a new escalation, only one of two staff racing across the servers gets the claim, and a tenant
// nobody picked up in time is told once, whichever server looks first.
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app";
import { sendLateNotices } from "../../src/handoff/lateNotices";
import { createStaff } from "../../src/staff/accounts";
import { startTestApp, type TestApp } from "../support/testApp";

const TENANT = "+447700900101";
const PASSWORD = "correct horse battery staple";

let harness: TestApp;
let second: FastifyInstance;
beforeAll(async () => {
  harness = await startTestApp();
  second = await buildApp({ config: harness.config, db: harness.db, logger: false, clock: () => harness.clock.now });
  await second.listen({ port: 0, host: "127.0.0.1" });
});
beforeEach(async () => {
  await harness.reset();
  await createStaff(harness.db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: PASSWORD });
  await createStaff(harness.db.prisma, { email: "bob@merseyhomes.org", name: "Bob Agent", role: "agent", password: PASSWORD });
});
afterAll(async () => {
  await second.close();
  await harness.close();
});

async function logIn(app: FastifyInstance, email: string) {
  const response = await app.inject({
    method: "POST",
    url: "/console/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ email, password: PASSWORD }).toString(),
  });
  const cookie = String(response.headers["set-cookie"]).split(";")[0]!;
  const page = await app.inject({ url: "/console", headers: { cookie } });
  return { cookie, csrf: /name="csrf-token" content="([^"]+)"/.exec(page.body)![1]! };
}

/** Opens the live stream on the second server and resolves each time it announces a queue change. */
function watchQueue(cookie: string) {
  const events: string[] = [];
  const waiters: (() => void)[] = [];
  const { port } = second.server.address() as AddressInfo;
  const stream = httpRequest({ host: "127.0.0.1", port, path: "/api/escalations/stream", headers: { cookie } }, (response) => {
    response.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        if (line.startsWith("data:")) {
          events.push(line);
          waiters.splice(0).forEach((wake) => wake());
        }
      }
    });
  });
  stream.end();
  return {
    events,
    next: (count: number) =>
      new Promise<void>((resolve, reject) => {
        const timeout = setTimeout(() => reject(new Error(`only ${events.length} queue events`)), 10_000);
        const check = () => (events.length >= count ? (clearTimeout(timeout), resolve()) : waiters.push(check));
        check();
      }),
    close: () => stream.destroy(),
  };
}

test("an escalation raised through one server shows live on the other, and only one claim across servers wins", async () => {
  const ann = await logIn(harness.app, "ann@merseyhomes.org");
  const bob = await logIn(second, "bob@merseyhomes.org");
  const stream = watchQueue(ann.cookie); // Ann's session from the first server, streaming from the second
  try {
    await stream.next(1);
    await harness.text(TENANT, "can i talk to someone");
    await stream.next(2);
  } finally {
    stream.close();
  }
  const queue = (await second.inject({ url: "/api/escalations", headers: { cookie: bob.cookie } })).json();
  expect(queue.escalations).toHaveLength(1);
  const id = queue.escalations[0].id as string;
  const claims = await Promise.all([
    harness.app.inject({ method: "POST", url: `/api/escalations/${id}/claim`, headers: { cookie: ann.cookie, "x-csrf-token": ann.csrf } }),
    second.inject({ method: "POST", url: `/api/escalations/${id}/claim`, headers: { cookie: bob.cookie, "x-csrf-token": bob.csrf } }),
  ]);
  expect(claims.map((claim) => claim.statusCode).sort()).toEqual([200, 409]);
});

test("a tenant nobody picked up within the target is told once, even with two servers checking", async () => {
  await harness.text(TENANT, "can i talk to someone");
  const escalation = await harness.db.prisma.escalation.findFirstOrThrow();
  const later = new Date(escalation.respondBy.getTime() + 60_000);
  const deps = { outbound: harness.app.outbound, log: harness.app.log, landlord: harness.config.landlord, whatsappTemplates: {} };
  const told = await Promise.all([sendLateNotices(harness.db.prisma, deps, later), sendLateNotices(harness.db.prisma, deps, later)]);
  expect(told[0]! + told[1]!).toBe(1);
  const notices = await harness.db.prisma.message.findMany({ where: { body: { startsWith: "Sorry, nobody has been able to reply yet" } } });
  expect(notices).toHaveLength(1);
});
