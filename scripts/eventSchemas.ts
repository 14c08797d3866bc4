// `npm run events:schemas`: writes docs/events/<type>.schema.json from src/backoffice/eventSchemas.ts.
import fs from "node:fs";
import path from "node:path";
import { PUBLISHED_TYPES } from "../src/backoffice/events";
import { schemaFile } from "../src/backoffice/eventSchemas";

const folder = path.join(__dirname, "..", "docs", "events");
fs.mkdirSync(folder, { recursive: true });
for (const type of PUBLISHED_TYPES) fs.writeFileSync(path.join(folder, `${type}.schema.json`), schemaFile(type));
console.log(`wrote ${PUBLISHED_TYPES.length} schemas to docs/events/`);
