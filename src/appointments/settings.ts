// The scheduler file (SCHEDULER_FILE, config/scheduler.json by default): which trade does each kind of repair, which
// postcode districts make up each area, how many visits each trade can make in each half day in each area, how long a
// slot is held while a tenant chooses, and when the reminder goes. Checked once at start-up; the console changes
// capacity on top of it (src/appointments/capacity.ts).
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { HalfDay } from "./scheduler";

/** config/scheduler.json in the project. */
export const DEFAULT_SCHEDULER_FILE = path.resolve(__dirname, "..", "..", "config", "scheduler.json");

/** Capacity for an area the file does not name. */
export const ANY_AREA = "*";

const visits = z.number().int("must be a whole number").min(0, "must be 0 or more").max(500, "must be 500 or fewer");
const halfDays = z.object({ AM: visits, PM: visits }).strict();

const fileSchema = z
  .object({
    holdMinutes: z.number().int().min(1).max(60).default(10),
    leadWorkingDays: z.number().int().min(0).max(10).default(1),
    reminder: z.object({ hour: z.number().int().min(7).max(20), minute: z.number().int().min(0).max(59) }).default({ hour: 18, minute: 0 }),
    trades: z.record(z.string(), z.string().regex(/^[a-z_]+$/, "must be a trade name in lower case, like plumbing")),
    areas: z.record(z.string(), z.array(z.string().regex(/^[A-Z]{1,2}[0-9][0-9A-Z]?$/, "must be postcode districts like L4"))).default({}),
    capacity: z.record(z.string(), z.record(z.string(), halfDays)),
  })
  .superRefine((file, ctx) => {
    for (const trade of new Set(Object.values(file.trades))) {
      if (!file.capacity[trade]) ctx.addIssue({ code: "custom", path: ["capacity", trade], message: "is missing: every trade in trades needs capacity" });
    }
    for (const [trade, areas] of Object.entries(file.capacity)) {
      for (const area of Object.keys(areas)) {
        if (area !== ANY_AREA && !file.areas[area]) ctx.addIssue({ code: "custom", path: ["capacity", trade, area], message: `is not an area in areas (or "${ANY_AREA}")` });
      }
    }
  });

export type SchedulerSettings = z.infer<typeof fileSchema>;

export class SchedulerSettingsError extends Error {}

export function parseSchedulerSettings(text: string, source: string): SchedulerSettings {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SchedulerSettingsError(`${source} is not JSON: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "file"} ${issue.message}`);
    throw new SchedulerSettingsError(`${source}: ${problems.join("; ")}`);
  }
  return parsed.data;
}

export function loadSchedulerSettings(file: string): SchedulerSettings {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SchedulerSettingsError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseSchedulerSettings(text, file);
}

/** The trade that does a kind of repair ("general" when the file does not say). */
export function tradeFor(settings: SchedulerSettings, category: string): string {
  return settings.trades[category] ?? settings.trades.other ?? "general";
}

/** The area a postcode is in: the one naming its district ("L4 2QH" is in L4), or ANY_AREA. */
export function areaFor(settings: SchedulerSettings, postcode: string | null | undefined): string {
  const district = postcode?.trim().toUpperCase().split(/\s+/)[0];
  if (!district) return ANY_AREA;
  return Object.entries(settings.areas).find(([, districts]) => districts.includes(district))?.[0] ?? ANY_AREA;
}

/** Visits a trade can make in one half day in one area, as the file says (the area's own figure, else "*"'s). */
export function fileCapacity(settings: SchedulerSettings, trade: string, area: string, half: HalfDay): number {
  const byArea = settings.capacity[trade];
  return (byArea?.[area] ?? byArea?.[ANY_AREA])?.[half] ?? 0;
}
