// The HTTP scheduler adapter against the stand-in scheduler over real HTTP, and against schedulers that misbehave.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { CONTRACT_SCHEMA_NAMES, contractSchemaFile } from "../../src/appointments/contract";
import { HttpScheduler } from "../../src/appointments/http";
import { SchedulerUnavailable, type SlotQuery } from "../../src/appointments/scheduler";
import { startStandInScheduler, type RunningStandInScheduler } from "../../src/appointments/standInScheduler";

const TOKEN = "stand-in-scheduler-token-0123456789";
// Monday 4 to Friday 8 January 2027: five working days, ten half days.
const WEEK: SlotQuery = { reference: "R7KQ2MX", trade: "plumbing", area: "north", from: "2027-01-04", to: "2027-01-08", timesOfDay: ["AM", "PM"], daysOfWeek: [1, 2, 3, 4, 5], limit: 4 };
const hold = (holdKey: string) => ({ reference: "R7KQ2MX", trade: "plumbing", area: "north", holdKey, holdMinutes: 10 });

let now = new Date("2027-01-01T10:00:00Z");
let roomy: RunningStandInScheduler; // two visits a half day
let tight: RunningStandInScheduler; // one
let scheduler: HttpScheduler;
let tightScheduler: HttpScheduler;

beforeAll(async () => {
  roomy = await startStandInScheduler({ token: TOKEN, capacity: 2, clock: () => now });
  tight = await startStandInScheduler({ token: TOKEN, capacity: 1, clock: () => now });
  scheduler = new HttpScheduler({ url: `${roomy.url}/`, token: TOKEN, timeoutMs: 2000 });
  tightScheduler = new HttpScheduler({ url: tight.url, token: TOKEN, timeoutMs: 2000 });
});
afterAll(async () => {
  await roomy.close();
  await tight.close();
});

/** A plain HTTP server answering every request with `handle`, for schedulers that misbehave. */
async function withServer(handle: http.RequestListener, run: (url: string) => Promise<void>): Promise<void> {
  const server = http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function failure(promise: Promise<unknown>): Promise<SchedulerUnavailable> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SchedulerUnavailable);
  expect((error as Error).message).not.toContain(TOKEN);
  return error as SchedulerUnavailable;
}

test("availability pages through the free half days in order, after the last one offered", async () => {
  const first = await scheduler.availability(WEEK);
  expect(first).toEqual({
    slots: [
      { slotId: "2027-01-04.AM", date: "2027-01-04", timeOfDay: "AM" },
      { slotId: "2027-01-04.PM", date: "2027-01-04", timeOfDay: "PM" },
      { slotId: "2027-01-05.AM", date: "2027-01-05", timeOfDay: "AM" },
      { slotId: "2027-01-05.PM", date: "2027-01-05", timeOfDay: "PM" },
    ],
    more: true,
  });
  const second = await scheduler.availability({ ...WEEK, after: first.slots[3], limit: 6 });
  expect(second.slots.map((slot) => slot.slotId)).toEqual(["2027-01-06.AM", "2027-01-06.PM", "2027-01-07.AM", "2027-01-07.PM", "2027-01-08.AM", "2027-01-08.PM"]);
  expect(second.more).toBe(false);
  const mornings = await scheduler.availability({ ...WEEK, timesOfDay: ["AM"], daysOfWeek: [2, 4], limit: 5 });
  expect(mornings).toEqual({ slots: [expect.objectContaining({ slotId: "2027-01-05.AM" }), expect.objectContaining({ slotId: "2027-01-07.AM" })], more: false });
});

test("reserve, confirm, release and cancel: repeats of the same hold or booking are the same one", async () => {
  const query = { ...WEEK, trade: "electrical", limit: 2 };
  const [monday, tuesday] = (await scheduler.availability(query)).slots;
  const held = await scheduler.reserve(monday!, { ...hold("turn-1"), trade: "electrical" });
  expect(held).toEqual({ reservationId: expect.any(String) });
  expect(await scheduler.reserve(monday!, { ...hold("turn-1"), trade: "electrical" })).toEqual(held); // the turn tried again
  const other = await scheduler.reserve(tuesday!, { ...hold("turn-2"), trade: "electrical" });

  const booked = await scheduler.confirm(held!.reservationId);
  expect(booked).toEqual({ bookingId: expect.any(String) });
  expect(await scheduler.confirm(held!.reservationId)).toEqual(booked);
  await scheduler.release(other!.reservationId);
  await scheduler.release(other!.reservationId);
  expect(await scheduler.confirm(other!.reservationId)).toBeNull(); // let go: nothing to book
  expect(await scheduler.confirm("H-unknown")).toBeNull();
  await scheduler.release("H-unknown"); // already gone is fine

  // Capacity two: one booked and one let go leaves Monday morning with a visit left, for one more tenant only.
  expect(await scheduler.reserve(monday!, { ...hold("turn-3"), trade: "electrical" })).not.toBeNull();
  expect(await scheduler.reserve(monday!, { ...hold("turn-4"), trade: "electrical" })).toBeNull();
  await scheduler.cancel(booked!.bookingId, "tenant_cancelled");
  await scheduler.cancel(booked!.bookingId, "tenant_cancelled");
  expect(await scheduler.reserve(monday!, { ...hold("turn-4"), trade: "electrical" })).not.toBeNull(); // the cancelled visit is free again
  expect((await failure(scheduler.cancel("B-unknown", "tenant_cancelled"))).message).toBe("scheduler cancel: HTTP 404");
});

test("the last visit of a half day: of two tenants reserving it at once, exactly one gets it", async () => {
  const [slot] = (await tightScheduler.availability({ ...WEEK, trade: "roofing" })).slots;
  const results = await Promise.all([tightScheduler.reserve(slot!, { ...hold("a"), trade: "roofing" }), tightScheduler.reserve(slot!, { ...hold("b"), trade: "roofing" })]);
  expect(results.filter((result) => result !== null)).toHaveLength(1);
  expect((await tightScheduler.availability({ ...WEEK, trade: "roofing" })).slots[0]!.slotId).not.toBe(slot!.slotId);
});

test("a lapsed hold's slot can be taken by another tenant, and then the lapsed one cannot be booked", async () => {
  const [slot] = (await tightScheduler.availability({ ...WEEK, trade: "glazing" })).slots;
  const first = await tightScheduler.reserve(slot!, { ...hold("slow"), trade: "glazing" });
  expect(await tightScheduler.reserve(slot!, { ...hold("quick"), trade: "glazing" })).toBeNull();
  now = new Date(now.getTime() + 11 * 60_000);
  const second = await tightScheduler.reserve(slot!, { ...hold("quick"), trade: "glazing" });
  expect(second).not.toBeNull();
  expect(await tightScheduler.confirm(first!.reservationId)).toBeNull();
  expect(await tightScheduler.confirm(second!.reservationId)).toEqual({ bookingId: expect.any(String) });

  // A lapsed hold nobody took still books.
  const [next] = (await tightScheduler.availability({ ...WEEK, trade: "glazing" })).slots;
  const late = await tightScheduler.reserve(next!, { ...hold("late"), trade: "glazing" });
  now = new Date(now.getTime() + 11 * 60_000);
  expect(await tightScheduler.confirm(late!.reservationId)).toEqual({ bookingId: expect.any(String) });
});

test("a scheduler that never answers is unavailable within the timeout, without a second try", async () => {
  let requests = 0;
  await withServer(
    () => void (requests += 1),
    async (url) => {
      const started = Date.now();
      const error = await failure(new HttpScheduler({ url, token: TOKEN, timeoutMs: 300 }).availability(WEEK));
      expect(Date.now() - started).toBeLessThan(1500);
      expect(error.message).toBe("scheduler availability: no answer within 300 ms");
      expect(requests).toBe(1);
    },
  );
});

test("a server error, a refused token and a body of the wrong shape are each unavailable, naming the call", async () => {
  await withServer(
    (_request, response) => response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: "boom" })),
    async (url) => {
      expect((await failure(new HttpScheduler({ url, token: TOKEN }).availability(WEEK))).message).toBe("scheduler availability: HTTP 500");
      expect((await failure(new HttpScheduler({ url, token: TOKEN }).confirm("H-1"))).message).toBe("scheduler confirm: HTTP 500");
    },
  );
  const wrong = new HttpScheduler({ url: roomy.url, token: "not-the-right-token-at-all" });
  expect((await failure(wrong.availability(WEEK))).message).toBe("scheduler availability: HTTP 401");
  expect((await failure(wrong.reserve({ slotId: "2027-01-04.AM", date: "2027-01-04", timeOfDay: "AM" }, hold("x")))).message).toBe("scheduler reserve: HTTP 401");

  const bodies = [
    JSON.stringify({ slots: [{ slotId: "1", date: "4 January", timeOfDay: "AM" }], more: false }),
    JSON.stringify({ slots: [] }),
    "<html>Service Unavailable</html>",
  ];
  for (const body of bodies) {
    await withServer(
      (_request, response) => response.writeHead(200, { "content-type": "application/json" }).end(body),
      async (url) => {
        const error = await failure(new HttpScheduler({ url, token: TOKEN }).availability(WEEK));
        expect(error.message).toMatch(/^scheduler availability: HTTP 200 answer does not match the contract \(/);
        expect(error.message).not.toContain("4 January");
      },
    );
  }
  await withServer(
    (_request, response) => response.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ reservation: "H-1" })),
    async (url) => {
      expect((await failure(new HttpScheduler({ url, token: TOKEN }).reserve({ slotId: "s", date: "2027-01-04", timeOfDay: "AM" }, hold("y")))).message).toBe(
        "scheduler reserve: HTTP 201 answer does not match the contract (/reservationId Expected required property)",
      );
    },
  );
});

test("a dropped connection is tried once more for the calls safe to repeat, and not for the others", async () => {
  let requests = 0;
  const dropFirst: http.RequestListener = (request, response) => {
    requests += 1;
    if (requests % 2 === 1) return request.socket.destroy();
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ slots: [], more: false }));
  };
  await withServer(dropFirst, async (url) => {
    expect(await new HttpScheduler({ url, token: TOKEN }).availability(WEEK)).toEqual({ slots: [], more: false });
    expect(requests).toBe(2);
    requests = 0;
    const error = await failure(new HttpScheduler({ url, token: TOKEN }).cancel("B-1", "tenant_cancelled"));
    expect(error.message).toMatch(/^scheduler cancel: could not connect \(\w+\)$/);
    expect(requests).toBe(1);
  });
  const closed = await startStandInScheduler({ token: TOKEN, capacity: 1 });
  await closed.close();
  expect((await failure(new HttpScheduler({ url: closed.url, token: TOKEN }).availability(WEEK))).message).toBe("scheduler availability: could not connect (ECONNREFUSED)");
});

test("the bearer token goes in the Authorization header, and requests carry only the contract's fields", async () => {
  const seen: { method?: string; url?: string; authorization?: string; body: string }[] = [];
  await withServer(
    (request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        seen.push({ method: request.method, url: request.url, authorization: request.headers.authorization, body });
        response.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ reservationId: "H-1" }));
      });
    },
    async (url) => {
      const extra = { ...hold("k"), tenantName: "Ann Example" } as ReturnType<typeof hold>;
      await new HttpScheduler({ url: `${url}/api/v1`, token: TOKEN }).reserve({ slotId: "2027-01-04.AM", date: "2027-01-04", timeOfDay: "AM" }, extra);
    },
  );
  expect(seen).toEqual([{ method: "POST", url: "/api/v1/reservations", authorization: `Bearer ${TOKEN}`, body: expect.any(String) }]);
  expect(JSON.parse(seen[0]!.body)).toEqual({ slotId: "2027-01-04.AM", date: "2027-01-04", timeOfDay: "AM", reference: "R7KQ2MX", trade: "plumbing", area: "north", holdKey: "k", holdMinutes: 10 });
});

test("the stand-in refuses requests outside the contract", async () => {
  const post = (path: string, body: unknown) =>
    fetch(`${roomy.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  const missing = await post("/availability", { ...WEEK, limit: undefined });
  expect(missing.status).toBe(400);
  expect(await missing.json()).toMatchObject({ error: "bad_request" });
  expect((await post("/reservations", { slotId: "2027-01-05.AM", date: "2027-01-04", timeOfDay: "AM", ...hold("z") })).status).toBe(400);
  expect((await fetch(`${roomy.url}/availability`, { method: "POST", body: "{}" })).status).toBe(401);
});

test("each contract schema is in docs/scheduler and matches the code", () => {
  for (const name of CONTRACT_SCHEMA_NAMES) {
    const file = path.join(__dirname, "..", "..", "docs", "scheduler", `${name}.schema.json`);
    expect(fs.readFileSync(file, "utf8")).toBe(contractSchemaFile(name)); // run `npm run scheduler:schemas` after changing them
  }
});
