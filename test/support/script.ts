// Conversations written as data, like a tenant's phone: what the tenant texts, then what each reply must say.
import type { TestApp } from "./testApp";

export interface Exchange {
  tenant: string;
  /** One pattern per reply, in order; a string must appear in the reply, a RegExp must match it. */
  bot: (string | RegExp)[];
  /** Minutes to wait before this text. */
  after?: number;
}

export async function play(harness: TestApp, from: string, script: Exchange[]): Promise<string[][]> {
  const transcript: string[][] = [];
  for (const exchange of script) {
    if (exchange.after) harness.clock.now = new Date(harness.clock.now.getTime() + exchange.after * 60_000);
    const replies = await harness.text(from, exchange.tenant);
    transcript.push(replies);
    const context = `tenant: ${JSON.stringify(exchange.tenant)}\nbot: ${JSON.stringify(replies, null, 2)}`;
    if (replies.length !== exchange.bot.length) {
      throw new Error(`Expected ${exchange.bot.length} replies, got ${replies.length}\n${context}`);
    }
    exchange.bot.forEach((pattern, index) => {
      const reply = replies[index]!;
      const ok = typeof pattern === "string" ? reply.includes(pattern) : pattern.test(reply);
      if (!ok) throw new Error(`Reply ${index + 1} does not match ${String(pattern)}\n${context}`);
    });
  }
  return transcript;
}
