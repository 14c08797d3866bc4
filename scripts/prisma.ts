// Runs the Prisma CLI with the environment it needs for DATABASE_URL (PGlite or PostgreSQL): `npm run prisma -- <args>`.
import { resolveDatabaseUrl } from "../src/db/adapter";
import { runPrismaCli } from "../src/db/migrate";

runPrismaCli(process.argv.slice(2), resolveDatabaseUrl(process.env.DATABASE_URL), process.env).then((code) => {
  process.exitCode = code;
});
