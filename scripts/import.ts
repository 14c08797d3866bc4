// `npm run import -- --homes homes.csv --tenants tenants.csv`: loads or updates homes, tenants and rent balances
// from the housing system's files (CSV or JSON). Homes go first, so tenants can name them. Safe to run again.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { migrateIfNeeded } from "../src/db/migrate";
import { importHomes, importTenants, type ImportReport } from "../src/imports/importer";
import { ImportFileError, readRows } from "../src/imports/records";
import { CsvError } from "../src/imports/csv";

function print(kind: string, path: string, report: ImportReport): void {
  console.log(`${kind} from ${path}: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected`);
  for (const { where, reason } of report.rejected) console.log(`  ${where}: ${reason}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { homes: { type: "string" }, tenants: { type: "string" } } });
  if (!values.homes && !values.tenants) {
    console.error("Usage: npm run import -- [--homes FILE] [--tenants FILE]   (each .csv or .json; see README \"Importing tenants and homes\")");
    process.exitCode = 2;
    return;
  }
  // Read both files before touching the database, so a file that cannot be read changes nothing.
  const files: { kind: "Homes" | "Tenants"; path: string; rows: ReturnType<typeof readRows> }[] = [];
  try {
    for (const [kind, path] of [["Homes", values.homes], ["Tenants", values.tenants]] as const) {
      if (path) files.push({ kind, path, rows: readRows(path, readFileSync(path, "utf8")) });
    }
  } catch (error) {
    const known = error instanceof ImportFileError || error instanceof CsvError || (error as NodeJS.ErrnoException).code === "ENOENT";
    console.error(known ? `Cannot import: ${(error as Error).message}` : error);
    process.exitCode = 1;
    return;
  }
  const config = loadConfig({ LOG_LEVEL: "silent", ...process.env });
  await migrateIfNeeded(config.database, process.env);
  const db = await openDatabase(config.database);
  try {
    let rejected = 0;
    for (const file of files) {
      const report = file.kind === "Homes" ? await importHomes(db.prisma, file.rows) : await importTenants(db.prisma, file.rows);
      print(file.kind, file.path, report);
      rejected += report.rejected.length;
    }
    // Some rows did not load: a script running the import can tell.
    if (rejected > 0) process.exitCode = 3;
  } finally {
    await db.close();
  }
}

void main();
