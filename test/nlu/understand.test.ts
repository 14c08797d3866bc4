// The understanding layer on what tenants actually type, and the `npm run nlu` contract.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { findAppliance, findHeatingDetail, findReference, findRoom, findWhen } from "../../src/nlu/entities";
import { normalise } from "../../src/nlu/normalise";
import { Understander } from "../../src/nlu/understand";

const understander = new Understander();

test.each([
  ["me bolier is broke agen", "repair", "heating_hot_water"],
  ["radiater leakin all over the floor", "repair", null],
  ["the toliet wont flush", "repair", "plumbing"],
  ["naybours music is so loud every nite", "asb", "noise"],
  ["cant aford the rent this month", "payment", "arrears_hardship"],
  ["i want to make a formal complaint", "complaint", null],
  ["wen is sum1 comin to fix my job", "status", null],
  ["can i talk to a real person", "human", null],
  ["i have got a new phone number", "update_details", null],
])("%p is %p", (text, intent, category) => {
  const result = understander.understand(text);
  expect(result.intent).toBe(intent);
  if (category) expect(result.category).toBe(category);
});

test("text-speak is expanded and apostrophes dropped", () => {
  expect(normalise("U can't come 2day, pls txt me")).toBe("you cant come today please text me");
});

test("ordinary English words are not 'corrected' into ours", () => {
  expect(understander.understand("the boiler is fine but the music is doing my head in").corrected).toContain("head");
});

test("rooms and what is not working are found in the words", () => {
  expect(findRoom("the kitchen tap is dripping")).toBe("kitchen");
  expect(findRoom("lift in the block is broken")).toBe("communal");
  expect(findHeatingDetail("no heating and no hot water")).toBe("none");
  expect(findHeatingDetail("no hot water since monday")).toBe("no_hot_water");
  expect(findAppliance("the extractor fan in the bathroom is dead")).toBe("extractor fan");
  expect(findAppliance(understander.understand("me bolier is broke").corrected)).toBe("boiler");
});

test("npm run nlu answers one line of JSON per line of input, in order, and says which lines were bad", () => {
  const input = ['{"id":"1","text":"i can smell gas"}', "oops", '{"id":"3","text":"hello"}'].join("\n");
  const tsx = path.join(__dirname, "..", "..", "node_modules", "tsx", "dist", "cli.mjs");
  const output = execFileSync(process.execPath, [tsx, path.join(__dirname, "..", "..", "scripts", "nlu.ts")], { input }).toString();
  const answers = output.trim().split("\n").map((line) => JSON.parse(line));
  expect(answers[0]).toMatchObject({ id: "1", intent: "repair", emergency: true, safeguarding: false });
  expect(Object.keys(answers[0]).sort()).toEqual(["category", "confidence", "emergency", "id", "intent", "safeguarding"]);
  expect(answers[1]).toEqual({ id: null, error: "not JSON" });
  expect(answers[2]).toMatchObject({ id: "3", intent: "greeting", emergency: false });
});

describe("when it started", () => {
  const monday = new Date("2026-11-23T10:00:00Z");
  test.each([
    ["no hot water since tuesday", "2026-11-17"],
    ["since sat", "2026-11-21"],
    ["it started last night", "2026-11-22"],
    ["leaking for 2 weeks", "2026-11-09"],
    ["for a few days now", "2026-11-20"],
  ])("%p → %p", (text, day) => {
    expect(findWhen(text, monday)?.toISOString().slice(0, 10)).toBe(day);
  });
  test("no time words, no date", () => {
    expect(findWhen("the tap drips", monday)).toBeNull();
  });
});

test("a case reference is found however it is typed", () => {
  expect(findReference("any news on r7kq2mx please")).toBe("R7KQ2MX");
  expect(findReference("my ref is S4K7Q2X")).toBe("S4K7Q2X");
  expect(findReference("room 12345")).toBeNull();
  expect(findReference("they show no respect")).toBeNull();
  expect(findReference("ref RESPECT")).toBe("RESPECT");
});

test("a repair emergency found by the detectors makes the intent a repair, whatever the classifier guessed", () => {
  const result = understander.understand("the heating is off and my grandad is 90 and frozen");
  expect(result).toMatchObject({ intent: "repair", emergency: true, dangers: expect.arrayContaining(["no_heat_vulnerable"]) });
});

test("a number alone says nothing about what the tenant wants", () => {
  for (const text of ["6", "12", "3.", "07700 900123"]) {
    expect(understander.understand(text)).toMatchObject({ intent: "other", confidence: 0 });
  }
});
