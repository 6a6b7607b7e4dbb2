-- AlterTable
ALTER TABLE "Environment" ADD COLUMN "sshKeySealed" TEXT;
ALTER TABLE "Environment" ADD COLUMN "tlsCaSealed" TEXT;
ALTER TABLE "Environment" ADD COLUMN "tlsCertSealed" TEXT;
ALTER TABLE "Environment" ADD COLUMN "tlsKeySealed" TEXT;

