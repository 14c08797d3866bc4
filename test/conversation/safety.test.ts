// Safety in the conversation, not only in the classifier: every kind of danger gets its own first reply, a half
// suspicion of harm gets "Are you safe right now?", domestic abuse gets the helpline and the safe-to-text question
// however the tenant got there, and danger after STOP still reaches staff with its advice sent once.
import type { DangerKind } from "../../src/nlu/danger";
import type { Understanding } from "../../src/nlu/understand";
import { Phone, textAll, understander } from "./fixtures";

/** One message per kind that interrupts, in words of our own, and what the first reply must say. */
const FIRST_REPLIES: [DangerKind, string, RegExp][] = [
  ["fire", "the bins under the stairs are on fire", /^Ring 999 now\. Get everyone out/],
  ["gas", "there's a smell of gas on the landing", /^Gas smell\? Get out now\..*0800 111 999/],
  ["co", "the carbon monoxide alarm in the kitchen is going off", /^Carbon monoxide\?.*0800 111 999/],
  ["self_harm", "honestly i just want to end it all", /^Please ring Samaritans free on 116 123.*999/],
  ["domestic_abuse", "my husband hit me again last night", /National Domestic Abuse Helpline: 0808 2000 247/],
  ["child_at_risk", "the kids next door have been left on their own all weekend", /^If a child is in danger now, ring 999/],
  ["welfare", "my neighbour has fallen and her pendant alarm is not working", /ring 999 now: do not wait for us/],
  ["violence", "he's outside with a knife", /^Ring 999 now if you or anyone is in danger/],
  ["exploitation", "dealers have taken over the flat of the vulnerable man at 14", /ring 999.*safeguarding team today/],
  ["hate", "they pulled my headscarf off in the lift", /report hate crime to the police on 101/],
  ["threat", "the lads on the landing told me to watch my back, they know where i live", /^If you or anyone is in danger now, ring 999/],
  ["electric_danger", "the wires behind the cooker are crackling", /^Do not touch it\./],
  ["flood", "water is pouring through the ceiling onto the light", /^Keep away from wet sockets and lights/],
  ["structural", "the bedroom ceiling is bulging and about to come down", /^Keep everyone out of that room/],
  ["insecure", "someone kicked the front door in and it won't shut now", /^If someone broke in or you are in danger, ring 999/],
  ["lift_entrapment", "my son is stuck in the lift between floors", /^If someone is hurt or unwell in the lift, ring 999/],
];

test.each(FIRST_REPLIES)("%s: the first reply is its own advice and number, then a case at the top of the queue", async (kind, text, advice) => {
  const phone = new Phone();
  const replies = await phone.text(text);
  expect(replies[0]).toMatch(advice);
  expect(phone.eventsOf("case.created")[0]?.case).toMatchObject({ hazard: kind, priority: "emergency" });
  expect(phone.eventsOf("escalation.requested")[0]).toMatchObject({ priority: 1 });
});

/**
 * The emergency repairs with no danger this minute: the repair journey runs (the danger question first, in case),
 * what the words said is not asked again, and the case is an emergency at the top of the queue.
 */
const EMERGENCY_REPAIRS: [DangerKind, string, RegExp, object][] = [
  ["no_water", "we have no water at all, none of the taps work", /Problem: No water at all\nWhere: The whole home/, { category: "no_water" }],
  ["sewage", "sewage is coming up through the bath", /Problem: Toilet, drains, sewage coming up inside/, { category: "toilet" }],
  ["power_loss", "all the power in the flat has gone off", /ring 105/, { category: "electrics" }],
  ["no_heat_vulnerable", "the boiler's broken and I've a 3 week old baby", /Problem: Heating, hot water, no heating/, { category: "heating", vulnerable: true }],
];

test.each(EMERGENCY_REPAIRS)("%s: the repair journey uses the words and raises an emergency", async (kind, text, said, raised) => {
  const phone = new Phone();
  expect(understander.understand(text).dangers).toContain(kind);
  const first = await phone.text(text);
  expect(first.join("\n")).toMatch(/Is there any danger now\?/);
  const conversation = [...(await phone.text("6"))];
  // Answer the first choice of whatever is asked until the tenant confirms the summary.
  for (let turns = 0; turns < 6 && phone.eventsOf("case.created").length === 0; turns += 1) conversation.push(...(await phone.text("1")));
  expect(conversation.join("\n")).toMatch(said);
  expect(conversation.join("\n")).not.toMatch(/Can you stop the water|Is this the only toilet/);
  expect(phone.eventsOf("case.created")[0]?.case).toMatchObject({ type: "repair", priority: "emergency", ...raised });
  expect(phone.eventsOf("escalation.requested")[0]).toMatchObject({ reason: "emergency", priority: 1 });
});

/** The real understanding, told to half-suspect harm in one message: what the classifier does for unclear words. */
function halfSuspecting(text: string) {
  return (words: string): Understanding => {
    const understood = understander.understand(words);
    return words === text ? { ...understood, dangers: [], emergency: false, safeguarding: false, checkSafety: true, dangerScores: { domestic_abuse: 0.3 } } : understood;
  };
}

describe("Are you safe right now?", () => {
  const WORDS = "things at home are not great and he goes mad about the rent";

  test("is asked before anything else when understanding half-suspects harm", async () => {
    const phone = new Phone(undefined, undefined, halfSuspecting(WORDS));
    const replies = await phone.text(WORDS);
    expect(replies).toEqual(["Are you safe right now?\n1 Yes, I am safe\n2 No, I am not safe"]);
    expect(phone.events).toEqual([]);
  });

  test("not safe: the advice for the likeliest harm and a safeguarding case for a person", async () => {
    const phone = new Phone(undefined, undefined, halfSuspecting(WORDS));
    await phone.text(WORDS);
    const replies = await phone.text("no im not");
    expect(replies[0]).toMatch(/National Domestic Abuse Helpline: 0808 2000 247/);
    expect(phone.eventsOf("case.created")[0]?.case).toMatchObject({ type: "safeguarding", category: "domestic_abuse", description: WORDS });
  });

  test("safe: carries on with what they first said, and is not asked again that day", async () => {
    const phone = new Phone(undefined, undefined, halfSuspecting(WORDS));
    await phone.text(WORDS);
    const replies = await phone.text("1");
    expect(replies.join("\n")).not.toMatch(/Are you safe/);
    expect(phone.eventsOf("case.created")).toEqual([]);
    const again = await phone.text(WORDS);
    expect(again.join("\n")).not.toMatch(/Are you safe/);
  });

  test("'not ok' is never read as safe", async () => {
    const phone = new Phone(undefined, undefined, halfSuspecting(WORDS));
    await phone.text(WORDS);
    await phone.text("im not ok");
    expect(phone.eventsOf("case.created")[0]?.case).toMatchObject({ type: "safeguarding" });
  });
});

describe("domestic abuse gets the helpline and the safe-to-text question, however the tenant got there", () => {
  test("said in a first text", async () => {
    const phone = new Phone();
    const replies = await phone.text("he grabbed me by the throat last night, im at my mums");
    expect(replies[0]).toMatch(/National Domestic Abuse Helpline: 0808 2000 247/);
    expect(replies[1]).toBe("Is it safe for us to text you on this number?\n1 Yes\n2 No");
    const told = await phone.text("2");
    expect(told[0]).toMatch(/^We will not text you about this\./);
    expect(phone.eventsOf("case.note_added")).toEqual([{ type: "case.note_added", reference: "S000001", text: "NOT safe to text this number" }]);
  });

  test("described after choosing threats from the nuisance list", async () => {
    const phone = new Phone();
    const menu = await textAll(phone, "hi", "3", "no");
    expect(menu.join("\n")).toMatch(/Threats/);
    const threats = menu.join("\n").match(/(\d) Threats/)![1]!;
    await phone.text(threats);
    const replies = await phone.text("my son keeps hitting me and taking my money");
    expect(replies[0]).toMatch(/National Domestic Abuse Helpline: 0808 2000 247/);
    expect(phone.eventsOf("case.created")[0]?.case).toMatchObject({ type: "safeguarding", category: "domestic_abuse" });
  });

  test("in a web chat, where there is no number to text, says how to reach us safely", async () => {
    const phone = new Phone();
    phone.canReachLater = false;
    const replies = await phone.text("my partner keeps strangling me when he's drunk");
    expect(replies[0]).toMatch(/0808 2000 247/);
    expect(replies[1]).toMatch(/When it is safe, ring 0151 000 0000 and give ref S000001/);
  });
});

describe("after STOP", () => {
  test("danger still reaches staff and its advice is sent once, until START", async () => {
    const phone = new Phone();
    await phone.text("STOP");
    const first = await phone.text("i can smell gas in the hall");
    expect(first).toEqual([expect.stringMatching(/^Gas smell\? Get out now/)]);
    const second = await phone.text("the gas smell is worse now");
    expect(second).toEqual([]);
    expect(phone.eventsOf("escalation.requested")[0]).toMatchObject({ reason: "emergency", priority: 1 });
    expect(phone.eventsOf("case.note_added")).toHaveLength(1);
    expect(phone.eventsOf("consent.changed")).toEqual([{ type: "consent.changed", optedOut: true, keyword: "STOP" }]);
  });

  test("START offers back the journey that was under way", async () => {
    const phone = new Phone();
    await textAll(phone, "hi", "1", "6");
    await phone.text("STOP");
    const replies = await phone.text("START");
    expect(replies[0]).toMatch(/^Texts are back on\. You were telling us about a repair\./);
    expect(replies[1]).toBeDefined();
  });
});
