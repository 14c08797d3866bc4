// Writes the messages a person has reviewed, and no others, as a training batch for the understanding layer
// (dialogs/nlu/training/README.md): one line of {"text","intent","dangers"} each, contact details masked. Each is
// exported once.
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { DateTime } from "luxon";
import { maskContactDetails } from "../privacy/contactDetails";

export const TRAINING_DIR = path.join(__dirname, "..", "..", "dialogs", "nlu", "training");

export interface ExportResult {
  count: number;
  /** The batch written to, or null when nothing was waiting. */
  file: string | null;
}

/** The batch file for a day (the landlord's, in England): review-YYYY-MM-DD.jsonl. */
export function batchName(now: Date): string {
  return `review-${DateTime.fromJSDate(now, { zone: "Europe/London" }).toISODate()}.jsonl`;
}

export async function exportReviewed(prisma: PrismaClient, options: { dir: string; now: Date }): Promise<ExportResult> {
  return prisma.$transaction(async (tx) => {
    const waiting = await tx.nluReview.findMany({ where: { reviewedAt: { not: null }, exportedAt: null }, select: { id: true } });
    if (waiting.length === 0) return { count: 0, file: null };
    const ids = waiting.map((item) => item.id);
    // Claimed first: a second export at the same time waits for this one and then finds them taken, and an answer
    // changed meanwhile is either in before the claim or refused after it.
    const claimed = await tx.nluReview.updateMany({ where: { id: { in: ids }, exportedAt: null }, data: { exportedAt: options.now } });
    if (claimed.count !== ids.length) throw new Error("Another export took some of these messages; run it again");
    const reviewed = await tx.nluReview.findMany({ where: { id: { in: ids } }, orderBy: { reviewedAt: "asc" } });
    const lines = reviewed.map((item) =>
      JSON.stringify({ text: maskContactDetails(item.text), intent: item.reviewedIntent, dangers: item.reviewedDangers ?? [] }),
    );
    // Written last: if the write fails, nothing is marked exported. A second run on the same day adds to that day's batch.
    const file = path.join(options.dir, batchName(options.now));
    fs.mkdirSync(options.dir, { recursive: true });
    fs.appendFileSync(file, `${lines.join("\n")}\n`);
    return { count: reviewed.length, file };
  });
}
