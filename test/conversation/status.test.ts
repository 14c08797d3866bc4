// "Where is my repair?": the tenant's own open repairs, or one by reference, in plain words.
import { Phone, textAll } from "./fixtures";

const tap = { reference: "R7KQ2MX", category: "leak", priority: "urgent", status: "open", dueAt: new Date("2026-11-27T23:59:59Z") };
const door = { reference: "RDU39RB", category: "kitchen_bathroom", priority: "routine", status: "open", dueAt: new Date("2026-12-18T23:59:59Z") };

test("asked in words, the tenant gets their open repairs in one message", async () => {
  const phone = new Phone();
  phone.repairs = [tap, door];
  const replies = await phone.text("when is someone coming to fix my repair");
  expect(replies[1]).toBe(
    "Your open repairs:\nR7KQ2MX A leak: urgent, fix by Fri 27 Nov\nRDU39RB Kitchen, bathroom: routine, fix by Fri 18 Dec\nReply MENU for more help.",
  );
});

test("a reference in the text gets just that repair", async () => {
  const phone = new Phone();
  phone.repairs = [tap, door];
  const replies = await phone.text("any update on r7kq2mx");
  expect(replies[1]).toBe("R7KQ2MX A leak: urgent, fix by Fri 27 Nov. We will text you to book a time. Reply MENU for more help.");
});

test("from the menu, with nothing open, the tenant is told plainly and offered the way on", async () => {
  const phone = new Phone();
  const replies = await textAll(phone, "hi", "2");
  expect(replies).toEqual(["We cannot find an open repair for you. Reply MENU to report one, or PERSON to talk to us."]);
});

test("a reference that is not theirs is not shown; their own list is", async () => {
  const phone = new Phone();
  phone.repairs = [door];
  const replies = await phone.text("whats happening with RAAAAAA");
  expect(replies.slice(1)).toEqual([
    "We cannot find ref RAAAAAA for you.",
    "Your open repairs:\nRDU39RB Kitchen, bathroom: routine, fix by Fri 18 Dec\nReply MENU for more help.",
  ]);
});

test("the housing system's latest news replaces the due date, and a repair just done shows when nothing is open", async () => {
  const phone = new Phone();
  phone.repairs = [{ ...tap, progress: { type: "appointment_set", at: new Date("2026-11-23T09:00:00Z"), appointment: { date: "2026-11-26", timeOfDay: "PM" } } }];
  expect((await phone.text("any update on r7kq2mx"))[1]).toBe("R7KQ2MX A leak: we will come Thu 26 Nov, 12 to 4pm. Reply MENU for more help, or PERSON to talk to us.");
  const done = new Phone();
  done.repairs = [{ ...tap, status: "completed", progress: { type: "completed", at: new Date("2026-11-20T15:00:00Z") } }];
  expect(await textAll(done, "hi", "2")).toEqual(["R7KQ2MX A leak: done on Fri 20 Nov. Reply MENU for more help, or PERSON to talk to us."]);
});
