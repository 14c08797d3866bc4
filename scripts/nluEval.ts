// `npm run nlu:eval`: scores the understanding layer on ../shared/nlu-dev.jsonl (a development set: measure on it,
// never train on it). Prints intent accuracy, per-intent precision and recall, emergency and safeguarding recall and
// precision, classification time per message and start-up time, and the misses.
import fs from "node:fs";
import path from "node:path";
import { Understander } from "../src/nlu/understand";

interface Row {
  id: string;
  text: string;
  intent: string;
  emergency: boolean;
  safeguarding: boolean;
}

const file = process.argv[2] ?? path.join(__dirname, "..", "..", "shared", "nlu-dev.jsonl");
const rows: Row[] = fs.readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line) as Row);

const startedAt = performance.now();
const understander = new Understander();
const startUp = performance.now() - startedAt;

const times: number[] = [];
const misses: string[] = [];
const confusion = new Map<string, { tp: number; fp: number; fn: number }>();
const flags = { emergency: { tp: 0, fp: 0, fn: 0 }, safeguarding: { tp: 0, fp: 0, fn: 0 } };
const count = (label: string) => confusion.get(label) ?? confusion.set(label, { tp: 0, fp: 0, fn: 0 }).get(label)!;
let correct = 0;

for (const row of rows) {
  const began = performance.now();
  const result = understander.understand(row.text);
  times.push(performance.now() - began);
  if (result.intent === row.intent) {
    correct += 1;
    count(row.intent).tp += 1;
  } else {
    count(row.intent).fn += 1;
    count(result.intent).fp += 1;
    misses.push(`${row.id} intent ${row.intent} → ${result.intent} (${result.confidence.toFixed(2)})`);
  }
  for (const flag of ["emergency", "safeguarding"] as const) {
    const expected = row[flag];
    const found = result[flag];
    if (expected && found) flags[flag].tp += 1;
    else if (expected) {
      flags[flag].fn += 1;
      misses.push(`${row.id} ${flag} missed`);
    } else if (found) {
      flags[flag].fp += 1;
      misses.push(`${row.id} ${flag} false alarm`);
    }
  }
}

const ratio = (a: number, b: number) => (b === 0 ? "n/a" : `${((100 * a) / b).toFixed(1)}%`);
const sorted = [...times].sort((a, b) => a - b);
const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

console.log(`Development set: ${rows.length} messages (${file})`);
console.log(`Intent accuracy: ${ratio(correct, rows.length)} (${correct}/${rows.length})`);
console.log("\n| intent | precision | recall | support |\n| --- | ---: | ---: | ---: |");
for (const [label, c] of [...confusion.entries()].sort()) {
  console.log(`| ${label} | ${ratio(c.tp, c.tp + c.fp)} | ${ratio(c.tp, c.tp + c.fn)} | ${c.tp + c.fn} |`);
}
for (const flag of ["emergency", "safeguarding"] as const) {
  const c = flags[flag];
  console.log(`\n${flag}: recall ${ratio(c.tp, c.tp + c.fn)} (${c.tp}/${c.tp + c.fn}), precision ${ratio(c.tp, c.tp + c.fp)} (${c.fp} false alarms)`);
}
console.log(`\nClassification time per message: p50 ${at(50).toFixed(3)} ms, p99 ${at(99).toFixed(3)} ms`);
console.log(`Start-up (training the classifier): ${startUp.toFixed(0)} ms`);
console.log(`\nMisses (${misses.length}):`);
for (const miss of misses) console.log(`  ${miss}`);
