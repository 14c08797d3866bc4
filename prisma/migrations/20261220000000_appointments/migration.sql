-- Appointments: visits booked for repairs, the built-in scheduler's book of slots, and capacity changed in the console.

-- CreateTable
CREATE TABLE "Appointment" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "timeOfDay" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'booked',
    "bookedBy" TEXT NOT NULL,
    "bookingId" TEXT,
    "replacesId" TEXT,
    "cancelReason" TEXT,
    "endedBy" TEXT,
    "endedAt" TIMESTAMP(3),
    "remindAt" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "reminderStatus" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Appointment_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "SlotBooking" (
    "id" TEXT NOT NULL,
    "holdKey" TEXT NOT NULL,
    "trade" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "timeOfDay" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "heldUntil" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "SlotBooking_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "SlotCapacity" (
    "trade" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "timeOfDay" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "SlotCapacity_pkey" PRIMARY KEY ("trade","area","timeOfDay")
);
-- CreateIndex
CREATE UNIQUE INDEX "Appointment_replacesId_key" ON "Appointment"("replacesId");
-- CreateIndex
CREATE INDEX "Appointment_caseId_idx" ON "Appointment"("caseId");
-- CreateIndex
CREATE INDEX "Appointment_status_remindAt_idx" ON "Appointment"("status", "remindAt");
-- CreateIndex
CREATE UNIQUE INDEX "SlotBooking_holdKey_key" ON "SlotBooking"("holdKey");
-- CreateIndex
CREATE INDEX "SlotBooking_trade_area_date_timeOfDay_status_idx" ON "SlotBooking"("trade", "area", "date", "timeOfDay", "status");
-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_replacesId_fkey" FOREIGN KEY ("replacesId") REFERENCES "Appointment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
