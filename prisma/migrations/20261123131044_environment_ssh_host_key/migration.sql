-- AlterTable
ALTER TABLE "Environment" ADD COLUMN "sshHostKeySha256" TEXT;

