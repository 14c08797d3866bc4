// `npm run nlu`: reads lines of JSON {"id","text"} on stdin and writes one line of JSON per input:
// {"id","intent","confidence","emergency","safeguarding","category"} (DESIGN.md). A line that is not such an
// object gets {"id", "error"} so a caller can match every answer to its question.
import readline from "node:readline";
import { Understander } from "../src/nlu/understand";

async function main(): Promise<void> {
  const understander = new Understander();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    let input: { id?: unknown; text?: unknown };
    try {
      input = JSON.parse(line) as { id?: unknown; text?: unknown };
    } catch {
      process.stdout.write(`${JSON.stringify({ id: null, error: "not JSON" })}\n`);
      continue;
    }
    const id = input?.id ?? null;
    if (typeof input?.text !== "string") {
      process.stdout.write(`${JSON.stringify({ id, error: "text must be a string" })}\n`);
      continue;
    }
    const result = understander.understand(input.text);
    const answer = {
      id,
      intent: result.intent,
      confidence: Number(result.confidence.toFixed(4)),
      emergency: result.emergency,
      safeguarding: result.safeguarding,
      category: result.category,
    };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
