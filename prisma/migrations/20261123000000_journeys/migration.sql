-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "contactPreference" TEXT;

-- AlterTable
ALTER TABLE "CaseNote" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'note';

-- CreateTable
CREATE TABLE "RentAccount" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "weeklyRentPence" INTEGER NOT NULL,
    "balancePence" INTEGER NOT NULL,
    "nextDueOn" DATE NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RentAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RentTransaction" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "on" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "amountPence" INTEGER NOT NULL,
    "method" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RentTransaction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RentAccount_tenantId_key" ON "RentAccount"("tenantId");

-- CreateIndex
CREATE INDEX "RentTransaction_accountId_on_idx" ON "RentTransaction"("accountId", "on");

-- AddForeignKey
ALTER TABLE "RentAccount" ADD CONSTRAINT "RentAccount_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RentTransaction" ADD CONSTRAINT "RentTransaction_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "RentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

