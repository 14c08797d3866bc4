// How sure the understanding layer must be before the bot acts on what it thinks the words are about.

/** Below this the bot asks instead of guessing. */
export const CONFIDENCE_THRESHOLD = 0.7;
