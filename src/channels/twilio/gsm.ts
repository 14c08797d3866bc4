// Keeps SMS in GSM-7: swaps the characters that would silently switch a text to UCS-2 (70 characters a segment)
// for plain ones, the way GOV.UK Notify does, and counts segments.
import { SegmentedMessage } from "sms-segments-calculator";

const REPLACEMENTS: [RegExp, string][] = [
  [/[\u2018\u2019\u201A\u201B\u2032]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033]/g, '"'],
  [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, "-"],
  [/\u2026/g, "..."],
  [/[\u00A0\u202F\u2007\u2009\t]/g, " "],
  [/[\u200B\u200C\u200D\u2060\uFEFF]/g, ""],
];

export function sanitiseForSms(text: string): string {
  return REPLACEMENTS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

export function smsSegments(text: string): { segments: number; encoding: string; nonGsm: string[] } {
  const message = new SegmentedMessage(text);
  return { segments: message.segmentsCount, encoding: message.encodingName, nonGsm: message.getNonGsmCharacters() };
}
