// Rent accounts (DOMAIN.md "Rent and payments"): the second fact that proves who is asking, and the plain statement
// a checked tenant gets. Ledger rows are demo data until the housing system sync is built.
import type { PrismaClient } from "@prisma/client";
import * as chrono from "chrono-node";
import type { RentAccounts, RentStatement } from "../conversation/types";

/** A date of birth however a tenant types it: "14 3 1948", "14/03/48", "14th March 1948". Null if it is not one. */
export function parseDateOfBirth(text: string): { day: number; month: number; year: number } | null {
  const digits = /^\s*(\d{1,2})[\s./-]+(\d{1,2})[\s./-]+(\d{2}|\d{4})\s*$/.exec(text);
  if (digits) {
    const [day, month, year] = digits.slice(1).map(Number) as [number, number, number];
    return day >= 1 && day <= 31 && month >= 1 && month <= 12 ? { day, month, year } : null;
  }
  const parsed = chrono.en.GB.parse(text)[0];
  if (!parsed?.start.isCertain("day") || !parsed.start.isCertain("month") || !parsed.start.isCertain("year")) return null;
  return { day: parsed.start.get("day")!, month: parsed.start.get("month")!, year: parsed.start.get("year")! };
}

function sameBirthday(answer: { day: number; month: number; year: number }, dateOfBirth: Date): boolean {
  const year = dateOfBirth.getUTCFullYear();
  // A two-digit year is compared on its last two digits ("48" for 1948).
  const yearMatches = answer.year < 100 ? answer.year === year % 100 : answer.year === year;
  return yearMatches && answer.month === dateOfBirth.getUTCMonth() + 1 && answer.day === dateOfBirth.getUTCDate();
}

export class PrismaRentAccounts implements RentAccounts {
  constructor(private readonly prisma: PrismaClient) {}

  async checkSecondFact(tenantId: string, answer: string): Promise<boolean> {
    const tenant = await this.prisma.tenant.findUnique({ where: { id: tenantId }, select: { dateOfBirth: true, tenancyRef: true } });
    if (!tenant) return false;
    const reference = answer.replace(/[^a-z0-9]/gi, "").toUpperCase();
    if (reference.length > 0 && reference === tenant.tenancyRef.replace(/[^a-z0-9]/gi, "").toUpperCase()) return true;
    const birthday = parseDateOfBirth(answer);
    return birthday !== null && tenant.dateOfBirth !== null && sameBirthday(birthday, tenant.dateOfBirth);
  }

  async statement(tenantId: string): Promise<RentStatement | null> {
    const account = await this.prisma.rentAccount.findUnique({
      where: { tenantId },
      include: { transactions: { where: { kind: "payment" }, orderBy: { on: "desc" }, take: 1 } },
    });
    if (!account) return null;
    const last = account.transactions[0];
    return {
      balancePence: account.balancePence,
      weeklyRentPence: account.weeklyRentPence,
      nextDueOn: account.nextDueOn,
      lastPayment: last ? { amountPence: last.amountPence, on: last.on } : null,
    };
  }
}

/** "£1,234.50": money as tenants write it. */
export function formatPounds(pence: number): string {
  return `£${(Math.abs(pence) / 100).toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
