// What the appointment tests share: a tenant who books a visit by SMS, and the texts we started to a number.
import { play } from "./script";
import type { TestApp } from "./testApp";

export const MAUREEN = "+447700900101"; // Maureen Kelly in the demo data, at L4 0TH

/** Maureen reports a dripping tap, mornings only, and books the third slot offered: Thu 26 Nov, 8am to 12 (from Mon 23 Nov). */
export async function bookThursday(harness: TestApp): Promise<void> {
  await play(harness, MAUREEN, [
    { tenant: "the kitchen tap drips all the time", bot: ["This is Mersey Homes", "Is there any danger now?"] },
    { tenant: "6", bot: ["Can you stop the water"] },
    { tenant: "yes", bot: ["When can we get in"] },
    { tenant: "2", bot: ["Please check:"] },
    { tenant: "yes", bot: ["Your ref is R000001", "Pick a time for repair R000001:\n1 Tue 24 Nov, 8am to 12\n2 Wed 25 Nov, 8am to 12\n3 Thu 26 Nov, 8am to 12\n4 Other days\n5 None of these"] },
    { tenant: "3", bot: ["Booked for repair R000001: Thu 26 Nov, 8am to 12."] },
  ]);
}

/** The texts we started to this number (outbound, not in reply to a text), oldest first. */
export async function sentTo(harness: TestApp, address: string): Promise<string[]> {
  const messages = await harness.db.prisma.message.findMany({ where: { conversation: { address }, direction: "outbound", inReplyToId: null }, orderBy: { seq: "asc" } });
  return messages.map((message) => message.body);
}
