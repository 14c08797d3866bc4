// The log never carries a secret, a phone number or a message: a failed Twilio call through the real twilio client,
// logged at every level, keeps the error's kind and codes and loses the auth token, the To number and the Body.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import Fastify from "fastify";
import pino from "pino";
import { TwilioRestSender } from "../../src/channels/twilio/rest";
import { loggerOptions } from "../../src/logging";

const ACCOUNT_SID = `AC${"0".repeat(31)}1`;
const AUTH_TOKEN = "secret-twilio-auth-token-9876543210";
const BASIC = Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64");
const TENANT = "+447700900123";
const CODE = "481516";
const BODY = `Your Mersey Homes code is ${CODE}`;
// The To number in any form it could take: +447700900123, 07700900123, 7700 900123, %2B447700900123.
const ANY_FORM_OF_TENANT = /7700\D{0,3}900\D{0,3}123/;

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

function expectNothingPersonal(log: string): void {
  expect(log).not.toContain(AUTH_TOKEN);
  expect(log).not.toContain(BASIC);
  expect(log).not.toMatch(ANY_FORM_OF_TENANT);
  expect(log).not.toContain(CODE);
  expect(log).not.toContain("Mersey Homes code");
}

type Answer = (request: IncomingMessage, body: string, response: ServerResponse) => void;

/** A stand-in for Twilio's API that answers every request badly. */
async function badTwilio(answer: Answer): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => answer(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // one that never answered still holds its request open
      }),
  };
}

function json(response: ServerResponse, status: number, payload: object): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(payload));
}

const ANSWERS: Record<string, Answer> = {
  "never answers (times out after rest.ts's 10 s)": () => undefined,
  "hangs up": (request) => request.socket.destroy(),
  // Twilio's own messages name the number ("The 'To' number ... is not valid"); this one echoes everything it got.
  "answers 500 echoing the request": (request, body, response) =>
    json(response, 500, {
      code: 20500,
      status: 500,
      message: `Could not send to ${TENANT} (07700900123)`,
      more_info: `https://www.twilio.com/docs/errors/20500?echo=${encodeURIComponent(body)}`,
      details: { headers: request.headers, form: Object.fromEntries(new URLSearchParams(body)) },
    }),
  "answers 500 in RFC 9457 form echoing the request": (request, body, response) =>
    json(response, 500, { type: "https://www.twilio.com/docs/errors/20500", title: "Internal error", status: 500, code: 20500, detail: body, errors: [request.headers] }),
};

async function failedSend(answer: Answer): Promise<unknown> {
  const twilioApi = await badTwilio(answer);
  try {
    const sender = new TwilioRestSender({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: "+441510000000", publicUrl: "https://bot.example.org", apiBaseUrl: twilioApi.baseUrl });
    await sender.send({ id: "00000000-0000-4000-8000-000000000001", channel: "sms", to: TENANT, body: BODY });
  } catch (error) {
    return error;
  } finally {
    await twilioApi.close();
  }
  throw new Error("the send should have failed");
}

test.each(Object.keys(ANSWERS))("a Twilio call that %s is logged without the token, the number or the text", async (name) => {
  const error = await failedSend(ANSWERS[name]!);
  const { lines, stream } = capture();
  const log = pino(loggerOptions("trace"), stream);
  log.error({ err: error, event: "outbound.failed" }, "a message we started could not be sent");
  log.warn({ err: error });
  log.error(error as Error);
  log.fatal({ err: new Error(`could not send to ${TENANT}`, { cause: error }) }, "send failed");
  const logged = lines.join("");

  expectNothingPersonal(logged);
  expect(logged).not.toMatch(/"(config|request|response|headers|data|body|details|detail|moreInfo)":/);
  const first = JSON.parse(lines[0]!) as { err: { type: string; stack: string; code?: unknown; status?: unknown } };
  expect(first.err.type).toMatch(/^(AxiosError|RestException|TwilioServiceException)$/);
  expect(first.err.stack).toMatch(/\n\s+at /);
  expect(first.err.code ?? first.err.status).toBeDefined();
  const nested = JSON.parse(lines[3]!) as { err: { message: string; cause: { type: string } } };
  expect(nested.err.message).toBe("could not send to [number removed]");
  expect(nested.err.cause.type).toBe(first.err.type);
});

test("an error's message keeps its sense with the number, code and credentials blanked", () => {
  const { lines, stream } = capture();
  const log = pino(loggerOptions("info"), stream);
  log.error({ err: new Error(`Authorization: Basic ${BASIC} refused for 07700 900123, code ${CODE}`) }, "refused");
  const { err } = JSON.parse(lines[0]!) as { err: { message: string; stack: string } };
  expect(err.message).toBe("Authorization: Basic [removed] refused for [number removed], code [number removed]");
  expect(err.stack.split("\n")[0]).toBe(`Error: ${err.message}`);
  expectNothingPersonal(lines.join(""));
});

test("a request is logged by method and path only, and a failing route's error is masked", async () => {
  const { lines, stream } = capture();
  const app = Fastify({ logger: { ...loggerOptions("info"), stream } });
  app.get("/api/cases", async () => {
    throw new Error(`no case for ${TENANT}`);
  });
  try {
    await app.inject({ method: "GET", url: "/api/cases?phone=07700900123", headers: { authorization: `Bearer ${AUTH_TOKEN}` } });
  } finally {
    await app.close();
  }
  const entries = lines.map((line) => JSON.parse(line) as { req?: object; err?: { message: string } });
  expect(entries.find((entry) => entry.req)?.req).toEqual({ method: "GET", path: "/api/cases", reqId: expect.any(String) });
  expect(entries.find((entry) => entry.err)?.err?.message).toBe("no case for [number removed]");
  expectNothingPersonal(lines.join(""));
  expect(lines.join("")).not.toMatch(/phone=|authorization|Bearer/i);
});
