// What a channel sends is cleaned before it is kept: control bytes out, lone surrogates replaced, NFC, and a length
// cut that never leaves half a character.
import { cleanInboundId, cleanInboundText, storableJson } from "../../src/channels/text";

const WOMAN_TECHNOLOGIST = "👩🏽‍💻"; // one grapheme of four code points (a ZWJ sequence with a skin tone)

describe("cleanInboundText", () => {
  test("NUL and other control characters go; line breaks and tabs stay, with \\r\\n and \\r as \\n", () => {
    expect(cleanInboundText("my\u0000 boiler\u0007 is\u001b broke\u007f\u0085", 100)).toBe("my boiler is broke");
    expect(cleanInboundText("line one\r\nline two\rline three\n\tindented", 100)).toBe("line one\nline two\nline three\n\tindented");
  });

  test("a lone surrogate, high or low, becomes U+FFFD; a pair stays", () => {
    expect(cleanInboundText("a\uD800b", 100)).toBe("a\uFFFDb");
    expect(cleanInboundText("a\uDC00b", 100)).toBe("a\uFFFDb");
    expect(cleanInboundText("\uDC00\uD800", 100)).toBe("\uFFFD\uFFFD");
    expect(cleanInboundText("ends high \uD83D", 100)).toBe("ends high \uFFFD");
    expect(cleanInboundText("leak 💧", 100)).toBe("leak 💧");
  });

  test("text is normalised to NFC and trimmed", () => {
    expect(cleanInboundText("  cafe\u0301  \n", 100)).toBe("caf\u00e9");
    expect(cleanInboundText("\u0000 \t \r\n", 100)).toBe("");
  });

  test("the cut counts code points, not UTF-16 units", () => {
    expect(cleanInboundText("💧".repeat(5), 5)).toBe("💧".repeat(5));
    expect(cleanInboundText("💧".repeat(6), 5)).toBe("💧".repeat(5));
    expect(cleanInboundText("x".repeat(10_000), 2000)).toHaveLength(2000);
  });

  test("the cut never leaves half an emoji or a letter without its accent", () => {
    const text = `${"a".repeat(8)}${WOMAN_TECHNOLOGIST}`;
    expect(cleanInboundText(text, 10)).toBe("a".repeat(8));
    expect(cleanInboundText(text, 12)).toBe(text);
    expect(cleanInboundText(`${"a".repeat(9)}e\u0301\u0323`, 10)).toBe("a".repeat(9)); // e with two accents: no NFC form
    expect(cleanInboundText("🇬🇧🇬🇧", 3)).toBe("🇬🇧");
  });

  test("a single grapheme longer than the limit is cut between code points rather than lost", () => {
    const zalgo = `a${"\u0301".repeat(50)}`;
    expect(Array.from(cleanInboundText(zalgo, 10))).toHaveLength(10);
  });

  test("right-to-left and zero-width characters are text, and stay", () => {
    expect(cleanInboundText("\u202Eمرحبا\u200B\u200F", 100)).toBe("\u202Eمرحبا\u200B\u200F");
  });

  test("space left at the cut is trimmed", () => {
    expect(cleanInboundText("one two", 4)).toBe("one");
  });
});

describe("cleanInboundId", () => {
  test("an id loses every control character, line breaks too, and is cut", () => {
    expect(cleanInboundId("c-1\n\u0000\t2", 100)).toBe("c-12");
    expect(cleanInboundId(" SM\uD800123 ", 100)).toBe("SM\uFFFD123");
    expect(cleanInboundId("x".repeat(300), 250)).toHaveLength(250);
  });
});

describe("storableJson", () => {
  test("strings anywhere, keys too, lose NUL and lone surrogates; everything else is as it was", () => {
    const reference = { user: { id: "29:a\u0000b", name: "Ann\uD800" }, list: ["\uDC00", 1, null, true], "k\u0000": "v\n" };
    expect(storableJson(reference)).toEqual({ user: { id: "29:ab", name: "Ann\uFFFD" }, list: ["\uFFFD", 1, null, true], k: "v\n" });
  });
});
