// Where a Twilio message is kept while the database is away: one file per message, written to a temporary name,
// flushed to disk and renamed, so a file that exists is whole and survives the process. Recovery moves each into the
// database (idempotent by the provider's message id) and then deletes it.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { InboundMessage } from "./inbox";

export interface SpooledMessage {
  file: string;
  message: InboundMessage;
}

export class Spool {
  constructor(private readonly dir: string) {}

  async put(message: InboundMessage): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    // Named by arrival time, so recovery keeps a tenant's texts in the order they came.
    const name = `${Date.now().toString().padStart(15, "0")}-${createHash("sha256").update(message.providerSid).digest("hex").slice(0, 16)}.json`;
    const temporary = path.join(this.dir, `.${name}.tmp`);
    const handle = await fs.open(temporary, "w", 0o600);
    try {
      await handle.writeFile(JSON.stringify(message));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, path.join(this.dir, name));
    const folder = await fs.open(this.dir, "r");
    try {
      await folder.sync(); // the rename itself must reach the disk
    } finally {
      await folder.close();
    }
  }

  /** Whole files only, oldest first. */
  async list(): Promise<SpooledMessage[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const entries: SpooledMessage[] = [];
    for (const name of names.filter((item) => item.endsWith(".json")).sort()) {
      const file = path.join(this.dir, name);
      entries.push({ file, message: JSON.parse(await fs.readFile(file, "utf8")) as InboundMessage });
    }
    return entries;
  }

  async remove(file: string): Promise<void> {
    await fs.rm(file, { force: true });
  }
}
