// "How happy are you with the repair?": asked by text when the housing system says a repair is done
// (src/cases/updates.ts), answered whenever the tenant next texts, days later perhaps. A 1 or 2 is offered a
// complaint. The engine enters this journey only when the reply is a number from 1 to 5 (src/conversation/asked.ts);
// anything else is understood as usual.
import { render } from "../src/conversation/content";
import type { ChoiceStep, Flow, OutboundMessage } from "../src/conversation/types";
import type { ContentKey } from "./content/en";
import { offerComplaintStep } from "./shared";

const SCORES = ["1", "2", "3", "4", "5"] as const;

const score: ChoiceStep = {
  kind: "choice",
  prompt: "satisfaction.prompt",
  reprompt: "satisfaction.reprompt",
  options: SCORES.map((value) => ({ value, label: `satisfaction.${value}` as ContentKey })),
  save: "score",
  promptVars: (slots) => ({ ref: slots.reference ?? "" }),
  next: "record",
};

/** The question as it is sent, numbered choices and all. */
export function satisfactionQuestion(reference: string): OutboundMessage {
  const choices = score.options.map((option) => render(option.label, {}));
  return { text: render("satisfaction.prompt", { ref: reference }), choices, taps: [] };
}

export const satisfactionFlow: Flow = {
  id: "satisfaction",
  name: "satisfaction.name",
  start: "score",
  steps: {
    score,
    record: {
      kind: "action",
      run(context) {
        const { slots } = context.state;
        const value = Number(slots.score);
        context.emit({ type: "case.satisfaction_recorded", reference: slots.reference ?? "", score: value });
        if (value > 2) {
          context.say("satisfaction.thanks");
          return "end";
        }
        context.say("satisfaction.thanks.unhappy");
        return "offer_complaint";
      },
    },
    offer_complaint: offerComplaintStep("repair"),
  },
};
