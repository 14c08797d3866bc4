// Every button a tenant can tap on the web chat, WhatsApp or Teams has an icon beside its words.
import { FLOWS } from "../../dialogs";
import type { ContentKey } from "../../dialogs/content/en";
import { iconFor } from "../../dialogs/content/icons";
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
