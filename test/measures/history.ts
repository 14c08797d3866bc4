// A small made-up history for the measures' tests: records written straight into a fresh database, each with the
// times a test gives, so every figure has a known answer.
import type { PrismaClient } from "@prisma/client";
import { randomUUID } from "node:crypto";

export const TABLES = ["CaseSatisfaction", "CaseUpdate", "CaseDeadline", "CaseNote", "Escalation", "Case", "Message", "ConsentChange", "Conversation", "Home"];

export class History {
  private issued = 0;
  constructor(private readonly prisma: PrismaClient) {}

  async clear(): Promise<void> {
    await this.prisma.$executeRawUnsafe(`TRUNCATE ${TABLES.map((table) => `"${table}"`).join(", ")} CASCADE`);
  }

  async homes(count: number): Promise<void> {
    await this.prisma.home.createMany({
      data: Array.from({ length: count }, (_, index) => ({ houseNumber: String(index + 1), street: "Test Street", town: "Liverpool", postcode: "L4 0TH", postcodeKey: "L40TH" })),
    });
  }

  async conversation(channel = "sms", state: object = { flow: null, step: null }, lastInboundAt?: string): Promise<string> {
    this.issued += 1;
    const conversation = await this.prisma.conversation.create({
      data: { channel, address: `+447700${String(this.issued).padStart(6, "0")}`, state, lastInboundAt: lastInboundAt ? new Date(lastInboundAt) : null },
    });
    return conversation.id;
  }

  async inbound(conversationId: string, at: string): Promise<void> {
    await this.prisma.message.create({ data: { conversationId, direction: "inbound", body: "my tap drips", createdAt: new Date(at) } });
  }

  async outbound(conversationId: string, at: string, staffId?: string): Promise<void> {
    await this.prisma.message.create({ data: { conversationId, direction: "outbound", body: "Thanks", staffId, createdAt: new Date(at) } });
  }

  async escalation(conversationId: string, at: string, options: { reason?: string; respondBy?: string; caseId?: string } = {}): Promise<string> {
    const escalation = await this.prisma.escalation.create({
      data: {
        conversationId,
        caseId: options.caseId,
        reason: options.reason ?? "asked_for_person",
        priority: 3,
        respondBy: new Date(options.respondBy ?? at),
        transcript: [],
        createdAt: new Date(at),
      },
    });
    return escalation.id;
  }

  async case(
    conversationId: string,
    reportedAt: string,
    options: { type?: string; priority?: string; category?: string; details?: object; dueAt?: string; deadlines?: { kind: string; dueAt: string }[] } = {},
  ): Promise<string> {
    this.issued += 1;
    const found = await this.prisma.case.create({
      data: {
        reference: `T${String(this.issued).padStart(6, "0")}`,
        type: options.type ?? "repair",
        priority: options.priority ?? "routine",
        category: options.category ?? "plumbing",
        description: "a made-up case",
        details: options.details ?? {},
        phone: "+447700900000",
        verified: true,
        conversationId,
        reportedAt: new Date(reportedAt),
        dueAt: new Date(options.dueAt ?? options.deadlines?.[0]?.dueAt ?? reportedAt),
        deadlines: { create: (options.deadlines ?? []).map(({ kind, dueAt }) => ({ kind, dueAt: new Date(dueAt), rule: kind })) },
      },
    });
    return found.id;
  }

  async update(caseId: string, type: string, at: string): Promise<void> {
    await this.prisma.caseUpdate.create({
      data: { eventId: randomUUID(), caseId, type, at: new Date(at), detail: {}, statusAfter: type, tenantNotified: false, messageIds: [] },
    });
  }

  async satisfaction(caseId: string, score: number, at: string): Promise<void> {
    await this.prisma.caseSatisfaction.create({ data: { caseId, score, at: new Date(at) } });
  }

  async consent(channel: string, optedOut: boolean, at: string): Promise<void> {
    this.issued += 1;
    await this.prisma.consentChange.create({ data: { channel, address: `+447700${this.issued}`, optedOut, keyword: optedOut ? "STOP" : "START", createdAt: new Date(at) } });
  }

  async times(count: number, make: (index: number) => Promise<unknown>): Promise<void> {
    for (let index = 0; index < count; index += 1) await make(index);
  }
}
