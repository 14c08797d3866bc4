// A tenant waiting for a person, or talking to one, may say something that makes it more urgent: "boiler off 3 days
// and I have a baby". Those dangers do not interrupt (the repair journey prices them), but no journey runs while a
// person has the conversation, so they are priced here by the same repair priority rules and, when that is more
// urgent, a person is asked for again at the higher priority. Pure: it emits an event; the turn raises it.
import type { DangerKind } from "../nlu/danger";
import { assessPriority, type Priority, type RepairFacts } from "../repairs/priority";
import type { TurnContext } from "./types";

/** The repair each non-interrupting danger describes, as the repair journey would record it. */
const FACTS: Partial<Record<DangerKind, RepairFacts>> = {
  no_heat_vulnerable: { category: "heating", detail: "none", vulnerable: true },
  no_water: { category: "no_water" },
  power_loss: { category: "electrics", detail: "all_power" },
  sewage: { category: "toilet", detail: "sewage" },
};

const QUEUE_PRIORITY: Record<Priority, 1 | 2 | 3> = { emergency: 1, urgent: 2, routine: 3 };

export function raiseIfWorse(context: TurnContext, dangers: readonly DangerKind[]): void {
  const { state, env } = context;
  for (const kind of dangers) {
    const facts = FACTS[kind];
    // Once per wait: every later message saying the same is in the transcript already.
    if (!facts || state.raisedWhileWaiting?.includes(kind)) continue;
    const { priority } = assessPriority(facts, env.now, env.repairPolicy);
    // Routine is what a person was asked for anyway: nothing to raise.
    if (priority === "routine") continue;
    state.raisedWhileWaiting = [...(state.raisedWhileWaiting ?? []), kind];
    context.emit({ type: "escalation.requested", reason: "worse_while_waiting", priority: QUEUE_PRIORITY[priority] });
  }
}
