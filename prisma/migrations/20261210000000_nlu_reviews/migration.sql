-- CreateTable
CREATE TABLE "NluReview" (
    "id" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "botIntent" TEXT NOT NULL,
    "botConfidence" DOUBLE PRECISION NOT NULL,
    "botDangers" JSONB NOT NULL,
    "tenantChose" TEXT,
    "reviewedIntent" TEXT,
    "reviewedDangers" JSONB,
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "exportedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NluReview_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "NluReview_reviewedAt_createdAt_idx" ON "NluReview"("reviewedAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "NluReview_messageId_reason_key" ON "NluReview"("messageId", "reason");

-- AddForeignKey
ALTER TABLE "NluReview" ADD CONSTRAINT "NluReview_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NluReview" ADD CONSTRAINT "NluReview_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NluReview" ADD CONSTRAINT "NluReview_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;
