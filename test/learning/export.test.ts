// `npm run nlu:export`: only messages a person has reviewed become training lines, with their answer, phone numbers,
// emails and card-like digits masked, each exported once; the script itself finds the database it is given.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { PrismaClient } from "@prisma/client";
import { batchName, exportReviewed } from "../../src/learning/export";
import { saveReview } from "../../src/learning/reviews";
import { createStaff } from "../../src/staff/accounts";
import { createTestDatabase, type TestDatabase } from "../support/databases";

const NOW = new Date("2026-12-10T10:00:00Z");

let db: TestDatabase;
let out: string;
let reviewer: { staffId: string; label: string };
beforeAll(async () => {
  db = await createTestDatabase();
});
beforeEach(async () => {
  await db.prisma.$executeRawUnsafe(`TRUNCATE "NluReview", "AuditEntry", "Message", "Conversation", "StaffUser" CASCADE`);
  const staff = await createStaff(db.prisma, { email: "ann@merseyhomes.org", name: "Ann Agent", role: "agent", password: "correct horse battery staple" });
  reviewer = { staffId: staff.id, label: staff.id };
  out = fs.mkdtempSync(path.join(os.tmpdir(), "tfd-training-"));
});
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));
afterAll(() => db.dispose());

/** A tenant's message kept as the turn runner keeps it; returns the review's id. */
async function kept(prisma: PrismaClient, text: string): Promise<string> {
  const conversation = await prisma.conversation.upsert({
    where: { channel_address: { channel: "sms", address: "+447700900101" } },
    create: { channel: "sms", address: "+447700900101", state: {} },
    update: {},
  });
  const message = await prisma.message.create({ data: { conversationId: conversation.id, direction: "inbound", body: text, processedAt: NOW } });
  const review = await prisma.nluReview.create({
    data: { conversationId: conversation.id, messageId: message.id, reason: "unsure", text, botIntent: "other", botConfidence: 0.4, botDangers: [] },
  });
  return review.id;
}

const linesOf = (file: string) => fs.readFileSync(file, "utf8").trimEnd().split("\n").map((line) => JSON.parse(line));

test("reviewed messages are written with the person's answer, masked, and never twice; pending ones never", async () => {
  const contact = await kept(db.prisma, "pls ring me on 07700 900123 or email jo.bloggs@example.com about the leak");
  const card = await kept(db.prisma, "paid with 4111 1111 1111 1112 but it says i owe +44 (0)151 496 0000");
  const pending = await kept(db.prisma, "asdfgh");
  await saveReview(db.prisma, contact, { intent: "repair", dangers: [] }, reviewer, NOW);
  await saveReview(db.prisma, card, { intent: "payment", dangers: [] }, reviewer, NOW);

  const result = await exportReviewed(db.prisma, { dir: out, now: NOW });
  expect(result).toEqual({ count: 2, file: path.join(out, "review-2026-12-10.jsonl") });
  expect(linesOf(result.file!)).toEqual([
    { text: "pls ring me on [phone number removed] or email [email removed] about the leak", intent: "repair", dangers: [] },
    { text: "paid with [card number removed] but it says i owe [phone number removed]", intent: "payment", dangers: [] },
  ]);
  expect(await db.prisma.nluReview.findUniqueOrThrow({ where: { id: pending } })).toMatchObject({ exportedAt: null, reviewedAt: null });
  expect(await db.prisma.nluReview.count({ where: { exportedAt: NOW } })).toBe(2);

  expect(await exportReviewed(db.prisma, { dir: out, now: NOW })).toEqual({ count: 0, file: null });
  expect(linesOf(result.file!)).toHaveLength(2);
});

test("danger kinds go with the line; a later review the same day adds to that day's batch", async () => {
  const first = await kept(db.prisma, "water comin thru the light in the hall");
  await saveReview(db.prisma, first, { intent: "repair", dangers: ["flood", "electric_danger"] }, reviewer, NOW);
  await exportReviewed(db.prisma, { dir: out, now: NOW });
  const second = await kept(db.prisma, "he said hes gonna do me in");
  await saveReview(db.prisma, second, { intent: "asb", dangers: ["threat"] }, reviewer, NOW);
  const later = new Date("2026-12-10T23:30:00Z"); // still 10 December in England
  expect(batchName(later)).toBe("review-2026-12-10.jsonl");
  await exportReviewed(db.prisma, { dir: out, now: later });
  expect(linesOf(path.join(out, "review-2026-12-10.jsonl"))).toEqual([
    { text: "water comin thru the light in the hall", intent: "repair", dangers: ["flood", "electric_danger"] },
    { text: "he said hes gonna do me in", intent: "asb", dangers: ["threat"] },
  ]);
});

test("npm run nlu:export opens the database named by --database and says how many it wrote", async () => {
  const scratch = await createTestDatabase();
  const reviewed = await kept(scratch.prisma, "my bath is cracked");
  await kept(scratch.prisma, "asdfgh");
  const staff = await createStaff(scratch.prisma, { email: "bo@merseyhomes.org", name: "Bo", role: "agent", password: "correct horse battery staple" });
  await saveReview(scratch.prisma, reviewed, { intent: "repair", dangers: [] }, { staffId: staff.id, label: staff.id }, NOW);
  const url = scratch.target.kind === "pglite" ? `pglite:${scratch.target.dataDir}` : scratch.target.url;
  await scratch.close(); // an embedded database opens in one process at a time
  try {
    const script = path.join(__dirname, "..", "..", "scripts", "nluExport.ts");
    const tsx = path.join(__dirname, "..", "..", "node_modules", ".bin", "tsx");
    const { stdout } = await promisify(execFile)(tsx, [script, "--database", url, "--out", out], { env: { ...process.env, DATABASE_URL: "" } });
    const [file] = fs.readdirSync(out);
    expect(stdout).toMatch(new RegExp(`^Exported 1 reviewed message to .*${file}`));
    expect(linesOf(path.join(out, file!))).toEqual([{ text: "my bath is cracked", intent: "repair", dangers: [] }]);
  } finally {
    await scratch.dispose();
  }
}, 60_000);
