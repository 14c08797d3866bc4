// Capacity changed in the console (staff with the supervisor role): stored per trade, area and half day over the
// scheduler file's figures, so every server reads the same and a restart keeps it.
import type { Prisma, PrismaClient } from "@prisma/client";
import { fileCapacity, type SchedulerSettings } from "./settings";
import { HALF_DAY_ORDER } from "./slots";
import type { HalfDay } from "./scheduler";

type Db = PrismaClient | Prisma.TransactionClient;

/** The console's figures for one trade in one area, by half day. */
export async function capacityOverrides(db: Db, trade: string, area: string): Promise<Map<HalfDay, number>> {
  const rows = await db.slotCapacity.findMany({ where: { trade, area } });
  return new Map(rows.map((row) => [row.timeOfDay as HalfDay, row.capacity]));
}

export interface CapacityRow {
  trade: string;
  area: string;
  timeOfDay: HalfDay;
  capacity: number;
  /** From the file, or changed in the console (by whom, when). */
  changedBy?: string;
  changedAt?: Date;
}

/** Every trade × area × half day the file names, with the console's changes applied. */
export async function capacityTable(db: Db, settings: SchedulerSettings): Promise<CapacityRow[]> {
  const overrides = await db.slotCapacity.findMany();
  const byKey = new Map(overrides.map((row) => [`${row.trade}|${row.area}|${row.timeOfDay}`, row]));
  const rows: CapacityRow[] = [];
  const areas = ["*", ...Object.keys(settings.areas)];
  for (const trade of Object.keys(settings.capacity)) {
    for (const area of areas) {
      for (const half of HALF_DAY_ORDER) {
        const changed = byKey.get(`${trade}|${area}|${half}`);
        rows.push({
          trade,
          area,
          timeOfDay: half,
          capacity: changed?.capacity ?? fileCapacity(settings, trade, area, half),
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
