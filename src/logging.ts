// The logger's options: what a request and an error look like in the log, so that no secret, phone number,
// code or message body reaches it at any level (STYLE.md 16; data protection).
import { format } from "node:util";
import type { LoggerOptions } from "pino";

// An error's own properties are where a client library keeps what it sent: axios (under the twilio client) puts
// the Authorization header and the form body (To, Body) in `config`, `request` and `response`. Only these are kept.
const SAFE_FIELDS = ["code", "status", "statusCode", "errno", "syscall"] as const;
const MAX_DEPTH = 5; // causes within causes; also ends a cycle
const MAX_AGGREGATED = 10;

// 4+ digits, optionally grouped by spaces, dashes or brackets: phone numbers (+447700900123, 07700 900123) and
// verification codes alike. Dots are not separators, so an address such as 127.0.0.1 stays readable.
const DIGIT_RUN = /(?<![A-Za-z0-9])\+?\d(?:[ ()-]{0,2}\d){3,}(?![A-Za-z0-9])/g;
const CREDENTIAL = /\b(Bearer|Basic)\s+\S+/gi;

/** An error's message with credentials and anything like a phone number or a code blanked out. */
export function maskMessage(text: string): string {
  return text.replace(CREDENTIAL, "$1 [removed]").replace(DIGIT_RUN, "[number removed]");
}

export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  code?: string | number;
  status?: string | number;
  statusCode?: string | number;
  errno?: string | number;
  syscall?: string | number;
  cause?: SafeError;
  aggregateErrors?: SafeError[];
}

/** What the log keeps of an error: its class, a masked message, its codes and where it was thrown. */
export function safeError(value: unknown, depth = 0): SafeError {
  if (typeof value !== "object" || value === null) return { type: typeof value, message: maskMessage(String(value)) };
  const error = value as Record<string, unknown>;
  const type = typeof error.constructor === "function" && error.constructor.name ? error.constructor.name : "Object";
  const message = maskMessage(typeof error.message === "string" ? error.message : "");
  const safe: SafeError = { type, message };
  if (typeof error.stack === "string") {
    // The stack's first line repeats the message as it was when thrown (RestException replaces its message later).
    const frames = error.stack.split("\n").filter((line) => /^\s+at /.test(line));
    safe.stack = [`${type}: ${message}`, ...frames].join("\n");
  }
  for (const field of SAFE_FIELDS) {
    const given = error[field];
    if (typeof given === "number") safe[field] = given;
    if (typeof given === "string") safe[field] = maskMessage(given);
  }
  if (depth < MAX_DEPTH && error.cause !== undefined) safe.cause = safeError(error.cause, depth + 1);
  if (depth < MAX_DEPTH && Array.isArray(error.errors)) {
    safe.aggregateErrors = error.errors.slice(0, MAX_AGGREGATED).map((inner: unknown) => safeError(inner, depth + 1));
  }
  return safe;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    serializers: {
      // A query string can carry a phone number (/api/cases?phone=...), so a request is its method and path.
      req: (request: { method: string; url: string; id: string }) => ({
        method: request.method,
        path: request.url.split("?")[0],
        reqId: request.id,
      }),
      err: safeError,
    },
    hooks: {
      // Whatever goes with an error, its message too: Fastify logs a failed request with the error's raw message as
      // the line's `msg`, and pino does the same for an error logged with no message of its own.
      logMethod(args, method) {
        const [first, text, ...values] = args as unknown[];
        const error = first instanceof Error ? first : isRecord(first) ? first.err : undefined;
        if (error === undefined) return method.apply(this, args);
        const message = typeof text === "string" ? format(text, ...values) : safeError(error).message;
        return method.apply(this, [first instanceof Error ? { err: first } : first, maskMessage(message)]);
      },
    },
  };
}
