// The danger detector: the kinds of danger found in what tenants actually type, and ordinary repairs left alone.
import { detectDanger } from "../../src/nlu/danger";

test.each([
  ["I can smell gas", "gas"],
  ["smells of gas in the kitchen", "gas"],
  ["i think there is a gas leak", "gas"],
  ["GAS SMELL!!!", "gas"],
  ["the co alarm is beeping", "co"],
  ["fire in the bin store", "fire"],
  ["theres smoke coming out the plug", "fire"],
  ["sparks from the socket", "electric_danger"],
  ["burning smell from the fuse box", "electric_danger"],
  ["exposed wires in the hall", "electric_danger"],
  ["water coming through the light", "flood"],
  ["theres water comin thru the ceiling onto the light", "flood"],
  ["the kitchen is flooded", "flood"],
  ["burst pipe under the sink", "flood"],
  ["my neighbour threatened me", "threat"],
  ["my ex boyfriend keeps hitting me", "domestic_abuse"],
  ["i want to kill myself", "self_harm"],
])("%p is %p", (text, kind) => {
  expect(detectDanger(text)[0]).toBe(kind);
});

test.each(["kitchen tap wont stop drippin", "no hot water since sat boiler just clicks", "the light in the hall has gone", "my fence panel blew down", "mould in the bathroom"])(
  "%p is not danger",
  (text) => {
    expect(detectDanger(text)).toEqual([]);
  },
);

test("a danger buried in a long message is found", () => {
  const text = "hi its maureen from number 12 the boiler has been playing up all week and now i can smell gas near the cooker";
  expect(detectDanger(text)).toContain("gas");
});
