// Lints every prompt in the content catalogue as a basic phone will receive it: GSM-7 only and one SMS segment,
// numbered choices included, with placeholders filled by their longest possible values.
import { SegmentedMessage } from "sms-segments-calculator";
import { FLOWS } from "../../dialogs";
import { en, type ContentKey } from "../../dialogs/content/en";
import { forButtons, render, standingVars } from "../../src/conversation/content";
import { INTERRUPTS } from "../../src/conversation/engine";
import { toPlainText } from "../../src/conversation/render";
import type { ChoiceStep, Step, Suggestion, TextStep } from "../../src/conversation/types";
import { SAFETY_NUMBERS } from "../../src/safety/numbers";

// The longest values config.ts allows, and the longest values the engine fills in.
const WORST_CASE = {
  ...standingVars({
    name: "X".repeat(24),
    phone: "0".repeat(15),
    privacyUrl: "x".repeat(40),
    officeHours: "x".repeat(30),
    paymentUrl: "x".repeat(40),
  }),
  ref: "RXXXXXX",
  attendBy: "Wed 30 Sep, 12:30pm",
  dueBy: "Wed 30 Sep",
  inspectBy: "Wed 30 Sep",
  flowName: "a repair you told us about",
  count: "99",
  line: "RXXXXXX Heating, hot water: emergency, fix by Wed 30 Sep",
  list: [1, 2, 3].map(() => "RXXXXXX Heating, hot water: emergency, fix by Wed 30 Sep").concat("and 99 more").join("\n"),
  what: "Heating, hot water",
  priority: "emergency",
  due: "Wed 30 Sep",
  contactBy: "Wed 30 Sep",
  when: "x".repeat(40),
  reports: "99",
  months: "24",
  respondBy: "Wed 30 Sep",
  balance: "£12,345.67",
  rent: "£1,234.56",
  dueOn: "Wed 30 Sep",
  lastPaid: "£12,345.67",
  lastOn: "Wed 30 Sep",
  left: "2",
  phone: "+4477009001****",
  email: `${"e".repeat(242)}@example.com`,
  how: "phone call",
  code: "123456",
  wait: "15 minutes",
  opensAt: "Wed 12:30pm",
  appointment: "Wed 30 Sep, 12:30pm to 12:30pm",
  slot: "Wed 30 Sep, 12:30pm to 12:30pm",
  day: "Wed 30 Sep",
  // A cancellation's reason and a note's text come from the housing system: src/cases/updateTexts.ts sends the
  // reason only when the text still fits one segment, and the API refuses a note that would not.
  reason: "",
  text: "",
  // The web chat's own words (never sent by SMS, but kept as plain as the rest).
  staffName: "X".repeat(20),
  name: "X".repeat(20),
};

// Messages that repeat the tenant's own words back may take up to three segments (DESIGN.md).
// A list of the tenant's own repairs may take two.
const ECHOES_TENANT: Partial<Record<ContentKey, number>> = { "repair.confirm.prompt": 3, "asb.confirm.prompt": 3, "complaint.confirm.prompt": 3, "details.email.saved": 3, "details.email.saved.webchat": 3, "status.list": 2, "status.list.webchat": 2 };
const WORST_SUMMARY = [
  "Problem: Heating, hot water, no heating and no hot water",
  "Where: Shared area or lift",
  `You said: ${"w".repeat(77)}...`,
  `We can come: ${"t".repeat(47)}...`,
].join("\n");

interface Prompt {
  key: ContentKey;
  text: string;
}

function choiceSteps(): ChoiceStep[] {
  const steps: Step[] = [...Object.values(FLOWS).flatMap((flow) => Object.values(flow.steps)), ...Object.values(INTERRUPTS)];
  return steps.filter((step): step is ChoiceStep => step.kind === "choice");
}

/** Each list of numbered answers a question in words can show (one for each earlier answer it depends on). */
function textChoiceLists(): { step: TextStep; choices: Suggestion[] }[] {
  const steps = Object.values(FLOWS).flatMap((flow) => Object.values(flow.steps));
  return steps
    .filter((step): step is TextStep => step.kind === "text" && step.choices !== undefined)
    .flatMap((step) => (Array.isArray(step.choices) ? [step.choices] : Object.values(step.choices!.lists)).map((choices) => ({ step, choices })));
}

/** Every prompt shown beside numbered choices (which channels with buttons show as buttons instead). */
function promptsWithChoices(): ContentKey[] {
  const steps = [...choiceSteps(), ...textChoiceLists().map(({ step }) => step)];
  return [...new Set(steps.flatMap((step) => [step.prompt, step.reprompt]))];
}

function allPrompts(): Prompt[] {
  const vars = { ...WORST_CASE, summary: WORST_SUMMARY };
  const prompts: Prompt[] = [];
  const withChoices = new Set<ContentKey>();
  const labels = new Set<ContentKey>();
  for (const step of choiceSteps()) {
    // Slots on offer come before a question's own choices: three of the longest a scheduler could give, and more.
    const longest = [1, 2, 3].map((index) => ({ holdId: `hold-${index}`, date: "2026-09-30", timeOfDay: "12:30-12:30" }));
    const offeredOptions = step.optionsFrom ? step.optionsFrom({ offered: JSON.stringify(longest), more: "yes" }) : [];
    const offered = offeredOptions.map((option) => render(option.label, { ...vars, ...option.labelVars }));
    offeredOptions.forEach((option) => labels.add(option.label));
    let choices = [...offered, ...step.options.map((option) => render(option.label, vars))];
    // The bot offers at most 3 guesses: lint the longest 3 it could offer.
    if (step === INTERRUPTS.guess) choices = [...choices].sort((a, b) => b.length - a.length).slice(0, 3);
    step.options.forEach((option) => labels.add(option.label));
    for (const key of [step.prompt, step.reprompt]) {
      withChoices.add(key);
      prompts.push({ key, text: toPlainText({ text: render(key, vars), choices, taps: [] }) });
    }
  }
  for (const { step, choices } of textChoiceLists()) {
    const rendered = choices.map((choice) => render(choice.label, vars));
    choices.forEach((choice) => labels.add(choice.label));
    for (const key of [step.prompt, step.reprompt]) {
      withChoices.add(key);
      prompts.push({ key, text: toPlainText({ text: render(key, vars), choices: rendered, taps: [] }) });
    }
  }
  for (const key of Object.keys(en) as ContentKey[]) {
    // Labels are linted inside their lists; fragments (summary lines, journey names) inside their messages.
    if (withChoices.has(key) || labels.has(key) || /^(asb\.|complaint\.)?summary\.|\.name$|^status\.(line|more)$/.test(key)) continue;
    prompts.push({ key, text: render(key, vars) });
  }
  return prompts;
}

const prompts = allPrompts();

afterAll(() => {
  console.log(`Prompt lint checked ${prompts.length} prompts (${Object.keys(en).length} catalogue entries).`);
});

test.each(prompts.map((prompt) => [prompt.key, prompt.text]))("%s is GSM-7 and fits its SMS segments", (key, text) => {
  const message = new SegmentedMessage(text);
  expect(message.getNonGsmCharacters()).toEqual([]);
  expect(message.encodingName).toBe("GSM-7");
  expect(message.segmentsCount).toBeLessThanOrEqual(ECHOES_TENANT[key as ContentKey] ?? 1);
});

test("no prompt writes a safety number out: they all come from the one table", () => {
  for (const [key, template] of Object.entries(en)) {
    for (const number of Object.values(SAFETY_NUMBERS)) {
      expect({ key, hasLiteral: new RegExp(`(^|[^0-9])${number}([^0-9]|$)`).test(template) }).toEqual({ key, hasLiteral: false });
    }
  }
});

test("no prompt tells a tenant to send a word that would opt them out of all texts", () => {
  const optOut = /\b(reply|text|send|type)\s+(STOP|STOPALL|UNSUBSCRIBE|CANCEL|END|QUIT|REVOKE|OPTOUT)\b/i;
  for (const prompt of prompts) expect({ key: prompt.key, text: prompt.text }).not.toEqual(expect.objectContaining({ text: expect.stringMatching(optOut) }));
});

test("every danger advice has its number in the first segment", () => {
  for (const key of Object.keys(en).filter((name) => name.startsWith("danger."))) {
    const text = render(key as ContentKey, WORST_CASE);
    expect({ key, hasNumber: /\b(0800 111 999|999|105|0808 2000 247|116 123|0808 808 4000)\b/.test(text.slice(0, 160)) }).toEqual({ key, hasNumber: true });
  }
});

test("every choice step has at most 9 choices, so each is one digit", () => {
  for (const step of choiceSteps()) expect(step.options.length).toBeLessThanOrEqual(9);
  for (const { choices } of textChoiceLists()) expect(choices.length).toBeLessThanOrEqual(9);
});

test("shown with buttons, no question asks for a number the tenant cannot see", () => {
  for (const key of promptsWithChoices()) {
    const text = forButtons(render(key, { ...WORST_CASE, summary: WORST_SUMMARY }));
    expect({ key, text }).not.toEqual({ key, text: expect.stringMatching(/\b(reply|send|text) (\d|with (a|the) number)/i) });
  }
});
