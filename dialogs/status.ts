// "Where is my repair?": the tenant's open repairs in one message, or one by its reference. Only repairs reported
// from this number or on this tenancy are shown, and never a safeguarding case (a text could be read by anyone).
import { formatDay } from "../src/calendar/workingDays";
import { formatAppointment } from "../src/cases/appointments";
import { render } from "../src/conversation/content";
import type { CaseSummary, Flow, TurnContext } from "../src/conversation/types";
import type { ContentKey } from "./content/en";
import { en } from "./content/en";
import { offerComplaintStep, unhappyWords } from "./shared";

const MAX_LISTED = 3;
/** A repair finished this recently is still news: shown when nothing is open. */
const RECENT_DAYS = 14;

/** One repair in a line: where it is up to, from the housing system's latest news when there is any. */
function describe(summary: CaseSummary): string {
  const key = `repair.what.${summary.category}`;
  const what = key in en ? render(key as ContentKey, {}) : summary.category.replace(/_/g, " ");
  const vars = { ref: summary.reference, what, priority: summary.priority, due: formatDay(summary.dueAt) };
  const progress = summary.progress;
  if (!progress) return render("status.line", vars);
  const appointment = progress.appointment ? formatAppointment(progress.appointment) : "";
  return render(`status.line.${progress.type}` as ContentKey, { ...vars, appointment, day: formatDay(progress.at) });
}

async function show(context: TurnContext): Promise<string> {
  const { env, state } = context;
  const asker = { address: env.address, tenantId: state.identity.tenantId };
  const reference = state.slots.reference;
  if (reference) {
    const found = await env.cases.repairByReference(reference, asker);
    if (found) {
      const key = found.status !== "open" && !found.progress ? "status.closed" : found.progress ? "status.one.updated" : "status.one";
      context.say(key, { line: describe(found) });
      return afterwards(context);
    }
    context.say("status.not_found", { ref: reference });
  }
  const open = await env.cases.openRepairs(asker);
  if (open.length === 0) {
    // Nothing open, but one just done or cancelled: that is what they are asking about.
    const finished = await env.cases.recentlyFinishedRepair(asker, new Date(env.now.getTime() - RECENT_DAYS * 86_400_000));
    if (finished) context.say("status.one.updated", { line: describe(finished) });
    else context.say("status.none");
    return afterwards(context);
  }
  const lines = open.slice(0, MAX_LISTED).map(describe);
  if (open.length > MAX_LISTED) lines.push(render("status.more", { count: String(open.length - MAX_LISTED) }));
  context.say("status.list", { list: lines.join("\n") });
  return afterwards(context);
}

/** A tenant who sounds unhappy ("third time I've asked") is offered a complaint. */
function afterwards(context: TurnContext): string {
  return context.state.slots.unhappy ? "offer_complaint" : "end";
}

export const statusFlow: Flow = {
  id: "status",
  name: "status.name",
  entry: {
    intents: ["status"],
    guessLabel: "intent.status",
    readSlots: (text, understanding) => ({ reference: understanding.reference ?? undefined, unhappy: unhappyWords(text) }),
  },
  start: "show",
  steps: { show: { kind: "action", run: show }, offer_complaint: offerComplaintStep("repair") },
};
