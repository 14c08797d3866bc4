// After an emergency is raised: anything more the tenant texts is added to the emergency case for staff.
import type { Flow } from "../src/conversation/types";

export const emergencyFlow: Flow = {
  id: "emergency",
  name: "emergency.name",
  start: "more",
  steps: {
    more: {
      kind: "text",
      prompt: "emergency.more",
      reprompt: "emergency.more",
      save: "note",
      promptVars: (slots) => ({ ref: slots.ref ?? "" }),
      next: "noted",
    },
    noted: {
      kind: "action",
      run(context) {
        const { ref, note } = context.state.slots;
        if (ref && note) {
          context.emit({ type: "case.note_added", reference: ref, text: note });
          context.say("emergency.noted", { ref });
        }
        delete context.state.slots.note;
        return { waitAt: "more" };
      },
    },
  },
};
