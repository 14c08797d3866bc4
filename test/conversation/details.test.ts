// Contact details: a new number is confirmed with a code sent to it before it is saved; an email and how the tenant
// wants to hear from us are saved after the second identity check; an unknown number proves who it is first.
import { KNOWN, Phone, textAll } from "./fixtures";

test("a new phone number gets a code, and is saved only when the code comes back", async () => {
  const phone = new Phone();
  expect((await phone.text("i have a new phone number"))[1]).toMatch(/^To keep your account safe, what is your date of birth\?/);
  expect(await phone.text("14 3 1948")).toEqual(["What is your new phone number?"]);
  expect(await phone.text("07700 900999")).toEqual(["We have sent a code to +44770090****. Please text the code here."]);
  expect(phone.eventsOf("message.send")).toEqual([
    {
      type: "message.send",
      channel: "sms",
      to: "+447700900999",
      text: "Mersey Homes: your code is 481516. Text it to us from your old number to confirm. Not you? Ignore this text.",
    },
  ]);
  expect(phone.eventsOf("tenant.contact_changed")).toEqual([]);
  expect(await phone.text("111111")).toEqual(["Sorry, that code is not right. Tries left: 2.", "Please text the 6 numbers of the code we sent to your new phone."]);
  expect(await phone.text("481 516")).toEqual(["Done. We will use +44770090**** from now on. Reply MENU for more help."]);
  expect(phone.eventsOf("tenant.contact_changed")).toEqual([
    { type: "tenant.contact_changed", tenantId: KNOWN.tenantId, field: "phone", value: "+447700900999" },
  ]);
});

test("a code that has run out, or a number on someone else's account, saves nothing", async () => {
  const phone = new Phone();
  await textAll(phone, "change my phone number", "14 3 1948", "07700900999");
  phone.wait(16);
  expect(await phone.text("481516")).toEqual(["Sorry, that code has run out, so we have not saved the number. Reply MENU to try again."]);

  const other = new Phone();
  await textAll(other, "change my phone number", "14 3 1948");
  expect(await other.text("07700 900102")).toEqual(["That number is on another account. Reply PERSON and someone from our team will sort it out."]);
  expect([...phone.eventsOf("tenant.contact_changed"), ...other.eventsOf("message.send")]).toEqual([]);
});

test("an email and a contact preference are saved after the check", async () => {
  const phone = new Phone();
  await textAll(phone, "i want to update my email address", "T100001");
  expect(await textAll(phone, "my email is Maureen.K@Example.org")).toEqual(["Done. We have saved maureen.k@example.org. Reply MENU for more help."]);
  await textAll(phone, "menu", "6", "3");
  expect(await phone.text("whatsapp")).toEqual(["Done. We will contact you by whatsapp from now on. Reply MENU for more help."]);
  expect(phone.eventsOf("tenant.contact_changed").map((event) => [event.field, event.value])).toEqual([
    ["email", "maureen.k@example.org"],
    ["contactPreference", "whatsapp"],
  ]);
});

test("a new number or email in the first text is not asked for again", async () => {
  const phone = new Phone();
  await phone.text("my new mobile is 07700 900777");
  expect(await phone.text("14 3 1948")).toEqual(["We have sent a code to +44770090****. Please text the code here."]);
  expect(phone.eventsOf("message.send")[0]).toMatchObject({ to: "+447700900777" });
});

test("a tenant texting from a new number proves who they are and saves it as theirs", async () => {
  const phone = new Phone(undefined, null);
  expect((await phone.text("this is my new number"))[1]).toBe("We do not know this number yet. First we need to check who you are.");
  await textAll(phone, "L4 0TH", "12");
  expect(await phone.text("14 3 1948")).toEqual([
    "Thank you. Do you want us to use this number, +44770090****, to contact you from now on?\n1 Yes\n2 No",
  ]);
  expect(await phone.text("yes")).toEqual(["Done. We will use +44770090**** from now on. Reply MENU for more help."]);
  expect(phone.eventsOf("tenant.contact_changed")).toEqual([
    { type: "tenant.contact_changed", tenantId: "tenant-1", field: "phone", value: "+447700900101" },
  ]);
});
