// Importing the housing system's homes and tenants: good rows load, bad ones are reported by line with a reason,
// running the same files again changes nothing, and the bot then knows the imported tenants by phone and address.
import { parseCsv } from "../../src/imports/csv";
import { importHomes, importTenants } from "../../src/imports/importer";
import { readRows } from "../../src/imports/records";
import { seedDemoData } from "../../src/tenants/demo";
import { identityForPhone, PrismaHomeDirectory } from "../../src/tenants/directory";
import { createTestDatabase, type TestDatabase } from "../support/databases";

const HOMES = [
  "Home Ref,UPRN,House Number,Street,Town,Postcode",
  "H-0001,100023336956,Flat 2,\"Block A, Everton Road\",Liverpool,l6 1ja",
  "H-ANF-12,100023336001,12,Anfield Road,Liverpool,L4 0TH", // Maureen's home, already here without a reference
  "H-0003,,9,Nowhere Street,Liverpool,NOT A CODE",
  "H-0004,,10,,Liverpool,L6 1JA",
  "H-0001,,99,Everton Road,Liverpool,L6 1JA",
  "",
].join("\r\n");

const TENANTS = [
  "tenancy_ref,home_ref,first_name,last_name,phone,email,date_of_birth,contact_preference,weekly_rent,balance,next_due_on",
  "T200001,H-0001,Grace,Oduya,07700 900555,grace@example.org,02/05/1979,sms,101.50,-12.00,2026-11-30",
  "T100001,H-ANF-12,Maureen,Kelly,,,,,95.50,\"£1,020.00\",2026-11-30", // an existing tenant's arrears, from the housing system
  "T200003,H-0001,Sam,Lee,12345,,,,,,",
  "T200004,H-9999,Jo,Bloggs,,,,,,,",
  "T200005,H-0001,Ali,Khan,07700900102,,,,,,", // Dev's number
  "T200006,H-0001,Kim,Roe,,,,,101.50,,",
].join("\n");

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma, new Date("2026-11-23T10:00:00Z"));
});
afterAll(async () => db.dispose());

async function importBoth() {
  const homes = await importHomes(db.prisma, readRows("homes.csv", HOMES));
  const tenants = await importTenants(db.prisma, readRows("tenants.csv", TENANTS));
  return { homes, tenants };
}

async function snapshot() {
  const homes = await db.prisma.home.findMany({ orderBy: { homeRef: "asc" }, select: { id: true, homeRef: true, uprn: true, houseNumber: true, street: true, postcode: true } });
  const tenants = await db.prisma.tenant.findMany({ orderBy: { tenancyRef: "asc" }, include: { rentAccount: { select: { weeklyRentPence: true, balancePence: true, nextDueOn: true } } } });
  return { homes, tenants };
}

test("the CSV reader keeps quoted commas, line breaks and the line each record starts on", () => {
  expect(parseCsv('a,b\r\n"x, y","two\nlines"\n\n3,"say ""hi"""\n')).toEqual([
    { line: 1, cells: ["a", "b"] },
    { line: 2, cells: ["x, y", "two\nlines"] },
    { line: 5, cells: ["3", 'say "hi"'] },
  ]);
});

test("good rows load, bad rows are reported by line with the reason, and a second run changes nothing", async () => {
  const first = await importBoth();
  expect(first.homes).toEqual({
    added: 1,
    updated: 1,
    unchanged: 0,
    rejected: [
      { where: "line 4", reason: 'postcode "NOT A CODE" is not a UK postcode' },
      { where: "line 5", reason: "street missing" },
      { where: "line 6", reason: "homeRef H-0001 is in the file twice (first at line 2)" },
    ],
  });
  expect(first.tenants).toEqual({
    added: 1,
    updated: 1,
    unchanged: 0,
    rejected: [
      { where: "line 4", reason: 'phone "12345" is not a phone number' },
      { where: "line 5", reason: "no home with homeRef H-9999: import the homes file first" },
      { where: "line 6", reason: "phone is already on tenancy T100002: one number, one tenant" },
      { where: "line 7", reason: "weeklyRent, balance and nextDueOn go together: give all three or none" },
    ],
  });
  const grace = await db.prisma.tenant.findUniqueOrThrow({ where: { tenancyRef: "T200001" }, include: { home: true, rentAccount: true } });
  expect(grace).toMatchObject({
    phone: "+447700900555",
    contactPreference: "sms",
    dateOfBirth: new Date("1979-05-02T00:00:00Z"),
    home: { homeRef: "H-0001", uprn: "100023336956", houseNumber: "Flat 2", street: "Block A, Everton Road", postcode: "L6 1JA", postcodeKey: "L61JA" },
    rentAccount: { weeklyRentPence: 10150, balancePence: -1200 },
  });
  // Maureen's home was adopted, not copied; her phone (blank in the file) is kept; her arrears are the file's.
  const maureen = await db.prisma.tenant.findUniqueOrThrow({ where: { tenancyRef: "T100001" }, include: { home: true, rentAccount: true } });
  expect(maureen).toMatchObject({ phone: "+447700900101", home: { homeRef: "H-ANF-12", uprn: "100023336001" }, rentAccount: { balancePence: 102000 } });
  expect(await db.prisma.home.count({ where: { postcodeKey: "L40TH" } })).toBe(1);

  const before = await snapshot();
  const second = await importBoth();
  expect(second.homes).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
  expect(second.tenants).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
  expect(second.homes.rejected).toEqual(first.homes.rejected);
  expect(second.tenants.rejected).toEqual(first.tenants.rejected);
  expect(await snapshot()).toEqual(before);
});

test("the bot then knows an imported tenant by their phone, and their home by postcode and number", async () => {
  const grace = await db.prisma.tenant.findUniqueOrThrow({ where: { tenancyRef: "T200001" } });
  expect(await identityForPhone(db.prisma, "+447700900555")).toEqual({ tenantId: grace.id, homeId: grace.homeId, source: "phone" });
  expect(await new PrismaHomeDirectory(db.prisma).findHome("L6 1JA", "flat 2")).toEqual({ homeId: grace.homeId, tenantId: grace.id });
});

test("a JSON file loads the same way, its rows named by entry", async () => {
  const json = JSON.stringify([
    { tenancyRef: "T200001", homeRef: "H-0001", firstName: "Grace", lastName: "Oduya-Smith", phone: "+447700900555" },
    { tenancyRef: "T200007", homeRef: "H-0001", firstName: "Pat" },
  ]);
  const report = await importTenants(db.prisma, readRows("tenants.json", json));
  expect(report).toEqual({ added: 0, updated: 1, unchanged: 0, rejected: [{ where: "entry 2", reason: "lastName missing" }] });
  expect(await db.prisma.tenant.findUniqueOrThrow({ where: { tenancyRef: "T200001" } })).toMatchObject({ lastName: "Oduya-Smith", email: "grace@example.org" });
  expect(() => readRows("tenants.xlsx", "")).toThrow("use .csv or .json");
});
