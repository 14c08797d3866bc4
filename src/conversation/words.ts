// Words a tenant can send at any time (HELP, MENU, BACK, PERSON, STOP, START), recognised only as the whole message.
export type GlobalWord = "stop" | "start" | "help" | "menu" | "back" | "person";

// Twilio's own opt-out and opt-in keywords: Twilio acts on them, so we must too.
const STOP_WORDS = ["stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"];
const START_WORDS = ["start", "unstop"];
const PHRASES: Record<Exclude<GlobalWord, "stop" | "start">, string[]> = {
  help: ["help", "info", "help me", "what do i do"],
  menu: ["menu", "main menu", "start again", "restart", "0", "home"],
  back: ["back", "go back", "previous"],
  person: [
    "agent",
    "person",
    "human",
    "a person",
    "real person",
    "talk to a person",
    "speak to a person",
    "talk to someone",
    "speak to someone",
    "call me",
    "ring me",
  ],
};

export function normaliseWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function globalWord(text: string, optedOut: boolean): GlobalWord | null {
  const words = normaliseWords(text);
  if (STOP_WORDS.includes(words)) return "stop";
  // "YES" opts back in only for someone who opted out; otherwise it is an answer to a question.
  if (START_WORDS.includes(words) || (optedOut && words === "yes")) return "start";
  for (const [word, phrases] of Object.entries(PHRASES) as [GlobalWord, string[]][]) {
    if (phrases.includes(words)) return word;
  }
  return null;
}
