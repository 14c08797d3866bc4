// `npm run scheduler:schemas`: writes docs/scheduler/<name>.schema.json from src/appointments/contract.ts.
import fs from "node:fs";
import path from "node:path";
import { CONTRACT_SCHEMA_NAMES, contractSchemaFile } from "../src/appointments/contract";

const folder = path.join(__dirname, "..", "docs", "scheduler");
fs.mkdirSync(folder, { recursive: true });
for (const name of CONTRACT_SCHEMA_NAMES) fs.writeFileSync(path.join(folder, `${name}.schema.json`), contractSchemaFile(name));
console.log(`wrote ${CONTRACT_SCHEMA_NAMES.length} schemas to docs/scheduler/`);
