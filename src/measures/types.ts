// What a measure is: its name and plain definition for the README and the page, the records it reads, and the one
// query that computes it (used alike by the page, GET /api/measures and the CSV download).

/** How a row's figure is made from its counts, and so which counts could point to a tenant. */
export type MeasureKind =
  /** A number of things (contacts, cases). */
  | "count"
  /** numerator out of denominator, as a percentage. */
  | "percent"
  /** numerator per 1,000 homes (the denominator is the number of homes, which points to nobody). */
  | "per1000homes"
  /** numerator is a median in minutes; denominator is how many it was taken over. */
  | "median_minutes";

export type Interval = "week" | "month";
export type Filter = "channel" | "journey";

export interface MeasureDefinition {
  id: string;
  name: string;
  /** In plain words: what is counted, and what counts as meeting it. */
  definition: string;
  /** The tables the query reads. */
  source: string;
  kind: MeasureKind;
  /** The filters the query honours; others are ignored (and the answer says so). */
  filters: Filter[];
  /** Series always shown, even in a period with none (others appear as the data has them). */
  series?: string[];
  /**
   * SQL over a first CTE named `p` (columns "from", "to", unit, channel, journey, now: see queryPrelude) returning
   * rows of period (YYYY-MM-DD, the first day of the week or month in London), series, numerator and denominator.
   */
  sql: string;
}

export interface MeasureQuery {
  /** The first day, inclusive (London). */
  from: string;
  /** The last day, inclusive (London). */
  to: string;
  interval: Interval;
  channel?: string;
  journey?: string;
}

export interface MeasurePoint {
  period: string;
  series: string;
  /** Null when suppressed. */
  numerator: number | null;
  denominator: number | null;
  /** The figure the chart shows: the count, percentage, rate per 1,000 homes or median minutes; null when suppressed or nothing to divide. */
  value: number | null;
  /** True when a count under 5 could point to a tenant, so the figures are withheld. */
  suppressed: boolean;
}

export interface MeasureResult {
  id: string;
  name: string;
  definition: string;
  source: string;
  kind: MeasureKind;
  unit: string;
  periods: string[];
  series: string[];
  points: MeasurePoint[];
  /** Filters asked for that this measure cannot apply. */
  filtersIgnored: Filter[];
}
