-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "reference" JSONB;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "taps" JSONB;

