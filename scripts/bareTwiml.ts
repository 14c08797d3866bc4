// The bench's baseline: a bare Fastify server that parses the same form body and returns the same TwiML, nothing else.
import formbody from "@fastify/formbody";
import Fastify from "fastify";

const twiml = `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${"x".repeat(120)}</Message></Response>`;

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  await app.register(formbody);
  app.post("/webhooks/twilio/sms", async (_request, reply) => reply.type("text/xml").send(twiml));
  app.get("/health", async () => ({ status: "ok" }));
  await app.listen({ port: Number(process.argv[2] ?? 0), host: "127.0.0.1" });
}

void main();
