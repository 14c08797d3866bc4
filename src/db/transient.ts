// Database faults that pass: a busy pool, a lost connection, a conflict between two transactions, a server that is
// restarting. Work that meets one waits and tries again (or is picked up later); it is never a fault for staff.
import { Prisma } from "@prisma/client";

/** Prisma's codes for "could not start a transaction in time", "pool timeout", "conflict" and "cannot reach". */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2034"]);
/** SQLSTATEs: serialization failure, deadlock, too many connections, shutting down, and the connection classes. */
const SQLSTATES = new Set(["40001", "40P01", "53300", "57P01", "57P02", "57P03"]);
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTCONN", "EAI_AGAIN"]);
const MESSAGES = /connection terminated|connection refused|server closed the connection|timeout exceeded when trying to connect|unable to start a transaction|transaction already closed|Connection (ended|closed)|ECONNREFUSED|ECONNRESET|the database system is (starting up|shutting down)/i;

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error as Record<string, unknown> | null, depth = 0; current && depth < 5; depth += 1) {
    for (const key of ["code", "errorCode", "originalCode"]) {
      if (typeof current[key] === "string") codes.push(current[key] as string);
    }
    current = (current.cause ?? null) as Record<string, unknown> | null;
  }
  return codes;
}

export function isTransientDbError(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (codesOf(error).some((code) => PRISMA_CODES.has(code) || SQLSTATES.has(code) || NODE_CODES.has(code) || code.startsWith("08"))) return true;
  const kind = (error as { cause?: { kind?: string } } | null)?.cause?.kind;
  if (kind === "TransactionWriteConflict" || kind === "SocketTimeout" || kind === "DatabaseNotReachable" || kind === "TooManyConnections") return true;
  for (let current = error as { message?: unknown; cause?: unknown } | null, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current.message === "string" && MESSAGES.test(current.message)) return true;
    current = (current.cause ?? null) as { message?: unknown; cause?: unknown } | null;
  }
  return false;
}
