// `npm run backoffice`: the stand-in housing system (src/backoffice/standIn.ts) on BACKOFFICE_PORT (default 4000).
// Point the front door at it with BACKOFFICE_WEBHOOK_URL=http://localhost:4000/events and the same
// BACKOFFICE_WEBHOOK_SECRET; it sends updates to FRONT_DOOR_URL (default http://localhost:3000) with API_TOKEN.
import { DEV_API_TOKEN } from "../src/config";
import { startStandIn } from "../src/backoffice/standIn";

async function main(): Promise<void> {
  const secret = process.env.BACKOFFICE_WEBHOOK_SECRET;
  if (!secret || secret.length < 16) {
    console.error("Set BACKOFFICE_WEBHOOK_SECRET (at least 16 characters), the same as the front door's.");
    process.exitCode = 1;
    return;
  }
  const standIn = await startStandIn({
    secret,
    frontDoorUrl: process.env.FRONT_DOOR_URL ?? "http://localhost:3000",
    apiToken: process.env.API_TOKEN ?? DEV_API_TOKEN,
    port: Number(process.env.BACKOFFICE_PORT ?? 4000),
  });
  console.log(`Stand-in housing system at ${standIn.url}; events to ${standIn.eventsUrl}`);
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
