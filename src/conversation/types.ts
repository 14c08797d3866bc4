// The shapes the conversation engine works in: state, input, output, domain events and flow steps.
import type { ContentKey } from "../../dialogs/content/en";
import type { Intent } from "../../dialogs/nlu/intents";
import type { DangerKind } from "../nlu/danger";
import type { Understanding } from "../nlu/understand";
import type { AsbRisk, CaseReviewPolicy } from "../asb/risk";
import type { OpeningHours } from "../handoff/hours";
import type { Deadline, Priority, RepairPolicy } from "../repairs/priority";

/** sms and whatsapp come through Twilio; webchat is our Direct Line (/chat); microsoft is the Agents SDK (Teams, Azure Web Chat). */
export type Channel = "sms" | "whatsapp" | "webchat" | "microsoft";

export type Slots = Record<string, string | undefined>;

export interface Identity {
  tenantId: string | null;
  homeId: string | null;
  /** How we know: the number is on a tenancy ("phone"), or a postcode and house number matched a home ("address"). */
  source: "phone" | "address" | null;
}

export type Interrupt = "resume" | "offer_person" | "frustrated" | "guess" | "unpark" | "safety";

export interface Position {
  flow: string;
  step: string;
  slots: Slots;
}

/** Everything the bot remembers about one conversation between turns. Stored as JSON; `schema` versions it. */
export interface ConversationState {
  schema: 1;
  flow: string | null;
  step: string | null;
  slots: Slots;
  /** Where the tenant has been in this flow, newest last, for BACK. */
  trail: Position[];
  misses: number;
  interrupt: Interrupt | null;
  optedOut: boolean;
  greeted: boolean;
  identity: Identity;
  lastInboundAt: string | null;
  handoffRequestedAt: string | null;
  /** Dangers already raised to a person at a higher priority during this wait (src/conversation/worseWhileWaiting.ts). */
  raisedWhileWaiting?: string[];
  /** The intents offered when the bot was not sure what a free-text message was about. */
  guesses?: string[];
  /** Set once a person has been offered because the tenant was frustrated, so it is offered once, not every text. */
  frustrationOffered?: boolean;
  /** A half-finished journey the tenant left for another ("actually it's about my rent"), offered back later. */
  parked?: Position & { trail: Position[] };
  /** "Are you safe right now?" was asked about these words (understanding half-suspected a person at risk). */
  safetyCheck?: { text: string; askedAt: string };
  /** Danger kinds whose safety advice went out once after STOP: it is not repeated until START. */
  advisedWhileOptedOut?: string[];
  /** The second identity check before money matters: when it passed, and wrong answers since (3 lock it). */
  security?: { verifiedAt?: string; failures: number; lockedAt?: string };
  /**
   * A question we sent unprompted (how happy the tenant is with a repair just done): the next text is read as its
   * answer when it is one, and understood as usual when not (src/conversation/asked.ts).
   */
  asked?: Position & { askedAt: string };
}

export interface TurnInput {
  text: string;
  mediaCount: number;
  /** The content type of each photo, video or voice note, when the channel says. */
  mediaTypes?: string[];
  /** A person on the staff holds this conversation: the bot stays quiet, but still honours STOP and answers danger. */
  heldByPerson?: boolean;
  /** A card number was blanked out of the text before anything stored or read it: the tenant is warned. */
  cardRedacted?: boolean;
  /** Set when Twilio's own keyword handling has already answered the tenant (Advanced Opt-Out). */
  handledKeyword?: "STOP" | "START" | "HELP";
}

/** A button a tenant can tap instead of typing: tapping it sends `label` as their message. */
export interface Tap {
  label: string;
  /** An emoji from the content catalogue, shown beside the label where the channel can (dialogs/content/icons.ts). */
  icon: string;
  /** Raises an emergency: the web chat will not take a tap on it in the moment it is drawn (a double tap). */
  danger?: boolean;
  /** Web chat only: this answer is typed on a number pad, and tapping it opens one (src/channels/directline). */
  keypad?: Keypad;
}

/** A question whose answer is a number a tenant types, where a number pad helps: a phone number. */
export type Keypad = "phone";

/** What a message says as the content catalogue's key and values, for channels that word it their own way. */
export interface Said {
  key: ContentKey;
  vars: Vars;
}

export interface OutboundMessage {
  text: string;
  /** Numbered choices, rendered per channel: a list in SMS, buttons where the channel has them. */
  choices: string[];
  /**
   * What a channel with buttons shows: each choice with its icon, or, at a question that wants the tenant's own
   * words, answers they can tap so nobody has to type. Channels without buttons show only `choices`.
   */
  taps: Tap[];
  /** The key it was rendered from: a channel may have its own wording of it ("key.webchat" in the catalogue). */
  said?: Said;
  /** The answer is typed and is a phone number: a channel that can offers a number pad for it. */
  keypad?: Keypad;
}

/** The letter a case reference starts with says what it is, for staff: R repair, S safeguarding, A noise or nuisance,
 * C complaint, P rent and payments, E anything else the tenant asked for. */
export type ReferencePrefix = "R" | "S" | "A" | "C" | "P" | "E";

export type CaseType = "repair" | "safeguarding" | "asb" | "complaint" | "payment" | "request";

export interface NewCase {
  reference: string;
  type: CaseType;
  /** Repairs and emergencies: emergency, urgent or routine. Noise and nuisance: the risk, high, medium or standard. */
  priority: Priority | AsbRisk;
  category: string;
  hazard?: string;
  location?: string;
  description: string;
  vulnerable?: boolean;
  access?: string;
  details: Record<string, string | number | boolean | undefined>;
  reportedAt: Date;
  dueAt: Date;
  deadlines: Deadline[];
  tenantId: string | null;
  homeId: string | null;
  verified: boolean;
  /** A number to call or text given by someone we could not identify and cannot reach later (the web chat). */
  contactPhone?: string;
}

export type EscalationReason =
  | "asked_for_person"
  | "emergency"
  | "safeguarding"
  | "not_understood"
  | "health_risk"
  | "needs_staff"
  | "frustration"
  | "high_risk_asb"
  | "rent_hardship"
  | "identity_failed"
  | "request"
  | "unreadable"
  | "complaint"
  | "fault"
  /** A visit to book by a person: no slot suited the tenant, none was free, the scheduler was away, or two were missed. */
  | "booking"
  /** Waiting for or talking to a person, the tenant said something the repair rules make more urgent. */
  | "worse_while_waiting";

export type DomainEvent =
  | { type: "case.created"; case: NewCase }
  | { type: "case.note_added"; reference: string; text: string }
  /** Another incident on an open noise or nuisance case ("it happened again"): counts towards a Case Review. */
  | { type: "case.incident_added"; reference: string; text: string; happenedAt?: string }
  | { type: "escalation.requested"; reason: EscalationReason; priority: 1 | 2 | 3; caseReference?: string }
  | { type: "consent.changed"; optedOut: boolean; keyword: string }
  | { type: "tenant.identified"; tenantId: string | null; homeId: string | null }
  | { type: "case.home_linked"; reference: string; tenantId: string | null; homeId: string }
  /** A message to another address than the tenant's own: a confirmation code to a new number. */
  | { type: "message.send"; channel: Channel; to: string; text: string }
  | { type: "tenant.contact_changed"; tenantId: string; field: "phone" | "email" | "contactPreference"; value: string }
  /** The tenant's answer to "how happy are you with the repair?", 1 (very unhappy) to 5 (very happy). */
  | { type: "case.satisfaction_recorded"; reference: string; score: number }
  /** A visit booked in the conversation; `replaces` is the appointment it moved, when the tenant changed one. */
  | { type: "appointment.booked"; reference: string; bookingId: string; date: string; timeOfDay: string; replaces?: string }
  | { type: "appointment.cancelled"; reference: string; appointmentId: string; reason: string };

/**
 * Why a message is kept for a person to check what the bot understood: the bot offered guesses or could not tell
 * ("unsure"), the tenant chose other than the bot's best guess ("rerouted"), or it raised safeguarding.
 */
export type ReviewReason = "unsure" | "rerouted" | "safeguarding";

/** A message to keep for review, with what the bot made of it (src/conversation/review.ts). */
export interface ReviewNote {
  reason: ReviewReason;
  /** The tenant's words as the turn read them: card numbers were blanked before that. */
  text: string;
  intent: Intent;
  confidence: number;
  dangers: DangerKind[];
  /** For "rerouted": what the tenant chose instead. */
  tenantChose?: Intent;
}

export interface TurnResult {
  state: ConversationState;
  messages: OutboundMessage[];
  events: DomainEvent[];
  /** Messages to keep for a person to review; the caller stores them with the turn. */
  reviews: ReviewNote[];
}

export interface HomeMatch {
  homeId: string;
  tenantId: string | null;
}

/** Finds a home from what an unknown texter tells us, and whose a number is. The one real implementation reads the database. */
export interface HomeDirectory {
  findHome(postcode: string, houseNumber: string): Promise<HomeMatch | null>;
  /** The tenant a phone number (E.164) is on, if any. */
  phoneOwner(phone: string): Promise<string | null>;
}

export interface LandlordSettings {
  name: string;
  phone: string;
  privacyUrl: string;
  officeHours: string;
  /** The landlord's secure payment page: tenants are sent here, never asked for card details. */
  paymentUrl: string;
}

export interface CaseSummary {
  reference: string;
  category: string;
  priority: string;
  status: string;
  dueAt: Date;
  /** The latest news from the housing system about it (notes aside), if any. */
  progress?: CaseProgress;
}

export interface CaseProgress {
  type: "operative_assigned" | "appointment_set" | "no_access" | "awaiting_parts" | "completed" | "cancelled";
  at: Date;
  /** For appointment_set: the day (YYYY-MM-DD) and the time of day ("AM", "PM" or "HH:MM-HH:MM"). */
  appointment?: { date: string; timeOfDay: string };
}

/** Who is asking: only their own cases are ever shown (never another tenant's). */
export interface Asker {
  address: string;
  tenantId: string | null;
}

/** What one tenant has told us about noise and nuisance: for the Case Review and for "it happened again". */
export interface AsbHistory {
  /** Separate reports (new cases and incidents added to them) since the date asked about. */
  reports: number;
  /** The newest open noise or nuisance case, if any. */
  open: CaseSummary | null;
}

/** The tenant's own cases. The one real implementation reads the database. */
export interface CaseLookup {
  openRepairs(asker: Asker): Promise<CaseSummary[]>;
  /** The repair most recently completed or cancelled by the housing system since `since`, if any. */
  recentlyFinishedRepair(asker: Asker, since: Date): Promise<CaseSummary | null>;
  repairByReference(reference: string, asker: Asker): Promise<CaseSummary | null>;
  asbHistory(asker: Asker, since: Date): Promise<AsbHistory>;
}

export interface RentStatement {
  /** Positive: money the tenant owes. Negative: money in credit. */
  balancePence: number;
  weeklyRentPence: number;
  nextDueOn: Date;
  lastPayment: { amountPence: number; on: Date } | null;
}

/** Rent accounts. The one real implementation reads the database (src/rent/accounts.ts). */
export interface RentAccounts {
  /** Whether the answer is the tenant's date of birth or tenancy reference: the second fact before any balance. */
  checkSecondFact(tenantId: string, answer: string): Promise<boolean>;
  statement(tenantId: string): Promise<RentStatement | null>;
}

/** A slot held for the tenant while they choose, as the scheduler gave it. */
export interface HeldSlot {
  holdId: string;
  date: string;
  timeOfDay: string;
}

export interface SlotOffer {
  slots: HeldSlot[];
  /** More free slots follow, before the repair's deadline. */
  more: boolean;
}

export interface OfferRequest {
  reference: string;
  /** The repair's category (heating, leak...): the scheduler file says which trade does it. */
  category: string;
  homeId: string | null;
  /** The last day a visit may be (the repair's deadline), ISO. */
  until: string;
  timesOfDay: ("AM" | "PM")[];
  /** ISO weekdays the tenant can be in. */
  daysOfWeek: number[];
  /** Only slots after this one: the next page. */
  after?: { date: string; timeOfDay: string };
  /** Which booking the offers are for (the first, a change of one visit, a new time after a miss) and which offer of it:
   * together they key the holds, so a turn tried again holds the same slots and no two bookings share a hold. */
  series: string;
  offerNumber: number;
}

/**
 * Booking visits (src/appointments/book.ts). The one lookup with effects: a hold lapses by itself after a few minutes
 * and holding or booking the same thing twice does it once, so a turn tried again after a fault books once.
 */
export interface AppointmentBook {
  /** Holds the next few free slots. Throws SchedulerUnavailable when the scheduler cannot be reached or answer. */
  offer(request: OfferRequest): Promise<SlotOffer>;
  /** Books a held slot: the booking's id, or null when the hold lapsed and the slot has gone. */
  confirm(holdId: string): Promise<string | null>;
  release(holdIds: string[]): Promise<void>;
  /** Cancels the tenant's booked appointment (by our id) with the scheduler. */
  cancel(appointmentId: string, reason: string): Promise<void>;
}

/** What a turn may use from outside: the clock, ids, lookups and settings, all injected so tests can fix them. */
export interface EngineEnv {
  now: Date;
  /** The tenant's address on their channel (E.164 for SMS). */
  address: string;
  newReference(prefix: ReferencePrefix): string;
  /** A six-digit code to confirm a new phone number. */
  newCode(): string;
  homes: HomeDirectory;
  cases: CaseLookup;
  accounts: RentAccounts;
  appointments: AppointmentBook;
  landlord: LandlordSettings;
  repairPolicy: RepairPolicy;
  caseReview: CaseReviewPolicy;
  /** When people are at work to answer; emergencies are answered at any hour. */
  hours: OpeningHours;
  resumeAfterMinutes: number;
  /** Whether we can message the tenant's address later (a phone, a Teams chat), not only while a web chat is open. */
  canReachLater: boolean;
  /** The understanding layer (src/nlu): deterministic, no I/O. */
  understand(text: string): Understanding;
}

export type Vars = Record<string, string>;

/** A choice's words: a catalogue key, or one with its own placeholders filled. */
export type Label = ContentKey | { key: ContentKey; vars: Vars };

export interface SayExtra {
  dangerous?: ContentKey[];
  keypad?: Keypad;
}

/** The working context of one turn; steps read and change it, the engine turns it into a TurnResult. */
export interface TurnContext {
  state: ConversationState;
  env: EngineEnv;
  messages: OutboundMessage[];
  events: DomainEvent[];
  reviews: ReviewNote[];
  /**
   * `choices` are numbered everywhere; `suggestions` are only tap answers on channels with buttons. `extra.dangerous`
   * are the choices that raise an emergency; `extra.keypad` says the typed answer is a phone number.
   */
  say(key: ContentKey, vars?: Vars, choices?: Label[], suggestions?: ContentKey[], extra?: SayExtra): void;
  emit(event: DomainEvent): void;
}

/**
 * A step id in the same flow, "@flow" to start another flow (slots named "flow.x" go with it as "x"), or "end".
 */
export type Next = string | ((slots: Slots, context: TurnContext) => string);

export interface ChoiceOption {
  value: string;
  label: ContentKey;
  /** Fills the label's placeholders (a slot's day and time). */
  labelVars?: Vars;
  /** Other words a tenant may use for this choice. */
  words?: string[];
  /** Said as soon as this choice is made, before the next step. */
  say?: ContentKey;
  /** Choosing it raises an emergency (the web chat guards it against a double tap). */
  danger?: boolean;
}

/** Ask a question with numbered choices. Example: `{ kind: "choice", prompt: "repair.what.prompt", options: [...] }` */
export interface ChoiceStep {
  kind: "choice";
  prompt: ContentKey;
  reprompt: ContentKey;
  options: ChoiceOption[];
  /** Choices known only during the conversation (the slots on offer), listed before `options`. */
  optionsFrom?: (slots: Slots) => ChoiceOption[];
  save?: string;
  promptVars?: (slots: Slots, context: TurnContext) => Vars;
  /** The choice that words matching no option amount to, if any (they may also fill other answers); null to ask again. */
  otherwise?: (text: string, understanding: Understanding, context: TurnContext) => string | null;
  next: Next;
}

/** An answer to a text question a tenant can tap where the channel has buttons. */
export interface Suggestion {
  label: ContentKey;
  /** Saved instead of the label's words (which the step's parse may not take, like "I do not know" for a postcode). */
  value?: string;
}

/**
 * Common answers to a question that wants words, numbered on every channel so a tenant who only replies with digits
 * can still answer: one list, or a list for each answer to an earlier question (`lists.other` when none fits).
 * Example: `{ slot: "category", lists: { heating: [{ label: "repair.describe.heating.boiler" }], other: [...] } }`
 */
export type TextChoices = Suggestion[] | { slot: string; lists: Record<string, Suggestion[]> };

/** Ask for words. `parse` returns the value to save, or null to ask again. */
export interface TextStep {
  kind: "text";
  prompt: ContentKey;
  reprompt: ContentKey;
  /** Tap answers for channels with buttons; SMS never shows them, so the prompt must stand without them. */
  suggestions?: Suggestion[];
  /** Numbered answers: a number picks one (its words, or its value, are saved); any other words are still the answer. */
  choices?: TextChoices;
  save: string;
  /** The answer is a phone number: channels that can offer a number pad for it. */
  keypad?: Keypad;
  parse?: (text: string) => string | null;
  promptVars?: (slots: Slots, context: TurnContext) => Vars;
  next: Next;
}

/** Do something (look up, record, reply) without asking; returns where to go next. */
export interface ActionStep {
  kind: "action";
  /** Returns the next step (see Next), or `{ waitAt }` to wait for the tenant at a step without asking again. */
  run(context: TurnContext): Promise<string | { waitAt: string }> | string | { waitAt: string };
}

export type Step = ChoiceStep | TextStep | ActionStep;

/**
 * How a journey is reached from a tenant's own words. The engine reads these and names no journey itself.
 * Example: `{ intents: ["payment"], guessLabel: "intent.payment", readSlots: (text, understanding) => ({ need: ... }) }`
 */
export interface FlowEntry {
  /** The intents this journey serves. */
  intents: Intent[];
  /**
   * How it is offered when the bot is not sure what words are about ("Is it: 1 A repair"). Only journeys with one
   * are guessed, or followed when the tenant turns to them in the middle of another.
   */
  guessLabel?: ContentKey;
  /**
   * What the words already answer, so it is not asked again. Null: the words alone are not enough to go straight
   * into a journey that is never guessed, and the menu is shown instead.
   */
  readSlots?: (text: string, understanding: Understanding, now: Date) => Slots | null;
  /** Another intent to follow instead, when the tenant's cases say this one is not the best start; null for this one. */
  redirect?: (context: TurnContext, text: string, understanding: Understanding) => Promise<Intent | null>;
}

export interface Flow {
  id: string;
  /** How the flow is named to the tenant: "You were telling us about {flowName}". */
  name: ContentKey;
  /** Set on journeys a tenant's words can start; the menu and the emergency follow-up have none. */
  entry?: FlowEntry;
  start: string;
  steps: Record<string, Step>;
}
