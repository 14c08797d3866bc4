// Turns what tenants type into plain lower-case words: text-speak expanded, apostrophes and punctuation dropped.
const TEXT_SPEAK: Record<string, string> = {
  u: "you", ya: "you", ur: "your", yr: "your", r: "are", pls: "please", plz: "please", plse: "please",
  thx: "thanks", thanx: "thanks", ty: "thanks", cos: "because", coz: "because", cuz: "because", bc: "because",
  wen: "when", wot: "what", wat: "what", wht: "what", thru: "through", tho: "though", nite: "night",
  "2nite": "tonight", "2day": "today", "2moro": "tomorrow", tmrw: "tomorrow", b4: "before", cud: "could",
  wud: "would", shud: "should", aint: "isnt", gonna: "going to", wanna: "want to", gotta: "got to",
  ppl: "people", txt: "text", msg: "message", msgs: "messages", n: "and", nxt: "next", hse: "house",
  bthrm: "bathroom", kitchn: "kitchen", agen: "again", agin: "again", im: "i am",
  ive: "i have", idk: "i dont know", asap: "soon", ffs: "", omg: "", pmsl: "", lol: "lol", k: "ok", kk: "ok",
  okay: "ok", yh: "yes", yeh: "yes", ye: "yes", naw: "no", nah: "no", luv: "love", hun: "",
  neighbor: "neighbour", neighbors: "neighbours", rn: "now", atm: "now", wk: "week", wks: "weeks",
  hrs: "hours", mins: "minutes", bf: "boyfriend", gf: "girlfriend", dd: "direct debit",
  uc: "universal credit", hb: "housing benefit", asb: "anti social behaviour",
};

export function normalise(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['\u2019`]/g, "")
    .replace(/[^a-z0-9£ ]+/g, " ")
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => TEXT_SPEAK[word] ?? word)
    .filter((word) => word.length > 0);
  return words.join(" ");
}
