// A simulated handset: builds webhook requests exactly as Twilio signs them, and reads the TwiML replies.
// Used by `npm run chat`, `npm run bench` and the tests, so all of them go through the real webhook path.
import { randomBytes } from "node:crypto";
import twilio from "twilio";

export const LANDLORD_NUMBER = "+441510000000";

export interface SignedRequest {
  path: string;
  headers: Record<string, string>;
  payload: string;
  params: Record<string, string>;
}

export function newMessageSid(): string {
  return `SM${randomBytes(16).toString("hex")}`;
}

export function signedWebhook(
  authToken: string,
  publicUrl: string,
  path: string,
  params: Record<string, string>,
): SignedRequest {
  const signature = twilio.getExpectedTwilioSignature(authToken, publicUrl + path, params);
  return {
    path,
    params,
    payload: new URLSearchParams(params).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
  };
}

export function smsParams(from: string, body: string, messageSid = newMessageSid()): Record<string, string> {
  return {
    MessageSid: messageSid,
    SmsSid: messageSid,
    AccountSid: "AC00000000000000000000000000000000",
    From: from,
    To: LANDLORD_NUMBER,
    Body: body,
    NumMedia: "0",
    NumSegments: "1",
  };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** The text of each <Message> in a TwiML response, in order. */
export function messagesInTwiml(twiml: string): string[] {
  return [...twiml.matchAll(/<Message(?: [^>]*)?>([\s\S]*?)<\/Message>/g)].map((match) =>
    match[1]!.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]!),
  );
}
