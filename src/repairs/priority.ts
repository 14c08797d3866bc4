// Repair priorities and due dates: a landlord-editable rule table, English working days and Awaab's Law clocks.
import { addHours, addWeeks, addWorkingDays, monthDay } from "../calendar/workingDays";

export type Priority = "emergency" | "urgent" | "routine";

export type RepairCategory =
  | "heating"
  | "leak"
  | "toilet"
  | "electrics"
  | "damp"
  | "doors"
  | "kitchen_bathroom"
  | "other"
  | "gas"
  | "fire"
  | "flood"
  | "electric_danger"
  | "insecure"
  | "structural"
  | "lift_entrapment"
  | "no_water";

export interface RepairFacts {
  category: RepairCategory;
  /** The answer to the category's follow-up question, e.g. "only_toilet" or "uncontained". */
  detail?: string;
  vulnerable?: boolean;
}

export interface PriorityRule {
  category: RepairCategory | "*";
  detail?: string[];
  vulnerable?: boolean;
  /** Only in the cold months (see RepairPolicy.winter). */
  winterOnly?: boolean;
  priority: Priority;
  reason: string;
}

export interface RepairPolicy {
  rules: PriorityRule[];
  emergency: { attendHours: number; makeSafeHours: number };
  urgentWorkingDays: number;
  routineWorkingDays: number;
  /** Inclusive month/day range that wraps the new year, e.g. 31 Oct to 30 Apr. */
  winter: { from: { month: number; day: number }; to: { month: number; day: number } };
}

const NO_HEAT = ["none", "no_heating", "no_hot_water"];

/** Defaults from DOMAIN.md; a landlord changes this table, not the code. First matching rule wins. */
export const DEFAULT_REPAIR_POLICY: RepairPolicy = {
  rules: [
    { category: "gas", priority: "emergency", reason: "Smell of gas" },
    { category: "fire", priority: "emergency", reason: "Fire or smoke" },
    { category: "flood", priority: "emergency", reason: "Flooding or water on electrics" },
    { category: "electric_danger", priority: "emergency", reason: "Sparks, burning or exposed wires" },
    { category: "insecure", priority: "emergency", reason: "Home cannot be made secure" },
    { category: "lift_entrapment", priority: "emergency", reason: "Someone stuck in a lift" },
    { category: "structural", priority: "emergency", reason: "A ceiling or structure coming down" },
    { category: "leak", detail: ["uncontained"], priority: "emergency", reason: "Water that cannot be stopped" },
    { category: "no_water", priority: "emergency", reason: "No water at all" },
    { category: "toilet", detail: ["sewage"], priority: "emergency", reason: "Sewage inside the home" },
    { category: "toilet", detail: ["only_toilet"], priority: "emergency", reason: "The only toilet does not work" },
    { category: "electrics", detail: ["all_power"], priority: "emergency", reason: "No power in the home" },
    { category: "doors", detail: ["cannot_lock"], priority: "emergency", reason: "Home cannot be locked" },
    {
      category: "heating",
      detail: NO_HEAT,
      vulnerable: true,
      winterOnly: true,
      priority: "emergency",
      reason: "No heating or hot water in the cold months, with someone vulnerable at home",
    },
    {
      category: "damp",
      vulnerable: true,
      priority: "emergency",
      reason: "Damp or mould where someone's health is at risk: a person must assess it as a possible emergency hazard",
    },
    { category: "heating", detail: NO_HEAT, priority: "urgent", reason: "No heating or hot water" },
    { category: "damp", priority: "urgent", reason: "Damp or mould (Awaab's Law)" },
    { category: "leak", priority: "urgent", reason: "A leak that can be contained" },
    { category: "toilet", priority: "urgent", reason: "A toilet not working where there is another" },
    { category: "electrics", priority: "urgent", reason: "Part of the power not working" },
    { category: "*", priority: "routine", reason: "Routine repair" },
  ],
  emergency: { attendHours: 4, makeSafeHours: 24 },
  urgentWorkingDays: 5,
  routineWorkingDays: 20,
  winter: { from: { month: 10, day: 31 }, to: { month: 4, day: 30 } },
};

export function inWinter(date: Date, winter: RepairPolicy["winter"]): boolean {
  const { month, day } = monthDay(date);
  const key = month * 100 + day;
  const from = winter.from.month * 100 + winter.from.day;
  const to = winter.to.month * 100 + winter.to.day;
  return from <= to ? key >= from && key <= to : key >= from || key <= to;
}

export function assessPriority(
  facts: RepairFacts,
  reportedAt: Date,
  policy: RepairPolicy = DEFAULT_REPAIR_POLICY,
): { priority: Priority; reason: string } {
  const rule = policy.rules.find(
    (candidate) =>
      (candidate.category === "*" || candidate.category === facts.category) &&
      (!candidate.detail || (facts.detail !== undefined && candidate.detail.includes(facts.detail))) &&
      (candidate.vulnerable === undefined || candidate.vulnerable === (facts.vulnerable ?? false)) &&
      (!candidate.winterOnly || inWinter(reportedAt, policy.winter)),
  );
  if (!rule) throw new Error(`No priority rule matches ${facts.category}; the table needs a "*" rule`);
  return { priority: rule.priority, reason: rule.reason };
}

export type DeadlineKind =
  | "respond"
  | "acknowledge"
  | "contact"
  | "attend"
  | "make_safe"
  | "complete"
  | "awaab_investigate"
  | "awaab_make_safe"
  | "awaab_written_summary"
  | "awaab_safety_work"
  | "awaab_further_work_begin"
  | "awaab_further_work_start";

export interface Deadline {
  kind: DeadlineKind;
  dueAt: Date;
  rule: string;
}

/** Awaab's Law applies to damp and mould (significant hazards) and to every emergency hazard. */
export type AwaabHazard = "emergency" | "significant" | null;

export function awaabHazard(facts: RepairFacts, priority: Priority): AwaabHazard {
  if (priority === "emergency") return "emergency";
  if (facts.category === "damp") return "significant";
  return null;
}

/** The clocks that start when the tenant reports: "becoming aware" is the bot's timestamp. */
export function repairDeadlines(
  facts: RepairFacts,
  priority: Priority,
  reportedAt: Date,
  policy: RepairPolicy = DEFAULT_REPAIR_POLICY,
): Deadline[] {
  const deadlines: Deadline[] = [];
  if (priority === "emergency") {
    const { attendHours, makeSafeHours } = policy.emergency;
    deadlines.push(
      { kind: "attend", dueAt: addHours(reportedAt, attendHours), rule: `Emergency: attend within ${attendHours} hours` },
      { kind: "make_safe", dueAt: addHours(reportedAt, makeSafeHours), rule: `Emergency: make safe within ${makeSafeHours} hours` },
    );
  } else {
    const days = priority === "urgent" ? policy.urgentWorkingDays : policy.routineWorkingDays;
    deadlines.push({
      kind: "complete",
      dueAt: addWorkingDays(reportedAt, days),
      rule: `${priority === "urgent" ? "Urgent" : "Routine"}: complete within ${days} working days`,
    });
  }
  const hazard = awaabHazard(facts, priority);
  if (hazard === "emergency") {
    deadlines.push(
      { kind: "awaab_investigate", dueAt: addHours(reportedAt, 24), rule: "Awaab's Law emergency hazard: investigate within 24 hours" },
      { kind: "awaab_make_safe", dueAt: addHours(reportedAt, 24), rule: "Awaab's Law emergency hazard: make safe within 24 hours" },
    );
  } else if (hazard === "significant") {
    deadlines.push({
      kind: "awaab_investigate",
      dueAt: addWorkingDays(reportedAt, 10),
      rule: "Awaab's Law damp and mould: investigate within 10 working days",
    });
  }
  return deadlines;
}

/** The clocks that start when the investigation of an Awaab's Law hazard concludes. */
export function awaabDeadlinesAfterInvestigation(concludedAt: Date, hazard: "emergency" | "significant"): Deadline[] {
  const deadlines: Deadline[] = [
    { kind: "awaab_written_summary", dueAt: addWorkingDays(concludedAt, 3), rule: "Awaab's Law: written summary within 3 working days" },
  ];
  if (hazard === "significant") {
    deadlines.push({ kind: "awaab_safety_work", dueAt: addWorkingDays(concludedAt, 5), rule: "Awaab's Law: safety work within 5 working days" });
  }
  deadlines.push(
    { kind: "awaab_further_work_begin", dueAt: addWorkingDays(concludedAt, 5), rule: "Awaab's Law: begin further work within 5 working days" },
    { kind: "awaab_further_work_start", dueAt: addWeeks(concludedAt, 12), rule: "Awaab's Law: start further work within 12 weeks" },
  );
  return deadlines;
}

export function earliest(deadlines: Deadline[]): Date {
  return new Date(Math.min(...deadlines.map((deadline) => deadline.dueAt.getTime())));
}
