// Every button a tenant can tap on the web chat, WhatsApp or Teams has an icon beside its words, one an Android 8
// phone can draw (Emoji 5.0 or older, by Unicode's own data in unicode-emoji-json), and no flame for gas.
import { FLOWS } from "../../dialogs";
import type { ContentKey } from "../../dialogs/content/en";
import { everyIcon, iconFor } from "../../dialogs/content/icons";
import { INTENT_LABELS } from "../../src/conversation/freeText";
import { INTERRUPTS } from "../../src/conversation/engine";
import type { Suggestion, TextStep } from "../../src/conversation/types";

function numberedAnswers(step: TextStep): Suggestion[] {
  if (!step.choices) return [];
  return Array.isArray(step.choices) ? step.choices : Object.values(step.choices.lists).flat();
}

function buttons(): Set<ContentKey> {
  const keys = new Set<ContentKey>(["shortcut.back", "shortcut.menu", "shortcut.person", "chat.photo", "chat.read_aloud"]);
  for (const flow of Object.values(FLOWS)) {
    for (const step of Object.values(flow.steps)) {
      if (step.kind === "choice") step.options.forEach((option) => keys.add(option.label));
      if (step.kind === "text") [...(step.suggestions ?? []), ...numberedAnswers(step)].forEach((answer) => keys.add(answer.label));
    }
  }
  for (const step of Object.values(INTERRUPTS)) step.options.forEach((option) => keys.add(option.label));
  Object.values(INTENT_LABELS).forEach((label) => keys.add(label!));
  return keys;
}

test("every choice, tap answer and web chat button has an icon", () => {
  const keys = buttons();
  expect(keys.size).toBeGreaterThan(150);
  expect([...keys].filter((key) => iconFor(key) === "")).toEqual([]);
});

test("a question that wants words offers tap answers in every journey a tenant can start", () => {
  const without = Object.values(FLOWS).flatMap((flow) =>
    Object.entries(flow.steps).filter(([, step]) => step.kind === "text" && !step.suggestions?.length && numberedAnswers(step).length === 0).map(([id]) => `${flow.id}.${id}`),
  );
  expect(without).toEqual([]);
});

// Unicode's emoji data: each fully qualified emoji with the Emoji version that brought it.
const EMOJI = require("unicode-emoji-json/data-by-emoji.json") as Record<string, { name: string; emoji_version: string }>;
/** Android 8.0 draws Emoji 5.0 (9.0 draws Emoji 11): the newest an Android 8 phone can show. */
const NEWEST_EMOJI = 5;

test("every icon is one emoji of Emoji 5.0 or older, so an Android 8 phone draws it rather than a box", () => {
  const icons = everyIcon();
  expect(icons.length).toBeGreaterThan(150);
  const unknownOrNew = icons.filter(({ icon }) => !EMOJI[icon] || Number(EMOJI[icon].emoji_version) > NEWEST_EMOJI).map(({ key, icon }) => `${key}: ${icon} ${EMOJI[icon]?.emoji_version ?? "not one emoji"}`);
  expect(unknownOrNew).toEqual([]);
  // The chat page's own icons too (read aloud; the shortcuts and the number pad are in the catalogue).
  expect(Number(EMOJI["\u{1F50A}"]!.emoji_version)).toBeLessThanOrEqual(NEWEST_EMOJI);
});

test("the check would catch a newer emoji, and a flame never stands for gas", () => {
  // 🪣 (bucket) is Emoji 13: the kind of icon that showed as a box.
  expect(Number(EMOJI["\u{1FAA3}"]!.emoji_version)).toBeGreaterThan(NEWEST_EMOJI);
  const gas = everyIcon().filter(({ key }) => /gas/.test(key));
  expect(gas.map(({ key }) => key)).toContain("repair.danger.gas");
  expect(gas.filter(({ icon }) => icon.includes("\u{1F525}"))).toEqual([]);
  expect(iconFor("repair.danger.gas")).not.toBe("\u{1F525}");
});
