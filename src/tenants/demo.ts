// Demo tenants and homes for a new embedded database, so a newcomer can text as a known tenant at once.
// Numbers are from Ofcom's range reserved for drama (07700 900000 to 900999); addresses are made up. Each has a
// rent account paid weekly on Mondays: Maureen is up to date, Dev owes money, Aisha is in credit, Tom pays by UC.
import type { PrismaClient } from "@prisma/client";
import { postcodeKey } from "./postcode";

const DEMO_RENT: Record<string, { weeklyRentPence: number; balancePence: number; method: string }> = {
  T100001: { weeklyRentPence: 9550, balancePence: 0, method: "direct_debit" },
  T100002: { weeklyRentPence: 10275, balancePence: 20550, method: "card" },
  T100003: { weeklyRentPence: 8800, balancePence: -1200, method: "paypoint" },
  T100004: { weeklyRentPence: 9125, balancePence: 4500, method: "universal_credit" },
};

const DAY = 86_400_000;

/** Replies staff can start from in the console; a supervisor changes them with POST /api/saved-replies. */
const DEMO_SAVED_REPLIES = [
  { title: "Introduce yourself", body: "Hello, this is Mersey Homes. I have read your messages and I am here to help." },
  { title: "Calling you back", body: "Thanks for waiting. We will ring you within the hour from 0151 000 0000." },
  { title: "Repair booked", body: "Your repair is booked. The engineer will text you on the day before they come." },
];

/** The Monday on or before `now` (UTC midnight). */
function lastMonday(now: Date): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY);
}

export const DEMO_TENANTS = [
  { tenancyRef: "T100001", firstName: "Maureen", lastName: "Kelly", phone: "+447700900101", dateOfBirth: "1948-03-14", home: { houseNumber: "12", street: "Anfield Road", town: "Liverpool", postcode: "L4 0TH" } },
  { tenancyRef: "T100002", firstName: "Dev", lastName: "Patel", phone: "+447700900102", dateOfBirth: "1990-07-02", home: { houseNumber: "Flat 3", street: "Scotland Road", town: "Liverpool", postcode: "L5 5AE" } },
  { tenancyRef: "T100003", firstName: "Aisha", lastName: "Okafor", phone: "+447700900103", dateOfBirth: "1985-11-20", home: { houseNumber: "7", street: "Breck Road", town: "Liverpool", postcode: "L6 4BZ" } },
  { tenancyRef: "T100004", firstName: "Tom", lastName: "Hughes", phone: null, dateOfBirth: "1972-01-09", home: { houseNumber: "41", street: "Walton Lane", town: "Liverpool", postcode: "L4 5XF" } },
] as const;

/**
 * Loads the demo tenants into an empty database; does nothing if any tenant exists. Returns how many it added.
 * Rent dates are relative to `now`: the last payment on the latest Monday, the next rent due the Monday after.
 */
export async function seedDemoData(prisma: PrismaClient, now = new Date()): Promise<number> {
  if ((await prisma.tenant.count()) > 0) return 0;
  const paidOn = lastMonday(now);
  for (const tenant of DEMO_TENANTS) {
    const { home, dateOfBirth, ...person } = tenant;
    const rent = DEMO_RENT[tenant.tenancyRef]!;
    await prisma.tenant.create({
      data: {
        ...person,
        dateOfBirth: new Date(`${dateOfBirth}T00:00:00Z`),
        home: { create: { ...home, postcodeKey: postcodeKey(home.postcode) } },
        rentAccount: {
          create: {
            weeklyRentPence: rent.weeklyRentPence,
            balancePence: rent.balancePence,
            nextDueOn: new Date(paidOn.getTime() + 7 * DAY),
            transactions: {
              create: [
                { on: new Date(paidOn.getTime() - 7 * DAY), kind: "payment", amountPence: rent.weeklyRentPence, method: rent.method },
                { on: paidOn, kind: "charge", amountPence: rent.weeklyRentPence },
                { on: paidOn, kind: "payment", amountPence: rent.weeklyRentPence, method: rent.method },
              ],
            },
          },
        },
      },
    });
  }
  await prisma.savedReply.createMany({ data: DEMO_SAVED_REPLIES, skipDuplicates: true });
  return DEMO_TENANTS.length;
}
