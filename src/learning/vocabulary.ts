// The names a reviewer may give a message, with plain words for staff: every intent the classifier knows and every
// danger or harm kind the detectors find, read from their own modules so a new kind needs no change here.
import { INTENTS, type Intent } from "../../dialogs/nlu/intents";
import { DANGER_KINDS, INTERRUPTING_KINDS, SAFEGUARDING_KINDS, type DangerKind } from "../nlu/danger";

export { DANGER_KINDS, INTENTS };

const INTENT_LABELS: Record<Intent, string> = {
  repair: "A repair (including dangers to the home)",
  asb: "Noise, nuisance or someone else's behaviour",
  payment: "Rent and money",
  complaint: "A complaint about the service",
  status: "News on something already reported",
  human: "To talk to a person",
  update_details: "Changing their phone, email or name",
  greeting: "Hello, thanks or bye, nothing else",
  help: "How the service works",
  stop: "To stop getting messages",
  other: "Something else",
};

const DANGER_LABELS: Record<DangerKind, string> = {
  fire: "Fire or smoke",
  gas: "Smell of gas or a gas leak",
  co: "Carbon monoxide alarm or symptoms",
  electric_danger: "Sparks, burning electrics or bare wires",
  flood: "Water pouring in, a burst pipe, or water near electrics",
  structural: "A ceiling, wall or stairs coming down",
  insecure: "The home cannot be locked or secured",
  lift_entrapment: "Someone stuck in a lift",
  violence: "Attacked, or threatened with a weapon or death now",
  threat: "Threats, harassment or being followed",
  domestic_abuse: "Abuse from a partner or family member",
  self_harm: "Thoughts of suicide or self-harm",
  hate: "Hate because of who someone is",
  child_at_risk: "A child at risk",
  exploitation: "An adult taken advantage of (cuckooing, money)",
  welfare: "Someone not seen, fallen or alone and unwell",
  no_heat_vulnerable: "No heating or hot water with someone vulnerable at home",
  no_water: "No water from any tap",
  power_loss: "No power in the whole home",
  sewage: "Sewage coming up or leaking inside",
};

/** How the detectors treat a kind: danger now, an emergency repair, or a person at risk of harm. */
export type DangerGroup = "danger_now" | "emergency_repair" | "person_at_risk";

export interface DangerChoice {
  kind: DangerKind;
  label: string;
  group: DangerGroup;
}

export const INTENT_CHOICES = INTENTS.map((name) => ({ name, label: INTENT_LABELS[name] }));

export const DANGER_CHOICES: DangerChoice[] = DANGER_KINDS.map((kind) => ({
  kind,
  label: DANGER_LABELS[kind],
  group: SAFEGUARDING_KINDS.has(kind) ? "person_at_risk" : INTERRUPTING_KINDS.has(kind) ? "danger_now" : "emergency_repair",
}));
