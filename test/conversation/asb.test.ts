// Noise and nuisance: safety first, plain categories, dates from the tenant's words, risk, the Case Review, and
// further incidents added to an open case.
import { Phone, textAll } from "./fixtures";

const openNoise = { reference: "A7KQ2MX", category: "noise", priority: "medium", status: "open", dueAt: new Date("2026-11-27T23:59:59Z") };

test("told in words, the report skips what the tenant already said and turns 'every weekend' into dates", async () => {
  const phone = new Phone(); // Monday 23 Nov 2026
  expect(await phone.text("the neighbours play loud music every weekend")).toEqual([
    expect.stringContaining("This is Mersey Homes"),
    "Is anyone in danger right now?\n1 Yes\n2 No",
  ]);
  expect(await phone.text("no")).toEqual(["Is it still going on?\n1 Yes\n2 No"]);
  expect(await phone.text("yes")).toEqual([expect.stringMatching(/^Where does it happen\?\n1 At or next to my home/)]);
  expect(await textAll(phone, "1", "yes")).toEqual(["Who is it? A name or a flat number is fine. We will not tell them you told us."]);
  expect(await phone.text("flat 14 above me")).toEqual([expect.stringMatching(/^How does it affect you or your family\?/)]);
  await textAll(phone, "cant sleep", "no", "3", "2");
  expect(phone.state?.step).toBe("confirm");
  const done = await phone.text("1");
  expect(done).toEqual(["Thank you. Your ref is A000001. An officer will contact you by Thu 26 Nov."]);

  const [created] = phone.eventsOf("case.created");
  expect(created!.case).toMatchObject({
    type: "asb",
    category: "noise",
    priority: "medium",
    location: "home",
    description: "the neighbours play loud music every weekend",
    details: expect.objectContaining({ howOften: "every weekend", who: "flat 14 above me", effect: "sleep", stillGoingOn: true }),
  });
  expect(created!.case.details.happenedAt).toBe("2026-11-21T12:00:00.000Z"); // the Saturday just gone
  expect(phone.eventsOf("escalation.requested")).toEqual([]);
});

test("from the menu, the questions come one at a time and 'last night' is a date", async () => {
  const phone = new Phone();
  await phone.text("hi");
  expect(await textAll(phone, "3", "2")).toEqual([expect.stringMatching(/^What is it about\?\n1 Noise\n2 Threats, violence/)]);
  expect(await phone.text("graffiti")).toEqual(["When did it happen? Like: last night, or every weekend.\n1 Today\n2 Last night\n3 Earlier this week\n4 It keeps happening"]);
  expect(await phone.text("last night")).toEqual(["How often does it happen?\n1 Just once\n2 A few times\n3 Most days or every week"]);
  expect(await phone.text("once")).toEqual([expect.stringMatching(/^Where does it happen\?/)]);
  await textAll(phone, "3", "no", "someone sprayed the bus shelter", "4", "no", "no", "yes");
  expect(phone.state?.step).toBe("confirm");
  expect(await phone.text("1")).toEqual(["Thank you. Your ref is A000001. An officer will contact you by Mon 30 Nov."]);
  const [created] = phone.eventsOf("case.created");
  expect(created!.case).toMatchObject({ category: "vandalism_graffiti", priority: "standard", details: expect.objectContaining({ evidence: true }) });
  expect(created!.case.details.happenedAt).toBe("2026-11-22T00:00:00.000Z");
});

test("someone in danger now is told to ring 999 at once and a person is alerted, and the report goes on", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "3");
  const replies = await phone.text("yes");
  expect(replies[0]).toMatch(/^Ring 999 now/);
  expect(replies[1]).toMatch(/^What is it about\?/);
  expect(phone.eventsOf("escalation.requested")).toEqual([{ type: "escalation.requested", reason: "safeguarding", priority: 1 }]);
});

test("a hate incident is recorded as one, goes to a person the same day, and the tenant hears of the Case Review", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "3", "no");
  expect(await phone.text("7")).toEqual([
    "We will record this as a hate incident. We are sorry this happened to you.",
    "When did it happen? Like: last night, or every weekend.\n1 Today\n2 Last night\n3 Earlier this week\n4 It keeps happening",
  ]);
  await textAll(phone, "this morning", "1", "2", "no", "they shouted at me because of my religion", "1", "no", "no", "no");
  const done = await phone.text("yes");
  expect(done[0]).toBe("Thank you. Your ref is A000001. A person from our team will contact you by the end of Mon 23 Nov.");
  expect(done[1]).toMatch(/^As this is a hate incident, you can ask for an ASB Case Review/);
  expect(phone.eventsOf("case.created")[0]!.case).toMatchObject({ priority: "high", details: expect.objectContaining({ hateIncident: true }) });
  expect(phone.eventsOf("escalation.requested")).toEqual([{ type: "escalation.requested", reason: "high_risk_asb", priority: 1, caseReference: "A000001" }]);
});

test("abuse at home gets the helpline in the same reply, is asked if texting is safe, and goes straight to a person", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "3", "no");
  const replies = await phone.text("8");
  expect(replies[0]).toMatch(/^If you are in danger now, ring 999\. National Domestic Abuse Helpline: 0808 2000 247/);
  expect(replies[1]).toMatch(/^Is it safe for us to text you on this number\?/);
  expect(await phone.text("no")).toEqual(["We will not text you about this. When it is safe, ring 0151 000 0000 and give ref S000001."]);
  expect(phone.eventsOf("case.created")[0]!.case).toMatchObject({ type: "safeguarding", category: "domestic_abuse", details: { safeToText: false } });
  expect(phone.eventsOf("escalation.requested")).toEqual([expect.objectContaining({ reason: "safeguarding", priority: 1, caseReference: "S000001" })]);
});

test("in a web chat, abuse at home is not asked about texting a number: the tenant is told how to reach us safely", async () => {
  const chat = new Phone("2026-11-23T10:00:00Z", null);
  chat.canReachLater = false;
  await textAll(chat, "hi", "3", "no");
  const replies = await chat.text("8");
  expect(replies[0]).toMatch(/National Domestic Abuse Helpline: 0808 2000 247/);
  expect(replies[1]).toBe("When it is safe, ring 0151 000 0000 and give ref S000001. Or tell us here a safe way and time to contact you.");
  expect(chat.eventsOf("escalation.requested")).toEqual([expect.objectContaining({ reason: "safeguarding", priority: 1 })]);
});

test("the third report in six months is high risk and the tenant is told of their right to a Case Review", async () => {
  const phone = new Phone();
  phone.asbReports = 2;
  await textAll(phone, "people dealing drugs on the landing", "no", "last night", "3", "yes", "2", "no", "4", "no", "no", "no");
  const done = await phone.text("1");
  expect(done[0]).toMatch(/A person from our team will contact you/);
  expect(done[1]).toBe(
    "You have told us about 3 problems in 6 months. You can ask for an ASB Case Review, to check what is being done. Reply PERSON to ask.",
  );
  expect(phone.eventsOf("case.created")[0]!.case.details).toMatchObject({ riskReason: "Repeated: 3 reports in the Case Review window" });
});

test("'it happened again' adds an incident to the open case instead of opening a new one", async () => {
  const phone = new Phone();
  phone.asbOpen = openNoise;
  phone.asbReports = 1;
  expect((await phone.text("the noise happened again last night"))[1]).toBe("Is this about your report A7KQ2MX, noise?\n1 Yes, it happened again\n2 No, something new");
  expect(await phone.text("1")).toEqual(["Thank you. We have added this to ref A7KQ2MX. Your officer will see it."]);
  expect(phone.eventsOf("case.created")).toEqual([]);
  expect(phone.eventsOf("case.incident_added")).toEqual([
    { type: "case.incident_added", reference: "A7KQ2MX", text: "the noise happened again last night", happenedAt: "2026-11-22T00:00:00.000Z" },
  ]);
});

test("from the menu, an incident on the open case asks when and what, and the third report brings the Case Review", async () => {
  const phone = new Phone();
  phone.asbOpen = openNoise;
  phone.asbReports = 2;
  await textAll(phone, "hi", "3");
  expect(await phone.text("yes")).toEqual(["When did it happen this time? Like: last night at 11.\n1 Today\n2 Last night\n3 Earlier this week\n4 It keeps happening"]);
  expect(await phone.text("saturday about 2am")).toEqual(["What happened this time? Tell us in a few words.\n1 Loud music or noise\n2 Shouting or fighting\n3 Late night parties"]);
  const done = await phone.text("banging and shouting again");
  expect(done[0]).toBe("Thank you. We have added this to ref A7KQ2MX. Your officer will see it.");
  expect(done[1]).toMatch(/^You have told us about 3 problems in 6 months/);
  expect(phone.eventsOf("escalation.requested")).toEqual([expect.objectContaining({ reason: "high_risk_asb", caseReference: "A7KQ2MX" })]);
});
