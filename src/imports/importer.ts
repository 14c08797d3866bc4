// Loads homes and tenants (with their rent balances) from the housing system's files: each row is added, updated or
// left as it is, by home reference and tenancy reference, so running the same file twice changes nothing the
// second time. Rows that cannot be loaded are reported with where they are and why; the others still load.
import type { Prisma, PrismaClient } from "@prisma/client";
import { houseKey } from "../tenants/directory";
import { postcodeKey } from "../tenants/postcode";
import { checkHome, checkTenant, type HomeRecord, type Row, type TenantRecord } from "./records";

export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
  rejected: { where: string; reason: string }[];
}

type Outcome = "added" | "updated" | "unchanged" | { reason: string };

const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

/** Whether saving `wanted` over `current` would change anything. */
function differs(current: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).some(([name, value]) => !same(current[name], value));
}

async function load<T>(
  rows: Row[],
  check: (values: Record<string, string>) => { record: T } | { reason: string },
  refOf: (record: T) => string,
  save: (record: T) => Promise<Outcome>,
  label: string,
): Promise<ImportReport> {
  const report: ImportReport = { added: 0, updated: 0, unchanged: 0, rejected: [] };
  const seen = new Map<string, string>();
  for (const row of rows) {
    const checked = check(row.values);
    let outcome: Outcome;
    if ("reason" in checked) outcome = checked;
    else {
      const ref = refOf(checked.record);
      const first = seen.get(ref);
      if (first) outcome = { reason: `${label} ${ref} is in the file twice (first at ${first})` };
      else {
        seen.set(ref, row.where);
        outcome = await save(checked.record);
      }
    }
    if (typeof outcome === "object") report.rejected.push({ where: row.where, reason: outcome.reason });
    else report[outcome] += 1;
  }
  return report;
}

export function importHomes(prisma: PrismaClient, rows: Row[]): Promise<ImportReport> {
  return load(rows, checkHome, (home) => home.homeRef, (home) => saveHome(prisma, home), "homeRef");
}

async function saveHome(prisma: PrismaClient, record: HomeRecord): Promise<Outcome> {
  const data = { ...record, postcodeKey: postcodeKey(record.postcode) };
  return prisma.$transaction(async (tx) => {
    let current = await tx.home.findUnique({ where: { homeRef: record.homeRef } });
    if (!current) {
      // A home already here without a reference (typed in, or from before imports): the same address is the same home.
      const unreferenced = await tx.home.findMany({ where: { homeRef: null, postcodeKey: data.postcodeKey } });
      current = unreferenced.find((home) => houseKey(home.houseNumber) === houseKey(record.houseNumber)) ?? null;
    }
    if (!current) {
      await tx.home.create({ data });
      return "added";
    }
    if (!differs(current, data)) return "unchanged";
    await tx.home.update({ where: { id: current.id }, data });
    return "updated";
  });
}

export function importTenants(prisma: PrismaClient, rows: Row[]): Promise<ImportReport> {
  return load(rows, checkTenant, (tenant) => tenant.tenancyRef, (tenant) => saveTenant(prisma, tenant), "tenancyRef");
}

async function saveTenant(prisma: PrismaClient, record: TenantRecord): Promise<Outcome> {
  return prisma.$transaction(async (tx) => {
    const home = await tx.home.findUnique({ where: { homeRef: record.homeRef }, select: { id: true } });
    if (!home) return { reason: `no home with homeRef ${record.homeRef}: import the homes file first` };
    if (record.phone) {
      const holder = await tx.tenant.findUnique({ where: { phone: record.phone }, select: { tenancyRef: true } });
      if (holder && holder.tenancyRef !== record.tenancyRef) return { reason: `phone is already on tenancy ${holder.tenancyRef}: one number, one tenant` };
    }
    // Blank optional columns keep what we hold (a number the tenant confirmed by text, say).
    const optional = Object.fromEntries(
      Object.entries({ phone: record.phone, email: record.email, dateOfBirth: record.dateOfBirth, contactPreference: record.contactPreference }).filter(([, value]) => value !== null),
    );
    const data = { firstName: record.firstName, lastName: record.lastName, homeId: home.id, ...optional };
    const current = await tx.tenant.findUnique({ where: { tenancyRef: record.tenancyRef }, include: { rentAccount: true } });
    let outcome: Outcome;
    let tenantId: string;
    if (!current) {
      tenantId = (await tx.tenant.create({ data: { tenancyRef: record.tenancyRef, ...data } })).id;
      outcome = "added";
    } else {
      tenantId = current.id;
      outcome = differs(current, data) ? "updated" : "unchanged";
      if (outcome === "updated") await tx.tenant.update({ where: { id: current.id }, data });
    }
    if (record.rent && (!current?.rentAccount || differs(current.rentAccount, record.rent))) {
      await saveRent(tx, tenantId, record.rent);
      if (outcome === "unchanged") outcome = "updated";
    }
    return outcome;
  });
}

async function saveRent(tx: Prisma.TransactionClient, tenantId: string, rent: NonNullable<TenantRecord["rent"]>): Promise<void> {
  await tx.rentAccount.upsert({ where: { tenantId }, create: { tenantId, ...rent }, update: rent });
}
