// Noise and nuisance (DOMAIN.md "Anti-social behaviour"): the risk a report carries, how soon an officer makes
// contact, and when the tenant has the right to an ASB Case Review (the "Community Trigger").
import { addWorkingDays, endOfWorkingDay } from "../calendar/workingDays";

export type AsbRisk = "high" | "medium" | "standard";

export interface AsbFacts {
  category: string;
  /** Someone was in danger when they told us. */
  dangerNow: boolean;
  /** unsafe | sleep | health | annoyed */
  effect?: string;
  vulnerable: boolean;
  /** once | few | often */
  often?: string;
  ongoing: boolean;
  /** Separate reports this tenant has made in the Case Review window, this one included. */
  reportsInWindow: number;
}

const HARM_CATEGORIES = new Set(["harassment_threats", "hate", "domestic_abuse"]);

/** High risk goes to a person the same day: threats, violence, hate, a vulnerable victim, repeated incidents. */
export function assessAsbRisk(facts: AsbFacts): { risk: AsbRisk; reason: string } {
  if (facts.dangerNow) return { risk: "high", reason: "Someone was in danger when the tenant reported it" };
  if (HARM_CATEGORIES.has(facts.category)) return { risk: "high", reason: `Harm to a person: ${facts.category.replace(/_/g, " ")}` };
  if (facts.effect === "unsafe") return { risk: "high", reason: "The tenant feels unsafe" };
  if (facts.vulnerable) return { risk: "high", reason: "Someone at home is vulnerable" };
  if (facts.reportsInWindow >= 3) return { risk: "high", reason: `Repeated: ${facts.reportsInWindow} reports in the Case Review window` };
  if (facts.effect === "sleep" || facts.effect === "health") return { risk: "medium", reason: "It affects the household's sleep or health" };
  if (facts.often === "often" || facts.ongoing) return { risk: "medium", reason: "It keeps happening" };
  return { risk: "standard", reason: "A one-off with no harm reported" };
}

/** Working days within which an officer contacts the tenant, by risk; high risk is the same working day. */
export const ASB_CONTACT_WORKING_DAYS: Record<AsbRisk, number> = { high: 0, medium: 3, standard: 5 };

export function asbContactBy(risk: AsbRisk, reportedAt: Date): Date {
  const days = ASB_CONTACT_WORKING_DAYS[risk];
  return days === 0 ? endOfWorkingDay(reportedAt) : addWorkingDays(reportedAt, days);
}

/** The local Case Review threshold; the default is the common one: 3 reports in 6 months, or 1 hate incident. */
export interface CaseReviewPolicy {
  reports: number;
  months: number;
}

export const DEFAULT_CASE_REVIEW: CaseReviewPolicy = { reports: 3, months: 6 };

export function caseReviewWindowStart(now: Date, policy: CaseReviewPolicy): Date {
  const start = new Date(now);
  start.setUTCMonth(start.getUTCMonth() - policy.months);
  return start;
}

export function caseReviewDue(reportsInWindow: number, hate: boolean, policy: CaseReviewPolicy): boolean {
  return hate || reportsInWindow >= policy.reports;
}
