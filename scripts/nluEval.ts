// `npm run nlu:eval`: scores the understanding layer on the held-out training batch (dialogs/nlu/training, HELD_OUT in
// src/nlu/training.ts: never trained or tuned on) and on ../shared/nlu-dev.jsonl (the development set: measured on,
// never trained on). Prints intent accuracy, per-intent precision and recall, emergency and safeguarding recall and
// precision, recall and precision per danger kind, how often "Are you safe right now?" would be asked, timings.
//
//   npm run nlu:eval                 held-out batch and development set
//   npm run nlu:eval -- --cross      each training batch scored by a model trained on the others, then all pooled (for tuning)
//   npm run nlu:eval -- --sweep      cross-validation at a grid of danger thresholds, pooled over the batches
//   npm run nlu:eval -- --rules      the danger rules alone on the training batches: which are right often enough to trust
//   npm run nlu:eval -- --misses     also list the development set's and cross-validation's misses
//   npm run nlu:eval -- --file x.jsonl   score any file of labelled messages (training format or the dev set's)
import fs from "node:fs";
import path from "node:path";
import { DANGER_KINDS, dangerRulesIn, EMERGENCY_KINDS, SAFEGUARDING_KINDS, type DangerKind } from "../src/nlu/danger";
import { normalise } from "../src/nlu/normalise";
import { batchNames, HELD_OUT, readBatch, TRAINING_DIR, trainingMessages } from "../src/nlu/training";
import { DEFAULT_THRESHOLDS, Understander, type Thresholds } from "../src/nlu/understand";

interface Row {
  id: string;
  text: string;
  intent: string;
  emergency: boolean;
  safeguarding: boolean;
  /** Known for the training batches; the development set has only the two flags. */
  dangers?: DangerKind[];
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const args = process.argv.slice(2);
const showMisses = args.includes("--misses");
const DEV_SET = path.join(__dirname, "..", "..", "shared", "nlu-dev.jsonl");

function fromBatch(name: string): Row[] {
  return readBatch(path.join(TRAINING_DIR, `${name}.jsonl`)).map((message, index) => ({
    id: `${name}:${index + 1}`,
    text: message.text,
    intent: message.intent,
    dangers: message.dangers,
    emergency: message.dangers.some((kind) => EMERGENCY_KINDS.has(kind)),
    safeguarding: message.dangers.some((kind) => SAFEGUARDING_KINDS.has(kind)),
  }));
}

function fromFile(file: string): Row[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const row = JSON.parse(line) as Partial<Row>;
      const dangers = row.dangers;
      return {
        id: row.id ?? `${path.basename(file)}:${index + 1}`,
        text: row.text!,
        intent: row.intent!,
        dangers,
        emergency: row.emergency ?? (dangers ?? []).some((kind) => EMERGENCY_KINDS.has(kind)),
        safeguarding: row.safeguarding ?? (dangers ?? []).some((kind) => SAFEGUARDING_KINDS.has(kind)),
      };
    });
}

const ratio = (a: number, b: number) => (b === 0 ? "n/a" : `${((100 * a) / b).toFixed(1)}%`);
const tally = (map: Map<string, Counts>, key: string) => map.get(key) ?? map.set(key, { tp: 0, fp: 0, fn: 0 }).get(key)!;

interface Tally {
  rows: number;
  correct: number;
  asked: number;
  askedWhenAtRisk: number;
  times: number[];
  misses: string[];
  intents: Map<string, Counts>;
  kinds: Map<string, Counts>;
  flags: { emergency: Counts; safeguarding: Counts };
}

function emptyTally(): Tally {
  return {
    rows: 0, correct: 0, asked: 0, askedWhenAtRisk: 0, times: [], misses: [], intents: new Map(), kinds: new Map(),
    flags: { emergency: { tp: 0, fp: 0, fn: 0 }, safeguarding: { tp: 0, fp: 0, fn: 0 } },
  };
}

/** Understands each row and counts what was right and wrong into `into`. */
function count(rows: Row[], understander: Understander, into: Tally): void {
  const { misses, intents, kinds, flags } = into;
  for (const row of rows) {
    const began = performance.now();
    const result = understander.understand(row.text);
    into.times.push(performance.now() - began);
    into.rows += 1;
    if (result.intent === row.intent) {
      into.correct += 1;
      tally(intents, row.intent).tp += 1;
    } else {
      tally(intents, row.intent).fn += 1;
      tally(intents, result.intent).fp += 1;
      misses.push(`intent ${row.intent} → ${result.intent} (${result.confidence.toFixed(2)}): ${row.text}`);
    }
    if (result.checkSafety) {
      into.asked += 1;
      if (row.safeguarding) into.askedWhenAtRisk += 1;
    }
    for (const flag of ["emergency", "safeguarding"] as const) {
      const expected = row[flag];
      const found = result[flag];
      if (expected && found) flags[flag].tp += 1;
      else if (expected) {
        flags[flag].fn += 1;
        misses.push(`${flag} missed${flag === "safeguarding" && result.checkSafety ? " (but asked if safe)" : ""}: ${row.text}`);
      } else if (found) {
        flags[flag].fp += 1;
        misses.push(`${flag} false alarm [${result.dangers.join(",")}]: ${row.text}`);
      }
    }
    if (row.dangers) {
      for (const kind of DANGER_KINDS) {
        const expected = row.dangers.includes(kind);
        const found = result.dangers.includes(kind);
        if (expected && found) tally(kinds, kind).tp += 1;
        else if (expected) {
          tally(kinds, kind).fn += 1;
          misses.push(`${kind} missed [${result.dangers.join(",")}]: ${row.text}`);
        } else if (found) {
          tally(kinds, kind).fp += 1;
          misses.push(`${kind} false alarm [${row.dangers.join(",")}]: ${row.text}`);
        }
      }
    }
  }
}

function print(title: string, into: Tally, listMisses: boolean): void {
  const { intents, kinds, flags, misses } = into;
  const sorted = [...into.times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  console.log(`\n## ${title}: ${into.rows} messages`);
  console.log(`Intent accuracy: ${ratio(into.correct, into.rows)} (${into.correct}/${into.rows})`);
  console.log("\n| intent | precision | recall | support |\n| --- | ---: | ---: | ---: |");
  for (const [label, c] of [...intents.entries()].sort()) {
    console.log(`| ${label} | ${ratio(c.tp, c.tp + c.fp)} | ${ratio(c.tp, c.tp + c.fn)} | ${c.tp + c.fn} |`);
  }
  console.log("\n| flag | recall | precision | found | missed | false alarms |\n| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const flag of ["emergency", "safeguarding"] as const) {
    const c = flags[flag];
    console.log(`| ${flag} | ${ratio(c.tp, c.tp + c.fn)} | ${ratio(c.tp, c.tp + c.fp)} | ${c.tp} | ${c.fn} | ${c.fp} |`);
  }
  if (kinds.size > 0) {
    console.log("\n| danger kind | recall | precision | support |\n| --- | ---: | ---: | ---: |");
    for (const kind of DANGER_KINDS) {
      const c = kinds.get(kind) ?? { tp: 0, fp: 0, fn: 0 };
      console.log(`| ${kind} | ${ratio(c.tp, c.tp + c.fn)} | ${ratio(c.tp, c.tp + c.fp)} | ${c.tp + c.fn} |`);
    }
  }
  console.log(`\n"Are you safe right now?" asked for ${into.asked} messages (${into.askedWhenAtRisk} of them from a person at risk).`);
  console.log(`Understanding time per message: p50 ${at(50).toFixed(3)} ms, p99 ${at(99).toFixed(3)} ms`);
  if (listMisses) {
    console.log(`\nMisses (${misses.length}):`);
    for (const miss of misses) console.log(`  ${miss}`);
  }
}

function score(title: string, rows: Row[], understander: Understander, listMisses: boolean): void {
  const into = emptyTally();
  count(rows, understander, into);
  print(title, into, listMisses);
}

/** Emergency and safeguarding found, missed and falsely raised, and safety questions asked, at each threshold pair. */
function sweep(training: string[]): void {
  const grid: Thresholds[] = [];
  for (const danger of [0.25, 0.3, 0.35]) {
    for (const harm of [0.3, 0.4, 0.5]) {
      for (const group of [0.6, 0.7, 0.8]) grid.push({ ...DEFAULT_THRESHOLDS, danger, harm, group });
    }
  }
  const pooled = grid.map(() => ({ emergency: { tp: 0, fp: 0, fn: 0 }, safeguarding: { tp: 0, fp: 0, fn: 0 }, asked: 0 }));
  for (const name of training) {
    const understander = new Understander({ messages: trainingMessages(training.filter((other) => other !== name)) });
    const rows = fromBatch(name);
    grid.forEach((thresholds, at) => {
      const decider = understander.withThresholds(thresholds);
      for (const row of rows) {
        const result = decider.understand(row.text);
        if (result.checkSafety) pooled[at]!.asked += 1;
        for (const flag of ["emergency", "safeguarding"] as const) {
          const c = pooled[at]![flag];
          if (row[flag] && result[flag]) c.tp += 1;
          else if (row[flag]) c.fn += 1;
          else if (result[flag]) c.fp += 1;
        }
      }
    });
  }
  console.log("\n| danger | harm | group | emergency recall | precision | safeguarding recall | precision | asked if safe |");
  console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  grid.forEach((t, at) => {
    const { emergency: e, safeguarding: s, asked } = pooled[at]!;
    console.log(`| ${t.danger} | ${t.harm} | ${t.group} | ${ratio(e.tp, e.tp + e.fn)} | ${ratio(e.tp, e.tp + e.fp)} | ${ratio(s.tp, s.tp + s.fn)} | ${ratio(s.tp, s.tp + s.fp)} | ${asked} |`);
  });
}

/** Recall and precision of each danger rule on its own, over the training batches (never the held-out one). */
function rules(training: string[]): void {
  const counts = new Map<string, Counts>();
  for (const row of training.flatMap(fromBatch)) {
    const found = dangerRulesIn(row.text, normalise(row.text));
    for (const kind of DANGER_KINDS) {
      const expected = row.dangers!.includes(kind);
      if (expected && found.has(kind)) tally(counts, kind).tp += 1;
      else if (expected) tally(counts, kind).fn += 1;
      else if (found.has(kind)) tally(counts, kind).fp += 1;
    }
  }
  console.log("\n| danger rule | recall | precision | trusted alone |\n| --- | ---: | ---: | --- |");
  for (const kind of DANGER_KINDS) {
    const c = tally(counts, kind);
    console.log(`| ${kind} | ${ratio(c.tp, c.tp + c.fn)} | ${ratio(c.tp, c.tp + c.fp)} | ${DEFAULT_THRESHOLDS.trustedRules.has(kind) ? "yes" : "no"} |`);
  }
}

function main(): void {
  const fileAt = args.indexOf("--file");
  if (fileAt >= 0) {
    score(args[fileAt + 1]!, fromFile(args[fileAt + 1]!), new Understander(), showMisses);
    return;
  }
  const training = batchNames().filter((name) => !HELD_OUT.includes(name));
  if (args.includes("--rules")) {
    rules(training);
    return;
  }
  if (args.includes("--sweep")) {
    sweep(training);
    return;
  }
  if (args.includes("--cross")) {
    const pooled = emptyTally();
    for (const name of training) {
      const understander = new Understander({ messages: trainingMessages(training.filter((other) => other !== name)) });
      const into = emptyTally();
      count(fromBatch(name), understander, into);
      count(fromBatch(name), understander, pooled);
      print(`Batch ${name}, model trained on the other training batches`, into, showMisses);
    }
    print(`All ${training.length} training batches pooled, each scored by a model trained on the others`, pooled, false);
    return;
  }
  const startedAt = performance.now();
  const understander = new Understander();
  const startUp = performance.now() - startedAt;
  console.log(`Trained on ${trainingMessages().length} messages in batches ${training.join(", ")}, in ${startUp.toFixed(0)} ms.`);
  // The held-out batch's misses are not listed: reading them would tune the rules to the test.
  for (const name of HELD_OUT) score(`Held-out batch ${name} (never trained or tuned on)`, fromBatch(name), understander, false);
  score(`Development set ${DEV_SET}`, fromFile(DEV_SET), understander, showMisses);
}

main();
