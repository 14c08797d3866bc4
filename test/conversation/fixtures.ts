// A pure engine harness: no HTTP, no database. Flows are tested as plain data with a fixed clock and references.
import { turn } from "../../src/conversation/engine";
import { toPlainText } from "../../src/conversation/render";
import type { CaseSummary, ConversationState, RentStatement, DomainEvent, EngineEnv, Identity, OutboundMessage, TurnInput } from "../../src/conversation/types";
import { Understander, type Understanding } from "../../src/nlu/understand";
import { DEFAULT_CASE_REVIEW } from "../../src/asb/risk";
import { OpeningHours } from "../../src/handoff/hours";
import { DEFAULT_REPAIR_POLICY } from "../../src/repairs/priority";
import { firstDay } from "../../src/appointments/book";
import { halfDaySlots } from "../../src/appointments/slots";
import { SchedulerUnavailable } from "../../src/appointments/scheduler";
import type { AppointmentBook, HeldSlot, OfferRequest, SlotOffer } from "../../src/conversation/types";

/**
 * Half-day slots on working days, each with room for `perSlot` visits, held and booked in memory: the engine's view
 * of a scheduler without a database (the real ones are tested in test/appointments).
 */
export class MemoryBook implements AppointmentBook {
  perSlot = 1;
  /** Set to make every call fail as a scheduler that is away would. */
  away = false;
  readonly holds = new Map<string, HeldSlot & { status: "held" | "booked" | "released" | "cancelled" }>();
  readonly cancelled: { appointmentId: string; reason: string }[] = [];
  readonly requests: OfferRequest[] = [];

  constructor(private readonly now: () => Date) {}

  async offer(request: OfferRequest): Promise<SlotOffer> {
    this.check();
    this.requests.push(request);
    const range = { ...request, from: firstDay(this.now(), 1), to: request.until.slice(0, 10) };
    const free = [...halfDaySlots(range)].filter((slot) => this.used(slot) < this.perSlot);
    const slots = free.slice(0, 3).map((slot) => {
      const holdId = `hold-${slot.date}-${slot.timeOfDay}-${request.offerNumber}`;
      this.holds.set(holdId, { holdId, ...slot, status: "held" });
      return { holdId, ...slot };
    });
    return { slots, more: free.length > 3 };
  }

  async confirm(holdId: string): Promise<string | null> {
    this.check();
    const hold = this.holds.get(holdId);
    if (!hold || hold.status !== "held") return hold?.status === "booked" ? holdId : null;
    hold.status = "booked";
    return holdId;
  }

  async release(holdIds: string[]): Promise<void> {
    this.check();
    for (const id of holdIds) {
      const hold = this.holds.get(id);
      if (hold?.status === "held") hold.status = "released";
    }
  }

  async cancel(appointmentId: string, reason: string): Promise<void> {
    this.check();
    this.cancelled.push({ appointmentId, reason });
  }

  /** Someone else books a slot (another tenant). */
  take(date: string, timeOfDay: string): void {
    this.holds.set(`other-${date}-${timeOfDay}-${this.holds.size}`, { holdId: "other", date, timeOfDay, status: "booked" });
  }

  booked(): HeldSlot[] {
    return [...this.holds.values()].filter((hold) => hold.status === "booked" && hold.holdId !== "other");
  }

  private used(slot: { date: string; timeOfDay: string }): number {
    return [...this.holds.values()].filter((hold) => hold.date === slot.date && hold.timeOfDay === slot.timeOfDay && (hold.status === "held" || hold.status === "booked")).length;
  }

  private check(): void {
    if (this.away) throw new SchedulerUnavailable("scheduler away");
  }
}

export const understander = new Understander();

/** The main menu as a phone shows it. */
export const MENU = "How can we help?\n1 Report a repair\n2 Repair update\n3 Noise or nuisance\n4 Rent and money\n5 Complaint\n6 My phone or email\n7 Something else\n8 Talk to a person";

export const KNOWN: Identity = { tenantId: "tenant-1", homeId: "home-1", source: "phone" };

export class Phone {
  state: ConversationState | null = null;
  events: DomainEvent[] = [];
  now: Date;
  private issued = 0;

  constructor(
    start = "2026-11-23T10:00:00Z",
    private readonly known: Identity | null = KNOWN,
    private readonly understand: (text: string) => Understanding = (text) => understander.understand(text),
  ) {
    this.now = new Date(start);
  }

  /** The scheduler this phone's bookings go to. */
  book = new MemoryBook(() => this.now);
  /** False for a web chat: the tenant can be answered only while the page is open. */
  canReachLater = true;
  /** How each reply is shown: as a basic phone shows it, unless a test sets another channel's renderer. */
  show: (message: OutboundMessage) => string = toPlainText;
  /** The replies to the last text as the engine made them, for what a channel with buttons shows. */
  last: OutboundMessage[] = [];
  /** Repairs the pretend database holds for this phone, for "where is my repair?". */
  repairs: CaseSummary[] = [];
  /** Noise and nuisance reports this phone made in the Case Review window, and its open case if any. */
  asbReports = 0;
  asbOpen: CaseSummary | null = null;
  /** The rent account the pretend database holds; the second fact it accepts is "14 3 1948" or "T100001". */
  rent: RentStatement | null = {
    balancePence: 20550,
    weeklyRentPence: 10275,
    nextDueOn: new Date("2026-11-30T00:00:00Z"),
    lastPayment: { amountPence: 10275, on: new Date("2026-11-16T00:00:00Z") },
  };

  env(): EngineEnv {
    return {
      now: this.now,
      address: "+447700900101",
      cases: {
        openRepairs: async () => this.repairs.filter((repair) => repair.status === "open"),
        recentlyFinishedRepair: async () => this.repairs.find((repair) => repair.status !== "open" && repair.progress) ?? null,
        repairByReference: async (reference) => this.repairs.find((repair) => repair.reference === reference) ?? null,
        asbHistory: async () => ({ reports: this.asbReports, open: this.asbOpen }),
      },
      accounts: {
        checkSecondFact: async (_tenantId, answer) => ["14 3 1948", "T100001"].includes(answer.trim()),
        statement: async () => this.rent,
      },
      newReference: (prefix) => `${prefix}${String(++this.issued).padStart(6, "0")}`,
      homes: {
        findHome: async (postcode, house) => (postcode === "L4 0TH" && house === "12" ? { homeId: "home-1", tenantId: "tenant-1" } : null),
        phoneOwner: async (phone) => (phone === "+447700900102" ? "tenant-2" : null),
      },
      newCode: () => "481516",
      appointments: this.book,
      landlord: { name: "Mersey Homes", phone: "0151 000 0000", privacyUrl: "merseyhomes.org/privacy", officeHours: "Mon-Fri 8am-6pm", paymentUrl: "merseyhomes.org/pay" },
      repairPolicy: DEFAULT_REPAIR_POLICY,
      caseReview: DEFAULT_CASE_REVIEW,
      hours: new OpeningHours("Mon-Fri 8am-6pm"),
      resumeAfterMinutes: 120,
      canReachLater: this.canReachLater,
      understand: this.understand,
    };
  }

  /** Sends a text and returns the replies as the phone shows them. */
  async text(body: string, extra: Partial<TurnInput> = {}): Promise<string[]> {
    const result = await turn(this.state, { text: body, mediaCount: 0, ...extra }, this.env(), this.known);
    this.state = result.state;
    this.events.push(...result.events);
    this.last = result.messages;
    return result.messages.map((message) => this.show(message));
  }

  wait(minutes: number): void {
    this.now = new Date(this.now.getTime() + minutes * 60_000);
  }

  eventsOf<T extends DomainEvent["type"]>(type: T): Extract<DomainEvent, { type: T }>[] {
    return this.events.filter((event): event is Extract<DomainEvent, { type: T }> => event.type === type);
  }
}

/** Texts each message in turn and returns only the replies to the last. */
export async function textAll(phone: Phone, ...bodies: string[]): Promise<string[]> {
  let replies: string[] = [];
  for (const body of bodies) replies = await phone.text(body);
  return replies;
}
