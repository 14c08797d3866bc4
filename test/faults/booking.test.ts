// The worst moment for a fault while booking: the scheduler has just booked the slot the tenant picked and the turn
// has not yet been saved. On PostgreSQL the database really goes away there (a TCP proxy between the app and it is
// cut for a second); on the embedded database, which cannot go away, the same moment meets the error a lost
// connection gives. Either way the turn is tried again, books the same slot once, and the tenant is told once.
import type { Scheduler } from "../../src/appointments/scheduler";
import { startTcpProxy, throughProxy, type TcpProxy } from "../support/faults";
import { play } from "../support/script";
import { startTestApp, type TestApp } from "../support/testApp";

const MAUREEN = "+447700900101";
const onPostgres = process.env.DATABASE_URL?.startsWith("postgres") ?? false;

let proxy: TcpProxy | null = null;
let harness: TestApp;
beforeAll(async () => {
  if (onPostgres) {
    const upstream = new URL(process.env.DATABASE_URL!);
    proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
  }
  harness = await startTestApp({ now: "2026-11-23T10:00:00Z", connectVia: proxy ? (url) => throughProxy(url, proxy!) : undefined });
});
afterAll(async () => {
  proxy?.restore();
  // As in outage.test.ts: what this file tests is the booking, so closing after a cut is given 20 seconds.
  await Promise.race([harness.close(), new Promise((resolve) => setTimeout(resolve, 20_000).unref())]);
  await proxy?.close();
}, 60_000);

/** The next confirm books, and then the database goes away (for a second) before the turn can save. */
function faultAfterNextConfirm(scheduler: Scheduler): { confirms: () => number } {
  const confirm = scheduler.confirm.bind(scheduler);
  let calls = 0;
  scheduler.confirm = async (reservationId) => {
    calls += 1;
    const booked = await confirm(reservationId);
    if (calls > 1) return booked;
    if (proxy) {
      proxy.cut();
      setTimeout(() => proxy!.restore(), 1_000).unref();
      return booked;
    }
    throw Object.assign(new Error("Connection terminated unexpectedly"), { code: "ECONNRESET" });
  };
  return { confirms: () => calls };
}

test("the database lost just after the scheduler booked: the turn is tried again and books the same slot once", async () => {
  await play(harness, MAUREEN, [
    { tenant: "the kitchen tap drips all the time", bot: ["This is Mersey Homes", "Is there any danger now?"] },
    { tenant: "6", bot: ["Can you stop the water"] },
    { tenant: "yes", bot: ["When can we get in"] },
    { tenant: "2", bot: ["Please check:"] },
    { tenant: "yes", bot: ["Your ref is R000001", "Pick a time"] },
  ]);
  const fault = faultAfterNextConfirm(harness.app.scheduler);
  await play(harness, MAUREEN, [{ tenant: "3", bot: ["Booked for repair R000001: Thu 26 Nov, 8am to 12."] }]);
  expect(fault.confirms()).toBeGreaterThanOrEqual(2); // the turn ran again

  const { prisma } = harness.db;
  expect(await prisma.appointment.findMany({ select: { date: true, timeOfDay: true, status: true } })).toEqual([{ date: "2026-11-26", timeOfDay: "AM", status: "booked" }]);
  expect(await prisma.slotBooking.count({ where: { status: "booked" } })).toBe(1);
  expect(await prisma.outboxEvent.count({ where: { type: "appointment.booked" } })).toBe(1);
  // Processed once, answered once, and no fault for staff: a passing database fault is not one.
  const inbound = await prisma.message.findMany({ where: { direction: "inbound", body: "3" } });
  expect(inbound).toHaveLength(1);
  expect(await prisma.message.count({ where: { inReplyToId: inbound[0]!.id } })).toBe(1);
  expect(await prisma.fault.count()).toBe(0);
});
