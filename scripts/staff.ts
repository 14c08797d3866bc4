// `npm run staff -- add --email jo@landlord.org --name "Jo Bloggs" --role supervisor`: creates a staff account for
// the console. The password is read from STAFF_PASSWORD, or asked for (not echoed when typed at a terminal).
import readline from "node:readline/promises";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { migrateIfNeeded } from "../src/db/migrate";
import { createStaff, STAFF_ROLES, type StaffRole } from "../src/staff/accounts";

async function askPassword(): Promise<string> {
  if (process.env.STAFF_PASSWORD) return process.env.STAFF_PASSWORD;
  const terminal = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) {
    // Hide what is typed: write nothing back but the prompt.
    (terminal as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = (text) => {
      if (text.includes("Password")) process.stdout.write(text);
    };
  }
  const password = await terminal.question("Password (at least 12 characters): ");
  terminal.close();
  process.stdout.write("\n");
  return password;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string", default: "agent" } },
  });
  if (positionals[0] !== "add" || !values.email || !values.name || !STAFF_ROLES.includes(values.role as StaffRole)) {
    console.error('Usage: npm run staff -- add --email <email> --name "<name>" [--role agent|supervisor]');
    process.exitCode = 2;
    return;
  }
  const config = loadConfig({ LOG_LEVEL: "silent", ...process.env });
  await migrateIfNeeded(config.database, process.env);
  const db = await openDatabase(config.database);
  try {
    const staff = await createStaff(db.prisma, { email: values.email, name: values.name, role: values.role as StaffRole, password: await askPassword() });
    console.log(`Created ${staff.role} ${staff.name} <${staff.email}>. Log in at ${config.publicUrl}/console`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

void main();
