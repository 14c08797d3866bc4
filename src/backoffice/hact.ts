// A repair case as HACT's RaiseRepair (UK Housing Data Standards, repairs module 2.0), under data.hact of the
// case.created event. Only fields we have a source for are filled; the rest (WorkClass, WorkType, WorkElement with
// its Schedule of Rates code, LocationAlert) are left out for the housing system's own triage to add.

/** Our case as the event carries it (src/backoffice/cloudEvents.ts). */
export interface RepairCaseData {
  reference: string;
  priority: string;
  description: string;
  location?: string;
  access?: string;
  vulnerable?: boolean;
  reportedAt: string;
  dueAt: string;
  deadlines: { kind: string; dueAt: string; rule: string }[];
  home: { reference: string; uprn?: string } | null;
}

/**
 * HACT PriorityCode runs 1 (most urgent) to 5. We raise three priorities: emergency (attend within hours) is 1,
 * urgent (days) is 2, routine (weeks) is 3; 4 and 5, planned and cyclical work, are never raised from a report.
 */
export const HACT_PRIORITY_CODES: Record<string, number> = { emergency: 1, urgent: 2, routine: 3 };

export interface HactPersonAlert {
  Type: "vulnerability";
  /** Wording for the office, not for the operative. */
  Description: string;
  /** Special category data: the work order says only what OperativeNote says. */
  CopyToWorkOrder: false;
  OperativeNote: string;
}

export interface RaiseRepair {
  DescriptionOfWork: string;
  Priority?: { PriorityCode: number };
  RequiredCompletionDateTime: string;
  LocationOfRepair?: string;
  AccessInformation?: string;
  PersonAlert?: HactPersonAlert[];
  DateReported: string;
  SitePropertyUnit?: { Reference: string; UPRN?: string }[];
}

/** The time the whole repair must be done by: the completion deadline, or for an emergency the make-safe one. */
function requiredCompletion(repair: RepairCaseData): string {
  const byKind = (kind: string) => repair.deadlines.find((deadline) => deadline.kind === kind)?.dueAt;
  return byKind("complete") ?? byKind("make_safe") ?? repair.dueAt;
}

export function raiseRepair(repair: RepairCaseData): RaiseRepair {
  const code = HACT_PRIORITY_CODES[repair.priority];
  return {
    DescriptionOfWork: repair.description,
    ...(code ? { Priority: { PriorityCode: code } } : {}),
    RequiredCompletionDateTime: requiredCompletion(repair),
    ...(repair.location ? { LocationOfRepair: repair.location } : {}),
    ...(repair.access ? { AccessInformation: repair.access } : {}),
    ...(repair.vulnerable
      ? {
          PersonAlert: [
            {
              Type: "vulnerability",
              Description: "The tenant told us someone at home is at greater risk (a baby, an older person, or someone disabled or ill)",
              CopyToWorkOrder: false,
              OperativeNote: "Priority visit: please ask the office before attending",
            },
          ],
        }
      : {}),
    DateReported: repair.reportedAt,
    ...(repair.home ? { SitePropertyUnit: [{ Reference: repair.home.reference, ...(repair.home.uprn ? { UPRN: repair.home.uprn } : {}) }] } : {}),
  };
}
