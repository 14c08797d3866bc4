// Updates in from the housing system: each one applied once (by its eventId, however many times or at once it is
// sent), stored on its case with the case's new status, written to the outbox as `case.updated`, and told to the
// tenant on the channel they can be reached on now, within that channel's rules: nothing after STOP, only an
// approved template outside WhatsApp's 24-hour window, nothing in quiet hours but emergencies (those texts wait).
import type { Prisma, PrismaClient } from "@prisma/client";
import { isOptedOut } from "../consent/consent";
import { approvedTemplate, insideWindow } from "../channels/twilio/templates";
import { smsSegments } from "../channels/twilio/gsm";
import { askUnprompted } from "../conversation/asked";
import { newState } from "../conversation/engine";
import type { ConversationState, LandlordSettings, Position } from "../conversation/types";
import { rebookUntil, recordBooking, recordNoAccess } from "../appointments/records";
import type { SchedulerSettings } from "../appointments/settings";
import { raiseEscalation } from "../handoff/escalations";
import type { OpeningHours } from "../handoff/hours";
import { isUniqueViolation } from "../db/errors";
import { reachableConversation, WAITING_FOR_TENANT } from "../handoff/queue";
import type { Outbound } from "../inbox/outbound";
import { SEND_STATUS } from "../inbox/outbound";
import { quietUntil, type QuietHours } from "../notify/quietHours";
import { tenantTexts, type CaseUpdateInput, type UpdateType } from "./updateTexts";
import { updateViewOf, type AppliedUpdate } from "./updateViews";

export class UpdateError extends Error {
  constructor(
    readonly statusCode: 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Why a tenant was not told about an update. */
export type NotToldReason =
  /** They texted STOP. */
  | "opted_out"
  /** WhatsApp, more than 24 hours since they last wrote, and no approved template configured. */
  | "outside_whatsapp_window"
  /** The kind of update is not one tenants are texted about (operative_assigned). */
  | "not_told_of_this"
  /** Not a repair: other cases are for staff to tell the tenant about (a safeguarding case may not be safe to text). */
  | "not_a_repair"
  /** An update older than one already applied: it is kept, but changes nothing. */
  | "superseded"
  /** The case came from a web chat, which cannot be written to once closed. */
  | "no_channel_to_reach";

export interface UpdateResult {
  reference: string;
  status: string;
  duplicate: boolean;
  update: AppliedUpdate;
}

export interface CaseUpdatesDeps {
  prisma: PrismaClient;
  outbound: Outbound;
  clock: () => Date;
  landlord: LandlordSettings;
  whatsappTemplates: Record<string, string>;
  quietHours: QuietHours | null;
  /** When a visit the housing system books is reminded of. */
  schedulerSettings: SchedulerSettings;
  hours: OpeningHours;
}

/** A turn saved the conversation between our read and our write: the whole update is tried again. */
class LostRace extends Error {}

/** The eventId is already applied: nothing is written, and the first answer is given again. */
class AlreadyApplied extends Error {}

const MAX_TRIES = 5;

/** The case's status after an update: done and cancelled end it; news of work to come (re)opens it; a note changes nothing. */
function statusAfter(type: UpdateType, current: string): string {
  if (type === "completed") return "completed";
  if (type === "cancelled") return "cancelled";
  if (type === "note") return current;
  return "open";
}

function detailOf(update: CaseUpdateInput): Record<string, unknown> {
  const { operative, appointment, reason, text } = update;
  return JSON.parse(JSON.stringify({ operative, appointment, reason, text })) as Record<string, unknown>;
}

type UpdateRow = Prisma.CaseUpdateGetPayload<{ include: { case: { select: { reference: true; status: true } } } }>;

export class CaseUpdates {
  constructor(private readonly deps: CaseUpdatesDeps) {}

  async apply(reference: string, update: CaseUpdateInput): Promise<UpdateResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const applied = await this.applyOnce(reference, update);
        if (applied.send.length > 0) await this.deps.outbound.queue(applied.send, applied.delaySeconds);
        return this.result(applied.row, false);
      } catch (error) {
        // Applied before, or by a request at the same moment (the unique eventId stops the second): answer as a repeat.
        if (error instanceof AlreadyApplied || isUniqueViolation(error)) return this.repeat(reference, update.eventId);
        if (!(error instanceof LostRace) || attempt >= MAX_TRIES) throw error;
      }
    }
  }

  private async repeat(reference: string, eventId: string): Promise<UpdateResult> {
    const row = await this.deps.prisma.caseUpdate.findUniqueOrThrow({ where: { eventId }, include: { case: { select: { reference: true, status: true } } } });
    if (row.case.reference !== reference) throw new UpdateError(409, "event_id_reused", `eventId ${eventId} was already used for case ${row.case.reference}`);
    return this.result(row, true);
  }

  private async result(row: UpdateRow, duplicate: boolean): Promise<UpdateResult> {
    return { reference: row.case.reference, status: row.case.status, duplicate, update: await updateViewOf(this.deps.prisma, row) };
  }

  private async applyOnce(reference: string, update: CaseUpdateInput): Promise<{ row: UpdateRow; send: string[]; delaySeconds?: number }> {
    const { prisma, clock } = this.deps;
    const now = clock();
    return prisma.$transaction(async (tx) => {
      const existing = await tx.caseUpdate.findUnique({ where: { eventId: update.eventId }, select: { id: true } });
      if (existing) throw new AlreadyApplied();
      const found = await tx.case.findUnique({ where: { reference }, include: { conversation: true } });
      if (!found) throw new UpdateError(404, "not_found", `No case with reference ${reference}`);
      const newer = await tx.caseUpdate.count({ where: { caseId: found.id, type: { not: "note" }, at: { gt: update.at } } });
      const superseded = newer > 0 && update.type !== "note";
      const status = superseded ? found.status : statusAfter(update.type, found.status);
      if (status !== found.status) await tx.case.update({ where: { id: found.id }, data: { status } });

      const missedVisits = !superseded ? await this.recordVisit(tx, found, update, now) : 0;
      const told = superseded
        ? ({ notified: false, reason: "superseded" } as const)
        : await this.tell(tx, found, update, now, missedVisits);
      const row = await tx.caseUpdate.create({
        data: {
          eventId: update.eventId,
          caseId: found.id,
          type: update.type,
          at: update.at,
          detail: detailOf(update) as Prisma.InputJsonValue,
          statusAfter: status,
          tenantNotified: told.notified,
          reason: told.notified ? (told.waiting ? "waiting_for_whatsapp_reply" : null) : told.reason,
          messageIds: told.notified ? told.messageIds : [],
          sendAfter: told.notified ? (told.sendAfter ?? null) : null,
        },
        include: { case: { select: { reference: true, status: true } } },
      });
      await tx.outboxEvent.create({
        data: {
          type: "case.updated",
          payload: JSON.parse(
            JSON.stringify({
              reference,
              status,
              update: { eventId: update.eventId, type: update.type, at: update.at.toISOString(), ...detailOf(update), tenantNotified: row.tenantNotified, reason: row.reason },
            }),
          ) as Prisma.InputJsonValue,
        },
      });
      if (!told.notified) return { row, send: [] };
      const delaySeconds = told.sendAfter ? (told.sendAfter.getTime() - now.getTime()) / 1000 : undefined;
      return { row, send: told.send, delaySeconds };
    });
  }

  /**
   * The housing system's own news of a visit: one it booked is recorded (and reminded of), one it could not make is
   * missed, and a second miss goes to a person to sort out. Resolves to the visits missed so far.
   */
  private async recordVisit(tx: Prisma.TransactionClient, found: Prisma.CaseGetPayload<{ include: { conversation: true } }>, update: CaseUpdateInput, now: Date): Promise<number> {
    if (found.type !== "repair") return 0;
    if (update.type === "appointment_set" && update.appointment) {
      await recordBooking(tx, { reference: found.reference, ...update.appointment, by: "backoffice" }, now, this.deps.schedulerSettings);
      return 0;
    }
    if (update.type === "completed" || update.type === "cancelled") {
      const ended = update.type === "completed" ? { status: "attended", endedBy: "backoffice", endedAt: now } : { status: "cancelled", cancelReason: "repair cancelled", endedBy: "backoffice", endedAt: now };
      await tx.appointment.updateMany({ where: { caseId: found.id, status: "booked" }, data: ended });
      return 0;
    }
    if (update.type !== "no_access") return 0;
    const missed = await recordNoAccess(tx, found.id, now);
    if (missed >= 2 || found.priority === "emergency") {
      const priority = found.priority === "emergency" ? 1 : 2;
      await raiseEscalation(tx, { conversationId: found.conversationId, reason: "booking", priority, caseReference: found.reference, now, hours: this.deps.hours });
    }
    return missed;
  }

  /** Writes the texts for the tenant (if they can be told) and says what happened. */
  private async tell(
    tx: Prisma.TransactionClient,
    found: Prisma.CaseGetPayload<{ include: { conversation: true } }>,
    update: CaseUpdateInput,
    now: Date,
    missedVisits: number,
  ): Promise<
    | { notified: false; reason: NotToldReason }
    | { notified: true; waiting: boolean; messageIds: string[]; send: string[]; sendAfter?: Date }
  > {
    if (found.type !== "repair") return { notified: false, reason: "not_a_repair" };
    const texts = tenantTexts(update, found.reference, this.deps.landlord, missedVisits, found.priority === "emergency");
    if (!texts) return { notified: false, reason: "not_told_of_this" };
    const conversation = await reachableConversation(tx, found.conversation, now);
    if (conversation.channel === "webchat") return { notified: false, reason: "no_channel_to_reach" };
    if (await isOptedOut(tx, conversation.channel, conversation.address)) return { notified: false, reason: "opted_out" };
    const outsideWindow = conversation.channel === "whatsapp" && !insideWindow(conversation.lastInboundAt, now);
    const template = outsideWindow ? approvedTemplate("reopen", this.deps.whatsappTemplates, this.deps.landlord.name) : null;
    if (outsideWindow && !template) return { notified: false, reason: "outside_whatsapp_window" };

    // Outside WhatsApp's window the texts wait for the tenant to answer the approved template, as staff replies do.
    const messageIds: string[] = [];
    for (const text of texts.texts) {
      const message = await tx.message.create({
        data: {
          conversationId: conversation.id,
          direction: "outbound",
          body: text,
          segments: conversation.channel === "sms" ? smsSegments(text).segments : undefined,
          deliveryStatus: template ? WAITING_FOR_TENANT : SEND_STATUS.queued,
        },
      });
      messageIds.push(message.id);
    }
    let send = messageIds;
    if (template) {
      const invitation = await tx.message.create({
        data: { conversationId: conversation.id, direction: "outbound", body: template.text, content: template.content, deliveryStatus: SEND_STATUS.queued },
      });
      send = [invitation.id];
    }
    if (texts.asksSatisfaction) await this.ask(tx, conversation.id, { flow: "satisfaction", step: "score", slots: { reference: found.reference } }, now);
    if (texts.asksNewTime) {
      const slots = { reference: found.reference, category: found.category, homeId: found.homeId ?? undefined, until: rebookUntil(found.dueAt, now).toISOString() };
      await this.ask(tx, conversation.id, { flow: "appointment", step: "missed", slots }, now);
    }
    // An emergency's news goes at any hour; anything else waits for the end of quiet hours.
    const sendAfter = found.priority === "emergency" ? null : quietUntil(now, this.deps.quietHours);
    return { notified: true, waiting: template !== null, messageIds, send, sendAfter: sendAfter ?? undefined };
  }

  /** The tenant's next text is read as the answer to the question just sent (src/conversation/asked.ts). */
  private async ask(tx: Prisma.TransactionClient, conversationId: string, position: Position, now: Date): Promise<void> {
    const conversation = await tx.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { state: true, version: true } });
    const state = (conversation.state as unknown as ConversationState | null) ?? newState();
    const asked = askUnprompted(state, position, now);
    const saved = await tx.conversation.updateMany({
      where: { id: conversationId, version: conversation.version },
      data: { state: asked as unknown as Prisma.InputJsonValue, version: { increment: 1 } },
    });
    if (saved.count === 0) throw new LostRace();
  }
}
