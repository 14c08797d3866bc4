// Demo tenants and homes for a new embedded database, so a newcomer can text as a known tenant at once.
// Numbers are from Ofcom's range reserved for drama (07700 900000 to 900999); addresses are made up.
import type { PrismaClient } from "@prisma/client";
import { postcodeKey } from "./postcode";

export const DEMO_TENANTS = [
  { tenancyRef: "T100001", firstName: "Maureen", lastName: "Kelly", phone: "+447700900101", dateOfBirth: "1948-03-14", home: { houseNumber: "12", street: "Anfield Road", town: "Liverpool", postcode: "L4 0TH" } },
  { tenancyRef: "T100002", firstName: "Dev", lastName: "Patel", phone: "+447700900102", dateOfBirth: "1990-07-02", home: { houseNumber: "Flat 3", street: "Scotland Road", town: "Liverpool", postcode: "L5 5AE" } },
  { tenancyRef: "T100003", firstName: "Aisha", lastName: "Okafor", phone: "+447700900103", dateOfBirth: "1985-11-20", home: { houseNumber: "7", street: "Breck Road", town: "Liverpool", postcode: "L6 4BZ" } },
  { tenancyRef: "T100004", firstName: "Tom", lastName: "Hughes", phone: null, dateOfBirth: "1972-01-09", home: { houseNumber: "41", street: "Walton Lane", town: "Liverpool", postcode: "L4 5XF" } },
] as const;

/** Loads the demo tenants into an empty database; does nothing if any tenant exists. Returns how many it added. */
export async function seedDemoData(prisma: PrismaClient): Promise<number> {
  if ((await prisma.tenant.count()) > 0) return 0;
  for (const tenant of DEMO_TENANTS) {
    const { home, dateOfBirth, ...person } = tenant;
    await prisma.tenant.create({
      data: {
        ...person,
        dateOfBirth: new Date(`${dateOfBirth}T00:00:00Z`),
        home: { create: { ...home, postcodeKey: postcodeKey(home.postcode) } },
      },
    });
  }
  return DEMO_TENANTS.length;
}
