// The main menu: every journey, in one SMS segment (test/content/lint.test.ts checks).
import { requestPerson } from "../src/conversation/handoff";
import type { Flow } from "../src/conversation/types";

export const menuFlow: Flow = {
  id: "menu",
  name: "menu.prompt",
  start: "choose",
  steps: {
    choose: {
      kind: "choice",
      prompt: "menu.prompt",
      reprompt: "menu.reprompt",
      options: [
        { value: "repair", label: "menu.repair", words: ["repair", "fix", "broken", "report"] },
        { value: "status", label: "menu.status", words: ["check", "update", "where", "when", "status"] },
        { value: "asb", label: "menu.asb", words: ["noise", "nuisance", "neighbour", "neighbours", "asb"] },
        { value: "payment", label: "menu.payment", words: ["rent", "money", "pay", "payment", "owe"] },
        { value: "complaint", label: "menu.complaint", words: ["complain", "complaint", "unhappy"] },
        { value: "update_details", label: "menu.details", words: ["phone", "email", "number", "details", "contact"] },
        { value: "other", label: "menu.other", words: ["other", "else", "something", "question", "move", "visit"] },
        { value: "person", label: "menu.person", words: ["person", "someone", "human", "call"] },
      ],
      save: "choice",
      next: (slots) => (slots.choice === "person" ? "person" : `@${slots.choice}`),
    },
    person: {
      kind: "action",
      run(context) {
        requestPerson(context, "asked_for_person");
        return "end";
      },
    },
  },
};
