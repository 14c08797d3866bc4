-- Updates in from the housing system, the tenant's satisfaction after a repair, and home references for imports.

-- AlterTable (IF NOT EXISTS: another change may add the UPRN too)
ALTER TABLE "Home" ADD COLUMN IF NOT EXISTS "uprn" TEXT;
ALTER TABLE "Home" ADD COLUMN IF NOT EXISTS "homeRef" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX IF NOT EXISTS "Home_homeRef_key" ON "Home"("homeRef");

-- CreateTable
CREATE TABLE "CaseUpdate" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "detail" JSONB NOT NULL,
    "statusAfter" TEXT NOT NULL,
    "tenantNotified" BOOLEAN NOT NULL,
    "reason" TEXT,
    "messageIds" JSONB NOT NULL,
    "sendAfter" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseSatisfaction" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseSatisfaction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CaseUpdate_eventId_key" ON "CaseUpdate"("eventId");

-- CreateIndex
CREATE INDEX "CaseUpdate_caseId_at_idx" ON "CaseUpdate"("caseId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "CaseSatisfaction_caseId_key" ON "CaseSatisfaction"("caseId");

-- AddForeignKey
ALTER TABLE "CaseUpdate" ADD CONSTRAINT "CaseUpdate_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseSatisfaction" ADD CONSTRAINT "CaseSatisfaction_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
