import { findWhen } from "../work/main/src/nlu/entities";
const now = new Date("2026-11-23T10:00:00Z");
for (const t of ["every weekend", "last night", "since tuesday", "every night", "saturday night about 11pm", "it happened again yesterday", "this morning", "3 weeks ago", "all the time", "on and off for months"]) console.log(t, "→", findWhen(t, now)?.toISOString());
