// Rows of a homes or tenants file from the housing system (CSV or JSON, by extension), checked one by one: each
// becomes a record to load, or a reason it cannot be, in words for whoever exported the file (README "Importing
// tenants and homes" lists the columns).
import { extname } from "node:path";
import { DateTime } from "luxon";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { normalisePostcode } from "../tenants/postcode";
import { parseCsv } from "./csv";

export interface Row {
  /** Where the row is in its file, for a person to find it: "line 4" (CSV) or "entry 4" (JSON). */
  where: string;
  /** By column name, compared without case, spaces, dashes or underscores ("Tenancy Ref" is tenancyref). */
  values: Record<string, string>;
}

export interface HomeRecord {
  homeRef: string;
  uprn: string | null;
  houseNumber: string;
  street: string;
  town: string;
  postcode: string;
}

export interface TenantRecord {
  tenancyRef: string;
  homeRef: string;
  firstName: string;
  lastName: string;
  /** Null when the file leaves it blank: what we hold is kept. */
  phone: string | null;
  email: string | null;
  dateOfBirth: Date | null;
  contactPreference: string | null;
  /** All three or none: weekly rent and balance in pence (a positive balance is money owed), next due date. */
  rent: { weeklyRentPence: number; balancePence: number; nextDueOn: Date } | null;
}

export class ImportFileError extends Error {}

const key = (name: string) => name.toLowerCase().replace(/[\s_-]/g, "");

/** Reads a file's rows; the extension says how (.csv, or .json: an array of objects). */
export function readRows(path: string, text: string): Row[] {
  const extension = extname(path).toLowerCase();
  if (extension === ".csv") {
    const [header, ...records] = parseCsv(text);
    if (!header) return [];
    const names = header.cells.map(key);
    return records.map((record) => ({
      where: `line ${record.line}`,
      values: Object.fromEntries(names.map((name, index) => [name, (record.cells[index] ?? "").trim()])),
    }));
  }
  if (extension === ".json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ImportFileError(`not valid JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new ImportFileError("a JSON file must hold an array of objects, one for each row");
    return parsed.map((item: unknown, index) => ({
      where: `entry ${index + 1}`,
      values:
        item && typeof item === "object" && !Array.isArray(item)
          ? Object.fromEntries(Object.entries(item).map(([name, value]) => [key(name), value === null || value === undefined ? "" : String(value).trim()]))
          : {},
    }));
  }
  throw new ImportFileError(`cannot read ${extension || "a file without an extension"}: use .csv or .json`);
}

type Checked<T> = { record: T } | { reason: string };

function required(values: Record<string, string>, names: Record<string, string>): string | null {
  const absent = Object.entries(names).filter(([name]) => !values[name]);
  return absent.length > 0 ? `${absent.map(([, label]) => label).join(", ")} missing` : null;
}

/** "2026-11-30" or "30/11/2026" as a date (midnight UTC, as the database stores dates); null if neither. */
function parseDay(text: string): Date | null {
  for (const format of ["yyyy-MM-dd", "d/M/yyyy"]) {
    const day = DateTime.fromFormat(text, format, { zone: "utc" });
    if (day.isValid) return day.toJSDate();
  }
  return null;
}

/** "102.75", "£1,234.50", "-12" as pence; null if not money. */
function parsePence(text: string): number | null {
  const clean = text.replace(/[£,\s]/g, "");
  if (!/^-?\d+(\.\d{1,2})?$/.test(clean)) return null;
  return Math.round(Number(clean) * 100);
}

const REF = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const CONTACT_PREFERENCES = ["sms", "whatsapp", "email", "phone"];

export function checkHome(values: Record<string, string>): Checked<HomeRecord> {
  const absent = required(values, { homeref: "homeRef", housenumber: "houseNumber", street: "street", town: "town", postcode: "postcode" });
  if (absent) return { reason: absent };
  if (!REF.test(values.homeref!)) return { reason: `homeRef "${values.homeref}" must be letters, digits and / _ . - (up to 40)` };
  const postcode = normalisePostcode(values.postcode!);
  if (!postcode) return { reason: `postcode "${values.postcode}" is not a UK postcode` };
  const uprn = values.uprn || null;
  if (uprn && !/^\d{1,12}$/.test(uprn)) return { reason: `uprn "${uprn}" must be up to 12 digits` };
  return { record: { homeRef: values.homeref!, uprn, houseNumber: values.housenumber!, street: values.street!, town: values.town!, postcode } };
}

export function checkTenant(values: Record<string, string>): Checked<TenantRecord> {
  const absent = required(values, { tenancyref: "tenancyRef", homeref: "homeRef", firstname: "firstName", lastname: "lastName" });
  if (absent) return { reason: absent };
  if (!REF.test(values.tenancyref!)) return { reason: `tenancyRef "${values.tenancyref}" must be letters, digits and / _ . - (up to 40)` };
  let phone: string | null = null;
  if (values.phone) {
    const parsed = parsePhoneNumberFromString(values.phone, "GB");
    if (!parsed?.isPossible()) return { reason: `phone "${values.phone}" is not a phone number` };
    phone = parsed.number;
  }
  const email = values.email || null;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { reason: `email "${email}" is not an email address` };
  const dateOfBirth = values.dateofbirth ? parseDay(values.dateofbirth) : null;
  if (values.dateofbirth && !dateOfBirth) return { reason: `dateOfBirth "${values.dateofbirth}" must be YYYY-MM-DD or DD/MM/YYYY` };
  const contactPreference = values.contactpreference?.toLowerCase() || null;
  if (contactPreference && !CONTACT_PREFERENCES.includes(contactPreference)) return { reason: `contactPreference must be one of ${CONTACT_PREFERENCES.join(", ")}` };
  const rentFields = [values.weeklyrent, values.balance, values.nextdueon];
  let rent: TenantRecord["rent"] = null;
  if (rentFields.some(Boolean)) {
    if (!rentFields.every(Boolean)) return { reason: "weeklyRent, balance and nextDueOn go together: give all three or none" };
    const weeklyRentPence = parsePence(values.weeklyrent!);
    const balancePence = parsePence(values.balance!);
    const nextDueOn = parseDay(values.nextdueon!);
    if (weeklyRentPence === null || weeklyRentPence < 0) return { reason: `weeklyRent "${values.weeklyrent}" must be pounds, like 102.75` };
    if (balancePence === null) return { reason: `balance "${values.balance}" must be pounds, like 205.50 (owed) or -12.00 (in credit)` };
    if (!nextDueOn) return { reason: `nextDueOn "${values.nextdueon}" must be YYYY-MM-DD or DD/MM/YYYY` };
    rent = { weeklyRentPence, balancePence, nextDueOn };
  }
  return {
    record: {
      tenancyRef: values.tenancyref!,
      homeRef: values.homeref!,
      firstName: values.firstname!,
      lastName: values.lastname!,
      phone,
      email,
      dateOfBirth,
      contactPreference,
      rent,
    },
  };
}
