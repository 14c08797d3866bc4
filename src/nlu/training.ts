// The labelled messages the classifiers learn from: every batch in dialogs/nlu/training (see its README for how each
// was written) except the held-out ones, which only `npm run nlu:eval` reads.
import fs from "node:fs";
import path from "node:path";
import { INTENTS, type Intent } from "../../dialogs/nlu/intents";
import { DANGER_KINDS, type DangerKind } from "./danger";

export const TRAINING_DIR = path.join(__dirname, "..", "..", "dialogs", "nlu", "training");

/** Written by a writer who saw no other batch; never trained or tuned on. */
export const HELD_OUT: readonly string[] = ["batch-h"];

export interface LabelledMessage {
  text: string;
  intent: Intent;
  dangers: DangerKind[];
  category?: string;
  /** The batch (file name without .jsonl) it came from. */
  batch: string;
}

const intents = new Set<string>(INTENTS);
const kinds = new Set<string>(DANGER_KINDS);

/** One batch's messages; a line with an unknown intent or danger kind is an error, not something to skip. */
export function readBatch(file: string): LabelledMessage[] {
  const batch = path.basename(file, ".jsonl");
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const row = JSON.parse(line) as Partial<LabelledMessage>;
      const where = `${batch}.jsonl line ${index + 1}`;
      if (typeof row.text !== "string" || row.text.trim() === "") throw new Error(`${where}: no text`);
      if (!row.intent || !intents.has(row.intent)) throw new Error(`${where}: unknown intent ${String(row.intent)}`);
      const dangers = row.dangers ?? [];
      const unknown = dangers.find((kind) => !kinds.has(kind));
      if (unknown) throw new Error(`${where}: unknown danger kind ${unknown}`);
      return { text: row.text, intent: row.intent, dangers, category: row.category, batch };
    });
}

export function batchNames(): string[] {
  return fs
    .readdirSync(TRAINING_DIR)
    .filter((name) => name.endsWith(".jsonl"))
    .map((name) => path.basename(name, ".jsonl"))
    .sort();
}

/** The messages of the named batches, or of every batch not held out. */
export function trainingMessages(batches: readonly string[] = batchNames().filter((name) => !HELD_OUT.includes(name))) {
  return batches.flatMap((name) => readBatch(path.join(TRAINING_DIR, `${name}.jsonl`)));
}
