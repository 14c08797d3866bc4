// The one table of safety phone numbers (R-EMG-6). Prompts name them as {placeholders}; a test forbids literals.
export const SAFETY_NUMBERS = {
  /** National Gas Emergency Service, free, 24 hours (Great Britain). */
  gasEmergency: "0800 111 999",
  emergency: "999",
  policeNonEmergency: "101",
  powerCut: "105",
  nhsAdvice: "111",
  domesticAbuseHelpline: "0808 2000 247",
  samaritans: "116 123",
  /** Free debt advice (DOMAIN.md: the pre-action protocol expects landlords to point to it). */
  nationalDebtline: "0808 808 4000",
} as const;

export type SafetyNumber = keyof typeof SAFETY_NUMBERS;
