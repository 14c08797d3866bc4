// Database errors the app handles as outcomes. Adapters report a unique violation differently: Prisma's P2002
// (PostgreSQL adapter) or the raw SQLSTATE 23505 in the cause (pglite-prisma-adapter 0.6).
import { Prisma } from "@prisma/client";

export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  const cause = (error as { cause?: { code?: string; kind?: string } } | null)?.cause;
  return cause?.code === "23505" || cause?.kind === "UniqueConstraintViolation";
}
