// Capacity changed in the console (staff with the supervisor role): stored per trade, area and half day over the
// scheduler file's figures, so every server reads the same and a restart keeps it.
import type { Prisma, PrismaClient } from "@prisma/client";
import { ANY_AREA, fileCapacity, type SchedulerSettings } from "./settings";
import { HALF_DAY_ORDER } from "./slots";
import type { HalfDay } from "./scheduler";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Visits a trade can make in an area in each half day: the area's own figure (changed in the console, else the
 * file's), else the figure for anywhere else ("*", changed in the console, else the file's).
 */
export async function capacityFor(db: Db, settings: SchedulerSettings, trade: string, area: string): Promise<Record<HalfDay, number>> {
  const rows = await db.slotCapacity.findMany({ where: { trade, area: { in: [area, ANY_AREA] } } });
  const changed = (where: string, half: HalfDay) => rows.find((row) => row.area === where && row.timeOfDay === half)?.capacity;
  const own = settings.capacity[trade]?.[area];
  const figure = (half: HalfDay) => changed(area, half) ?? own?.[half] ?? changed(ANY_AREA, half) ?? fileCapacity(settings, trade, ANY_AREA, half);
  return { AM: figure("AM"), PM: figure("PM") };
}

export interface CapacityRow {
  trade: string;
  area: string;
  timeOfDay: HalfDay;
  capacity: number;
  /** The area has no figure of its own: it has the one for anywhere else, and follows it. */
  inherited: boolean;
  /** From the file, or changed in the console (by whom, when). */
  changedBy?: string;
  changedAt?: Date;
}

/** Every trade × area × half day the file names, with the console's changes applied. */
export async function capacityTable(db: Db, settings: SchedulerSettings): Promise<CapacityRow[]> {
  const overrides = await db.slotCapacity.findMany();
  const byKey = new Map(overrides.map((row) => [`${row.trade}|${row.area}|${row.timeOfDay}`, row]));
  const rows: CapacityRow[] = [];
  const areas = [ANY_AREA, ...Object.keys(settings.areas)];
  for (const trade of Object.keys(settings.capacity)) {
    for (const area of areas) {
      for (const half of HALF_DAY_ORDER) {
        const changed = byKey.get(`${trade}|${area}|${half}`);
        const own = settings.capacity[trade]?.[area]?.[half];
        const anywhere = byKey.get(`${trade}|${ANY_AREA}|${half}`)?.capacity ?? fileCapacity(settings, trade, ANY_AREA, half);
        rows.push({
          trade,
          area,
          timeOfDay: half,
          capacity: changed?.capacity ?? own ?? anywhere,
          inherited: !changed && own === undefined && area !== ANY_AREA,
          changedBy: changed?.updatedBy,
          changedAt: changed?.updatedAt,
        });
      }
    }
  }
  return rows;
}

export async function setCapacity(db: Db, row: { trade: string; area: string; timeOfDay: HalfDay; capacity: number }, by: string): Promise<void> {
  await db.slotCapacity.upsert({
    where: { trade_area_timeOfDay: { trade: row.trade, area: row.area, timeOfDay: row.timeOfDay } },
    create: { ...row, updatedBy: by },
    update: { capacity: row.capacity, updatedBy: by },
  });
}
