// The reminder the day before a visit, on the durable job queue: a sweep (every minute, on every server) finds the
// booked visits whose reminder time has come and queues one job each; the job writes the text, asks the question in
// the tenant's conversation ("1 Keep it, 2 Change it, 3 Cancel it") and hands the text to the outbound queue. Nothing
// goes after STOP: the appointment says why no reminder went, for staff to see.
import type { Prisma, PrismaClient } from "@prisma/client";
import type { FastifyBaseLogger } from "fastify";
import { reminderQuestion } from "../../dialogs/appointment";
import { formatAppointment } from "../cases/appointments";
import { askUnprompted } from "../conversation/asked";
import { newState } from "../conversation/engine";
import { toPlainText } from "../conversation/render";
import type { ConversationState, LandlordSettings } from "../conversation/types";
import type { Outbound } from "../inbox/outbound";
import { quietUntil, type QuietHours } from "../notify/quietHours";
import { QUEUES, type JobQueue } from "../queue/jobs";
import { rebookUntil, writeAppointmentEvent } from "./records";
import { tellTenant, type ToldStatus } from "./tellTenant";

const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 500;

/** Why a reminder did not go, for staff: the tenant texted STOP, has only a web chat, or WhatsApp's window is shut. */
export type ReminderStatus = ToldStatus;

export interface ReminderDeps {
  prisma: PrismaClient;
  jobs: JobQueue;
  outbound: Outbound;
  clock: () => Date;
  landlord: LandlordSettings;
  quietHours: QuietHours | null;
  log: FastifyBaseLogger;
}

/** Someone saved the conversation between our read and our write: the job is tried again. */
class LostRace extends Error {}

export class Reminders {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: ReminderDeps) {}

  async start(): Promise<void> {
    await this.deps.jobs.work<{ appointmentId: string }>(QUEUES.reminders.name, 2, async ({ appointmentId }) => {
      await this.remind(appointmentId);
    });
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.deps.log.warn({ err: error, event: "reminders.sweep_failed" }, "could not look for reminders due"));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Queues a job for each visit whose reminder is due; resolves to how many were found. */
  async sweep(): Promise<number> {
    const due = await this.deps.prisma.appointment.findMany({
      where: { status: "booked", remindedAt: null, remindAt: { lte: this.deps.clock() } },
      select: { id: true },
      orderBy: { remindAt: "asc" },
      take: SWEEP_BATCH,
    });
    for (const { id } of due) await this.deps.jobs.sendOnce(QUEUES.reminders.name, { appointmentId: id }, `remind:${id}`);
    return due.length;
  }

  /** Sends one visit's reminder, once, if it is still booked. */
  async remind(appointmentId: string): Promise<ReminderStatus | null> {
    const now = this.deps.clock();
    const outcome = await this.deps.prisma.$transaction(async (tx) => {
      const appointment = await tx.appointment.findUnique({ where: { id: appointmentId }, include: { case: { include: { conversation: true } } } });
      if (!appointment || appointment.status !== "booked" || appointment.remindedAt) return null;
      const { case: found } = appointment;
      const when = formatAppointment(appointment);
      const told = await tellTenant(tx, found.conversation, toPlainText(reminderQuestion(found.reference, when, this.deps.landlord)), now);
      await tx.appointment.update({ where: { id: appointment.id }, data: { remindedAt: now, reminderStatus: told.status } });
      if (told.status !== "sent") return { status: told.status, messageId: null };
      await ask(tx, told.conversationId, {
        reference: found.reference,
        appointmentId: appointment.id,
        replacing: appointment.id,
        appointment: when,
        category: found.category,
        homeId: found.homeId ?? undefined,
        until: rebookUntil(found.dueAt, now).toISOString(),
      }, now);
      await writeAppointmentEvent(tx, "appointment.reminded", found.reference, appointment, { channel: told.channel });
      return { status: told.status, messageId: told.messageId };
    });
    if (!outcome) return null;
    if (outcome.messageId) {
      const after = quietUntil(now, this.deps.quietHours);
      await this.deps.outbound.queue([outcome.messageId], after ? (after.getTime() - now.getTime()) / 1000 : undefined);
    }
    this.deps.log.info({ event: "reminder.done", appointmentId, status: outcome.status }, "appointment reminder");
    return outcome.status;
  }
}

/** The tenant's next text is read as the answer to the reminder (src/conversation/asked.ts). */
async function ask(tx: Prisma.TransactionClient, conversationId: string, slots: Record<string, string | undefined>, now: Date): Promise<void> {
  const conversation = await tx.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { state: true, version: true } });
  const state = (conversation.state as unknown as ConversationState | null) ?? newState();
  const asked = askUnprompted(state, { flow: "appointment", step: "reminder", slots }, now);
  const saved = await tx.conversation.updateMany({
    where: { id: conversationId, version: conversation.version },
    data: { state: asked as unknown as Prisma.InputJsonValue, version: { increment: 1 } },
  });
  if (saved.count === 0) throw new LostRace();
}
