// Prisma CLI settings: the JavaScript schema engine talks to PGlite or PostgreSQL through the same driver adapter as the app.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { createMigrationAdapterFactory, resolveDatabaseUrl } from "./src/db/adapter";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  // DATABASE_URL must look like postgresql:// for schema validation, so an embedded target comes in MIGRATE_DATABASE_URL.
  adapter: async () =>
    createMigrationAdapterFactory(resolveDatabaseUrl(process.env.MIGRATE_DATABASE_URL ?? process.env.DATABASE_URL)),
});
