// Staff accounts and their sessions: argon2id password hashes, random session tokens stored only as hashes, and a
// CSRF token per session for the console's forms.
import { createHash, randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "@prisma/client";
import argon2 from "argon2";

export type StaffRole = "agent" | "supervisor";
export const STAFF_ROLES: readonly StaffRole[] = ["agent", "supervisor"];

export interface Staff {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}

export const SESSION_HOURS = 10; // a working shift
const MIN_PASSWORD = 12;

type Db = PrismaClient | Prisma.TransactionClient;

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function toStaff(row: { id: string; email: string; name: string; role: string }): Staff {
  return { id: row.id, email: row.email, name: row.name, role: row.role as StaffRole };
}

export class WeakPassword extends Error {}

/**
 * The one form of an email that accounts, logins and their lockout are keyed on: compatibility forms folded (NFKC,
 * so a full-width "ａ" is "a"), invisible format characters dropped, surrounding whitespace of any kind trimmed.
 */
export function normaliseEmail(email: string): string {
  return email.normalize("NFKC").replace(/\p{Cf}/gu, "").trim().toLowerCase();
}

export async function createStaff(db: Db, input: { email: string; name: string; role: StaffRole; password: string }): Promise<Staff> {
  if (input.password.length < MIN_PASSWORD) throw new WeakPassword(`A password needs at least ${MIN_PASSWORD} characters`);
  const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
  const row = await db.staffUser.create({
    data: { email: normaliseEmail(input.email), name: input.name.trim(), role: input.role, passwordHash },
  });
  return toStaff(row);
}

/** The staff member for an email and password, or null. Takes as long for an unknown email as for a wrong password. */
export async function checkPassword(db: Db, email: string, password: string): Promise<Staff | null> {
  const row = await db.staffUser.findUnique({ where: { email: normaliseEmail(email) } });
  const hash = row?.passwordHash ?? DUMMY_HASH;
  const matches = await argon2.verify(await hash, password).catch(() => false);
  return row && row.active && matches ? toStaff(row) : null;
}

// Verified against when the email is unknown, so timing does not tell which emails have accounts.
const DUMMY_HASH = argon2.hash("not a real password, only for timing", { type: argon2.argon2id });

export interface Session {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function openSession(db: Db, staffId: string, now: Date): Promise<Session> {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await db.staffSession.create({ data: { tokenHash: tokenHash(token), csrfToken, staffId, expiresAt } });
  return { token, csrfToken, expiresAt };
}

export async function findSession(db: Db, token: string, now: Date): Promise<{ staff: Staff; csrfToken: string } | null> {
  const session = await db.staffSession.findUnique({ where: { tokenHash: tokenHash(token) }, include: { staff: true } });
  if (!session || session.expiresAt <= now || !session.staff.active) return null;
  return { staff: toStaff(session.staff), csrfToken: session.csrfToken };
}

export async function closeSession(db: Db, token: string): Promise<void> {
  await db.staffSession.deleteMany({ where: { tokenHash: tokenHash(token) } });
}

export async function findStaffByEmail(db: Db, email: string): Promise<Staff | null> {
  const row = await db.staffUser.findUnique({ where: { email: normaliseEmail(email) } });
  return row && row.active ? toStaff(row) : null;
}
