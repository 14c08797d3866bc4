// Who is texting: tenants by phone number, and homes by postcode and house number for numbers we do not know.
import type { PrismaClient } from "@prisma/client";
import type { HomeDirectory, HomeMatch, Identity } from "../conversation/types";
import { postcodeKey } from "./postcode";

/** "Flat 3", "no. 12", "12A" → "3", "12", "12a": how house numbers are compared. */
export function houseKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\b(flat|apartment|apt|number|no|house)\b\.?/g, "")
    .replace(/[^a-z0-9]/g, "");
}

export async function identityForPhone(prisma: PrismaClient, phone: string): Promise<Identity | null> {
  const tenant = await prisma.tenant.findUnique({ where: { phone }, select: { id: true, homeId: true } });
  return tenant ? { tenantId: tenant.id, homeId: tenant.homeId, source: "phone" } : null;
}

export class PrismaHomeDirectory implements HomeDirectory {
  constructor(private readonly prisma: PrismaClient) {}

  async findHome(postcode: string, houseNumber: string): Promise<HomeMatch | null> {
    const homes = await this.prisma.home.findMany({
      where: { postcodeKey: postcodeKey(postcode) },
      select: { id: true, houseNumber: true, tenants: { select: { id: true }, orderBy: { createdAt: "asc" } } },
    });
    const wanted = houseKey(houseNumber);
    const home = homes.find((candidate) => houseKey(candidate.houseNumber) === wanted);
    if (!home) return null;
    return { homeId: home.id, tenantId: home.tenants[0]?.id ?? null };
  }

  async phoneOwner(phone: string): Promise<string | null> {
    const tenant = await this.prisma.tenant.findUnique({ where: { phone }, select: { id: true } });
    return tenant?.id ?? null;
  }
}
