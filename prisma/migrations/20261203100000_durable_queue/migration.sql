-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "cardRedacted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "content" JSONB,
ADD COLUMN     "firstSendAt" TIMESTAMP(3),
ADD COLUMN     "keyword" TEXT,
ADD COLUMN     "replyByRest" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "sendAttempts" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Message_direction_processedAt_idx" ON "Message"("direction", "processedAt");

-- CreateIndex
CREATE INDEX "Message_deliveryStatus_idx" ON "Message"("deliveryStatus");
