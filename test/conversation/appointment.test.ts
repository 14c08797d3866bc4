// Booking the visit in the conversation, with a scheduler held in memory: the slots offered, paging on, none left, a
// scheduler that is away, a slot taken while the tenant was away, and the reminder answered days later.
import { askUnprompted } from "../../src/conversation/asked";
import { newState } from "../../src/conversation/engine";
import { Phone, textAll } from "./fixtures";

/** A routine repair by a known tenant (Monday 23 Nov 2026): the reply to "yes" at the summary. */
async function report(phone: Phone, access = "1"): Promise<string[]> {
  await textAll(phone, "the kitchen cupboard door is hanging off", "6", access);
  return phone.text("yes");
}

const FIRST_PAGE = "Pick a time for repair R000001:\n1 Tue 24 Nov, 8am to 12\n2 Tue 24 Nov, 12 to 4pm\n3 Wed 25 Nov, 8am to 12\n4 Other days\n5 None of these";

test("a routine repair is offered three slots from the next working day, and the one picked is booked", async () => {
  const phone = new Phone();
  expect(await report(phone)).toEqual(["Thank you. Your ref is R000001. We will fix it by Mon 21 Dec.", FIRST_PAGE]);
  expect(await phone.text("3")).toEqual(["Booked for repair R000001: Wed 25 Nov, 8am to 12. Someone over 18 must be in and the area clear. We will text you the day before."]);
  expect(phone.eventsOf("appointment.booked")).toEqual([
    { type: "appointment.booked", reference: "R000001", bookingId: "hold-2026-11-25-AM-1", date: "2026-11-25", timeOfDay: "AM", replaces: undefined },
  ]);
  // The two slots not chosen are let go at once, not kept until their hold lapses.
  expect([...phone.book.holds.values()].map((hold) => hold.status)).toEqual(["released", "released", "booked"]);
  expect(phone.book.requests[0]).toMatchObject({ category: "kitchen_bathroom", homeId: "home-1", until: "2026-12-21T23:59:59.999Z" });
});

test("the access times given decide the half days offered: afternoons only", async () => {
  const phone = new Phone();
  const replies = await report(phone, "3");
  expect(replies[1]).toBe("Pick a time for repair R000001:\n1 Tue 24 Nov, 12 to 4pm\n2 Wed 25 Nov, 12 to 4pm\n3 Thu 26 Nov, 12 to 4pm\n4 Other days\n5 None of these");
});

test("times in the tenant's own words: not Tuesdays, and they work mornings", async () => {
  const phone = new Phone();
  await textAll(phone, "the kitchen cupboard door is hanging off", "6", "4", "not tuesdays, i work mornings");
  const replies = await phone.text("yes");
  expect(replies[1]).toBe("Pick a time for repair R000001:\n1 Wed 25 Nov, 12 to 4pm\n2 Thu 26 Nov, 12 to 4pm\n3 Fri 27 Nov, 12 to 4pm\n4 Other days\n5 None of these");
});

test("Other days pages on after the last one shown, and lets the first page's holds go", async () => {
  const phone = new Phone();
  await report(phone);
  expect(await phone.text("4")).toEqual(["Pick a time for repair R000001:\n1 Wed 25 Nov, 12 to 4pm\n2 Thu 26 Nov, 8am to 12\n3 Thu 26 Nov, 12 to 4pm\n4 Other days\n5 None of these"]);
  expect([...phone.book.holds.values()].filter((hold) => hold.status === "held")).toHaveLength(3);
  expect(await phone.text("other days")).toEqual([expect.stringMatching(/^Pick a time for repair R000001:\n1 Fri 27 Nov, 8am to 12\n/)]);
  expect(await phone.text("1")).toEqual([expect.stringMatching(/^Booked for repair R000001: Fri 27 Nov, 8am to 12\./)]);
});

test("a tap on the web chat sends the slot's words, and booking there promises no text", async () => {
  const phone = new Phone();
  phone.canReachLater = false;
  await report(phone);
  expect(await phone.text("Wed 25 Nov, 8am to 12")).toEqual(["Booked for repair R000001: Wed 25 Nov, 8am to 12. Someone over 18 must be in and the area clear."]);
});

test("None of these keeps the times they gave and goes to a person to book", async () => {
  const phone = new Phone();
  await report(phone);
  expect(await phone.text("5")).toEqual(["OK. We will keep the times you gave. A person will contact you to book a visit for repair R000001."]);
  expect(phone.eventsOf("escalation.requested")).toEqual([{ type: "escalation.requested", reason: "booking", priority: 3, caseReference: "R000001" }]);
  expect([...phone.book.holds.values()].every((hold) => hold.status === "released")).toBe(true);
  expect(phone.state?.flow).toBeNull();
});

test("no slot left before the deadline: a person books it, and the tenant is told by when it should have been", async () => {
  const phone = new Phone();
  phone.book.perSlot = 0;
  expect(await report(phone)).toEqual([
    "Thank you. Your ref is R000001. We will fix it by Mon 21 Dec.",
    "We have no free times before Mon 21 Dec. A person will contact you to book a visit for repair R000001.",
  ]);
  expect(phone.eventsOf("escalation.requested")[0]).toMatchObject({ reason: "booking", caseReference: "R000001" });
});

test("a scheduler that is away does not lose the repair: a person books the visit", async () => {
  const phone = new Phone();
  phone.book.away = true;
  expect(await report(phone)).toEqual([
    "Thank you. Your ref is R000001. We will fix it by Mon 21 Dec.",
    "We cannot book a time just now. A person will contact you to book a visit for repair R000001.",
  ]);
  expect(phone.eventsOf("case.created")).toHaveLength(1);
  expect(phone.eventsOf("escalation.requested")[0]).toMatchObject({ reason: "booking" });
});

test("a slot that went while the tenant was away is said so, and fresh times are offered", async () => {
  const phone = new Phone();
  await report(phone);
  // Their hold lapsed and another tenant booked the Tuesday morning.
  for (const hold of phone.book.holds.values()) hold.status = "released";
  phone.book.take("2026-11-24", "AM");
  phone.wait(30);
  expect(await phone.text("1")).toEqual([
    "Sorry, that time has just gone.",
    "Pick a time for repair R000001:\n1 Tue 24 Nov, 12 to 4pm\n2 Wed 25 Nov, 8am to 12\n3 Wed 25 Nov, 12 to 4pm\n4 Other days\n5 None of these",
  ]);
});

test("emergencies are not booked into slots: they keep their attend-by time", async () => {
  const phone = new Phone();
  const replies = await textAll(phone, "hi", "1", "6", "4", "1", "1", "all the power is off", "1", "yes");
  expect(replies.join("\n")).toMatch(/It is an emergency: we will get someone to you by/);
  expect(replies.join("\n")).not.toMatch(/Pick a time/);
  expect(phone.book.requests).toEqual([]);
});

test("a repair from a number we could not match to a home is booked by a person, as before", async () => {
  const phone = new Phone("2026-11-23T10:00:00Z", null);
  await textAll(phone, "the kitchen cupboard door is hanging off", "6", "1", "L1 1AA", "99");
  const replies = await phone.text("yes");
  expect(replies).toEqual(["Thank you. Your ref is R000001. We will fix it by Mon 21 Dec. We will text you to book a time."]);
  expect(phone.book.requests).toEqual([]);
});

function reminded(): Phone {
  const phone = new Phone("2026-11-24T18:00:00Z");
  const slots = {
    reference: "R000001",
    appointmentId: "appt-1",
    replacing: "appt-1",
    appointment: "Wed 25 Nov, 8am to 12",
    category: "heating",
    homeId: "home-1",
    until: "2026-12-08T23:59:59.999Z",
  };
  phone.state = askUnprompted({ ...newState(), greeted: true }, { flow: "appointment", step: "reminder", slots }, phone.now);
  return phone;
}

test("the reminder answered with 1 keeps the visit", async () => {
  const phone = reminded();
  phone.wait(90);
  expect(await phone.text("1")).toEqual(["Thank you. See you Wed 25 Nov, 8am to 12. Someone over 18 must be in."]);
  expect(phone.events).toEqual([]);
});

test("the reminder answered 'change it' the next morning offers new times and moves the visit", async () => {
  const phone = reminded();
  phone.wait(14 * 60);
  expect(await phone.text("change it")).toEqual([expect.stringMatching(/^Pick a time for repair R000001:\n1 Thu 26 Nov, 8am to 12\n/)]);
  expect(await phone.text("1")).toEqual(["Moved. Repair R000001 is now Thu 26 Nov, 8am to 12. Someone over 18 must be in. We will text you the day before."]);
  expect(phone.eventsOf("appointment.booked")).toEqual([expect.objectContaining({ date: "2026-11-26", timeOfDay: "AM", replaces: "appt-1" })]);
  // The old visit is given back to the scheduler.
  expect(phone.book.cancelled).toEqual([{ appointmentId: "appt-1", reason: "moved" }]);
});

test("the reminder answered 3 asks why; 'no one can be in' cancels it and a person rebooks", async () => {
  const phone = reminded();
  expect(await phone.text("3")).toEqual(["Why do you want to cancel?\n1 It is fixed or not needed\n2 No one can be in\n3 Another reason"]);
  expect(await phone.text("2")).toEqual(["Visit cancelled. Repair R000001 stays open: a person will contact you to book a new time."]);
  expect(phone.eventsOf("appointment.cancelled")).toEqual([{ type: "appointment.cancelled", reference: "R000001", appointmentId: "appt-1", reason: "cannot_be_in" }]);
  expect(phone.eventsOf("escalation.requested")[0]).toMatchObject({ reason: "booking", caseReference: "R000001" });
  expect(phone.book.cancelled).toEqual([{ appointmentId: "appt-1", reason: "cannot_be_in" }]);
});

test("CANCEL alone is an opt-out word on every carrier, so it stops texts; 'cancel it' cancels the visit", async () => {
  const optOut = reminded();
  expect(await optOut.text("CANCEL")).toEqual(["You will get no more texts from us. Text START to turn them back on."]);
  expect(optOut.eventsOf("appointment.cancelled")).toEqual([]);
  const phone = reminded();
  expect(await phone.text("cancel it")).toEqual([expect.stringMatching(/^Why do you want to cancel\?/)]);
});

test("cancelled because it is fixed: staff are asked to check and close the repair", async () => {
  const phone = reminded();
  await phone.text("cancel it");
  expect(await phone.text("1")).toEqual(["Visit cancelled. We will check and close repair R000001. Reply MENU if you need anything else."]);
  expect(phone.eventsOf("case.note_added")[0]).toMatchObject({ reference: "R000001", text: expect.stringMatching(/fixed or not needed/) });
});

test("words that are not an answer to the reminder are understood as usual", async () => {
  const phone = reminded();
  expect(await phone.text("how much rent do i owe")).not.toContainEqual(expect.stringMatching(/Why do you want to cancel/));
  expect(phone.eventsOf("appointment.cancelled")).toEqual([]);
});

test("after a visit where we could not get in, 1 picks a new time", async () => {
  const phone = new Phone("2026-11-25T13:00:00Z");
  const slots = { reference: "R000001", category: "heating", homeId: "home-1", until: "2026-12-09T23:59:59.999Z" };
  phone.state = askUnprompted({ ...newState(), greeted: true }, { flow: "appointment", step: "missed", slots }, phone.now);
  expect(await phone.text("1")).toEqual([expect.stringMatching(/^Pick a time for repair R000001:\n1 Thu 26 Nov, 8am to 12\n/)]);
  expect(await phone.text("2")).toEqual([expect.stringMatching(/^Booked for repair R000001: Thu 26 Nov, 12 to 4pm\./)]);
});

test("a fault that is not the scheduler's (the database gone) fails the turn, to be tried again, not handed to a person", async () => {
  const phone = new Phone();
  await textAll(phone, "the kitchen cupboard door is hanging off", "6", "1");
  phone.book.offer = async () => {
    throw new Error("Can't reach database server");
  };
  await expect(phone.text("yes")).rejects.toThrow("Can't reach database server");
  expect(phone.events).toEqual([]);
});

test("the last page before the deadline offers no Other days", async () => {
  const phone = new Phone();
  await textAll(phone, "my bathroom tap keeps dripping", "6", "yes", "1");
  expect((await phone.text("yes"))[0]).toMatch(/It is urgent: we will fix it by Mon 30 Nov/);
  await textAll(phone, "4", "4");
  expect(await phone.text("4")).toEqual(["Pick a time for repair R000001:\n1 Mon 30 Nov, 12 to 4pm\n2 None of these"]);
  expect(await phone.text("2")).toEqual([expect.stringMatching(/^OK. We will keep the times you gave/)]);
});
