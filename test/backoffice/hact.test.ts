// A repair as HACT RaiseRepair: mapped from what we hold, with nothing guessed for what we do not.
import { raiseRepair, type RepairCaseData } from "../../src/backoffice/hact";

const reported = "2026-11-23T10:00:00.000Z";
const base: RepairCaseData = {
  reference: "R000001",
  priority: "urgent",
  description: "back door will not lock",
  reportedAt: reported,
  dueAt: "2026-11-30T23:59:59.999Z",
  deadlines: [{ kind: "complete", dueAt: "2026-11-30T23:59:59.999Z", rule: "Urgent: complete within 5 working days" }],
  home: null,
};

test("an urgent repair from an unknown number with no room or access given maps to priority 2 and leaves the rest out", () => {
  expect(raiseRepair(base)).toEqual({
    DescriptionOfWork: "back door will not lock",
    Priority: { PriorityCode: 2 },
    RequiredCompletionDateTime: "2026-11-30T23:59:59.999Z",
    DateReported: reported,
  });
});

test("a priority we do not know has no PriorityCode rather than a guessed one", () => {
  expect(raiseRepair({ ...base, priority: "whenever" }).Priority).toBeUndefined();
});

test("an emergency must be finished by its make-safe deadline, not the first visit", () => {
  const mapped = raiseRepair({
    ...base,
    priority: "emergency",
    deadlines: [
      { kind: "attend", dueAt: "2026-11-23T12:00:00.000Z", rule: "Emergency: attend within 2 hours" },
      { kind: "make_safe", dueAt: "2026-11-24T10:00:00.000Z", rule: "Emergency: make safe within 24 hours" },
    ],
    home: { reference: "home-1" },
  });
  expect(mapped).toMatchObject({ Priority: { PriorityCode: 1 }, RequiredCompletionDateTime: "2026-11-24T10:00:00.000Z", SitePropertyUnit: [{ Reference: "home-1" }] });
  expect(mapped.SitePropertyUnit![0]).not.toHaveProperty("UPRN");
});
