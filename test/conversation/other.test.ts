// Everything else: a visit, moving home, or a question the bot cannot answer gets information or a request case.
import { Phone, textAll } from "./fixtures";

test("a question the bot cannot answer becomes a request for a person, never a dead end", async () => {
  const phone = new Phone();
  await textAll(phone, "hi");
  expect(await phone.text("7")).toEqual([expect.stringMatching(/^What is it about\?\n1 A visit from your housing officer\n2 Moving home or a swap\n3 Something else/)]);
  expect(await phone.text("3")).toEqual(["Please tell us your question in a few words. A person from our team will answer it.\n1 Changes to my home\n2 Someone moving in or out\n3 Please call me"]);
  expect(await phone.text("can i put a shed in my back garden")).toEqual([
    "Thank you. Your ref is E000001. A person from our team will contact you by Thu 26 Nov.",
  ]);
  expect(phone.eventsOf("case.created")[0]!.case).toMatchObject({ type: "request", category: "question", description: "can i put a shed in my back garden" });
  expect(phone.eventsOf("escalation.requested")).toEqual([{ type: "escalation.requested", reason: "request", priority: 3, caseReference: "E000001" }]);
});

test("moving home gets the plain facts first, and a person only if the tenant wants one", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "7");
  expect(await phone.text("moving")).toEqual([
    "To move, you can swap homes with another tenant (a mutual exchange), or ask to join your council's housing list.",
    "Do you want a person from our team to help you with moving?\n1 Yes please\n2 No, thank you",
  ]);
  expect(await phone.text("yes")).toEqual([expect.stringMatching(/^Thank you\. Your ref is E000001/)]);
  expect(phone.eventsOf("case.created")[0]!.case).toMatchObject({ category: "moving" });
});

test("a visit from the housing officer is booked through a request with what the tenant wants to talk about", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "7", "1");
  await phone.text("my son is moving out and i want to talk about my tenancy");
  expect(phone.eventsOf("case.created")[0]!.case).toMatchObject({ type: "request", category: "visit", description: "my son is moving out and i want to talk about my tenancy" });
});
