// Logging in to the staff console against the real app: the lockout cannot be dodged by dressing the email up or by
// trying many accounts from one address, and logging out ends the session on the server whatever the form sent.
import { createStaff } from "../../src/staff/accounts";
import { startTestApp, type TestApp } from "../support/testApp";

const PASSWORD = "correct horse battery staple";
const ANN = "ann@merseyhomes.org";

let harness: TestApp;
beforeAll(async () => {
  harness = await startTestApp();
});
beforeEach(async () => {
  await harness.reset();
  await createStaff(harness.db.prisma, { email: ANN, name: "Ann Agent", role: "agent", password: PASSWORD });
});
afterAll(async () => {
  await harness.close();
});

function logIn(email: string, password: string, remoteAddress = "203.0.113.7") {
  return harness.app.inject({
    method: "POST",
    url: "/console/login",
    remoteAddress,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ email, password }).toString(),
  });
}

test.each([
  ["spaces and tabs", ` \t${ANN}\t `],
  ["no-break spaces and capitals", `\u00a0Ann@MerseyHomes.org\u00a0`],
  ["full-width letters and a zero-width space", "\u200bａｎｎ@merseyhomes.org"],
])("ten wrong passwords lock the account however the email is dressed up (%s)", async (_name, dressed) => {
  for (let index = 0; index < 10; index += 1) {
    expect((await logIn(index % 2 ? dressed : ANN, `wrong ${index}`)).statusCode).toBe(401);
  }
  const locked = await logIn(dressed, PASSWORD);
  expect(locked.statusCode).toBe(429);
  expect(locked.body).toContain("Too many wrong passwords");
  expect((await logIn(ANN, PASSWORD)).statusCode).toBe(429);
});

test("the right password logs in with the email dressed up, when it is not locked", async () => {
  expect((await logIn(`\t ${ANN.toUpperCase()}\u00a0`, PASSWORD)).statusCode).toBe(303);
});

test("twenty wrong passwords from one address, over many emails, pause that address and no other", async () => {
  for (let index = 0; index < 20; index += 1) {
    expect((await logIn(`guess${index}@merseyhomes.org`, "wrong password")).statusCode).toBe(401);
  }
  expect((await logIn(ANN, PASSWORD)).statusCode).toBe(429);
  expect((await logIn(ANN, PASSWORD, "198.51.100.4")).statusCode).toBe(303);
});

test("a logout without the CSRF token still ends the session, and the old cookie is refused", async () => {
  const login = await logIn(ANN, PASSWORD);
  const cookie = String(login.headers["set-cookie"]).split(";")[0]!;
  expect((await harness.app.inject({ url: "/api/escalations", headers: { cookie } })).statusCode).toBe(200);

  const logout = await harness.app.inject({ method: "POST", url: "/console/logout", headers: { cookie } });
  expect(logout.statusCode).toBe(303);
  expect(String(logout.headers["set-cookie"])).toMatch(/^staff_session=;.*Expires=Thu, 01 Jan 1970/);

  expect((await harness.app.inject({ url: "/api/escalations", headers: { cookie } })).statusCode).toBe(401);
  expect((await harness.app.inject({ url: "/console", headers: { cookie } })).body).toContain('action="/console/login"');
  expect(await harness.db.prisma.staffSession.count()).toBe(0);
  expect(await harness.db.prisma.auditEntry.count({ where: { action: "logout" } })).toBe(1);
});
