DROP INDEX "documents_org_kind_language_idx";--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "subject_id" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_org_kind_language_subject_key" UNIQUE NULLS NOT DISTINCT("organization_id","kind","language","subject_id");