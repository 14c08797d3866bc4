-- Indexes for the measures (src/measures): each measure reads one date range of one table.
CREATE INDEX "Message_direction_createdAt_conversationId_idx" ON "Message"("direction", "createdAt", "conversationId");
CREATE INDEX "Message_conversationId_createdAt_idx" ON "Message"("conversationId", "createdAt");
CREATE INDEX "Conversation_lastInboundAt_idx" ON "Conversation"("lastInboundAt");
CREATE INDEX "Case_conversationId_reportedAt_idx" ON "Case"("conversationId", "reportedAt");
CREATE INDEX "Case_type_reportedAt_idx" ON "Case"("type", "reportedAt");
CREATE INDEX "CaseDeadline_kind_dueAt_idx" ON "CaseDeadline"("kind", "dueAt");
CREATE INDEX "CaseUpdate_type_at_idx" ON "CaseUpdate"("type", "at");
CREATE INDEX "CaseSatisfaction_at_idx" ON "CaseSatisfaction"("at");
CREATE INDEX "Escalation_conversationId_createdAt_idx" ON "Escalation"("conversationId", "createdAt");
CREATE INDEX "Escalation_createdAt_idx" ON "Escalation"("createdAt");
CREATE INDEX "ConsentChange_createdAt_idx" ON "ConsentChange"("createdAt");
