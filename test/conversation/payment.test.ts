// Rent and payments: a balance only after a second identity check, a payment link and never card details, and a
// case for the money team wherever a person must act.
import { Phone, textAll } from "./fixtures";

test("a tenant asks what they owe, proves who they are, and gets the balance, rent and last payment in plain words", async () => {
  const phone = new Phone();
  expect((await phone.text("how much do i owe on my rent"))[1]).toBe(
    "To keep your account safe, what is your date of birth? Like 14 3 1968. Or send your tenancy ref.",
  );
  expect(await phone.text("14 3 1948")).toEqual([
    "You owe £205.50. Your rent is £102.75 a week. Next rent due: Mon 30 Nov. Pay at merseyhomes.org/pay",
    "Your last payment was £102.75 on Mon 16 Nov. Reply MENU for more help.",
  ]);
  expect(JSON.stringify(phone.state)).not.toContain("1948"); // a security answer is never kept
  // Asked again soon after, the check is not repeated.
  expect((await textAll(phone, "whats my balance"))[0]).toMatch(/^You owe £205\.50/);
});

test("three wrong answers lock balance look-ups and tell staff; a later ask is refused without a question", async () => {
  const phone = new Phone();
  await phone.text("rent balance please");
  expect(await phone.text("1 1 1980")).toEqual([
    "Sorry, that does not match what we have. Tries left: 2.",
    expect.stringMatching(/^To keep your account safe, what is your date of birth\?/),
  ]);
  await phone.text("T999999");
  expect(await phone.text("2 2 1950")).toEqual([expect.stringMatching(/^Sorry, that does not match\. To keep your account safe we cannot do this by text/)]);
  expect(phone.eventsOf("escalation.requested")).toEqual([{ type: "escalation.requested", reason: "identity_failed", priority: 3 }]);
  phone.wait(10);
  expect(await phone.text("how much do i owe")).toEqual([expect.stringMatching(/^To keep your account safe we cannot do this by text today/)]);
  phone.wait(24 * 60);
  expect(await phone.text("how much do i owe")).toEqual([expect.stringMatching(/^Welcome back|^To keep your account safe, what is your date of birth/)]);
});

test("an answer that is not a date of birth or a reference is asked again, and does not count as a wrong try", async () => {
  const phone = new Phone();
  await phone.text("whats my rent balance");
  expect(await phone.text("yes")).toEqual(["Please send your date of birth, like 14 3 1968, or your tenancy ref, like T100001."]);
  expect(phone.state?.security?.failures ?? 0).toBe(0);
  expect((await phone.text("14 3 1948"))[0]).toMatch(/^You owe/);
});

test("a number that is not on a tenancy is never given a balance", async () => {
  const phone = new Phone(undefined, null);
  expect((await phone.text("what do i owe"))[1]).toBe(
    "We can only give money details to the phone number on your tenancy. Ring 0151 000 0000, or reply PERSON.",
  );
});

test("a tenant who cannot pay is met kindly, gets a case for the money team with their words, and free advice", async () => {
  const phone = new Phone();
  const replies = await phone.text("i cant pay my rent this week, i lost my job");
  expect(replies.slice(1)).toEqual([
    "Thank you for telling us. We want to help. Our money team can agree a plan you can afford.",
    "Thank you. Your ref is P000001. A person from our money team will contact you soon.",
    "Free, private debt advice: National Debtline 0808 808 4000, or Citizens Advice.",
  ]);
  expect(phone.eventsOf("case.created")[0]!.case).toMatchObject({ type: "payment", category: "hardship", description: "i cant pay my rent this week, i lost my job" });
  expect(phone.eventsOf("escalation.requested")).toEqual([{ type: "escalation.requested", reason: "rent_hardship", priority: 2, caseReference: "P000001" }]);
});

test("'I can't pay' is hardship even when it names Universal Credit", async () => {
  const phone = new Phone();
  const replies = await phone.text("i cant pay this week, my universal credit is late");
  expect(replies[1]).toBe("Thank you for telling us. We want to help. Our money team can agree a plan you can afford.");
  expect(phone.eventsOf("case.created")[0]!.case).toMatchObject({ category: "hardship" });
});

test("Breathing Space or a mental health crisis goes to the top of the queue", async () => {
  const phone = new Phone();
  await textAll(phone, "hi", "4", "3");
  await phone.text("I am in breathing space and my mental health is bad");
  expect(phone.eventsOf("escalation.requested")).toEqual([expect.objectContaining({ reason: "rent_hardship", priority: 1 })]);
});

test("how to pay sends the secure link and warns never to text card details", async () => {
  const phone = new Phone();
  expect((await phone.text("how do i pay my rent"))[1]).toBe(
    "Pay safely online at merseyhomes.org/pay, or ring 0151 000 0000. Never send card details by text or chat.",
  );
});

test("a card number typed anywhere gets a warning first, and the journey goes on", async () => {
  const phone = new Phone();
  await textAll(phone, "hi");
  const replies = await phone.text("my card is [card number removed]", { cardRedacted: true });
  expect(replies[0]).toBe("Please never text card numbers. We have deleted it. To pay, use merseyhomes.org/pay");
});

test("Direct Debit and Universal Credit questions get plain answers, and a case when the tenant wants help", async () => {
  const phone = new Phone();
  expect((await phone.text("can i pay by direct debit"))[1]).toMatch(/^Direct Debit pays your rent on the same day each month/);
  expect(await phone.text("yes")).toEqual(["Thank you. Your ref is P000001. Our money team will contact you by Wed 25 Nov."]);
  expect(phone.eventsOf("case.created")[0]!.case).toMatchObject({ type: "payment", category: "direct_debit" });

  const other = new Phone();
  const replies = await other.text("my universal credit has changed");
  expect(replies[1]).toMatch(/^Universal Credit: tell them when your rent changes/);
  expect(replies[2]).toMatch(/^Do you want our money team to help you with this\?/);
  expect(await other.text("no")).toEqual(["OK. Reply MENU if you need anything else."]);
  expect(other.eventsOf("case.created")).toEqual([]);
});
