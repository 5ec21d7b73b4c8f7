CREATE TABLE "phishing_lesson_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"lesson_key" text NOT NULL,
	"assigned_by" text NOT NULL,
	"assigned_by_user_id" uuid,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"token_hash" text,
	"issued_at" timestamp with time zone,
	"mail_queued_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"answers" jsonb
);
--> statement-breakpoint
CREATE TABLE "phishing_webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"webhook_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "phishing_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"url" text NOT NULL,
	"events" jsonb NOT NULL,
	"include_scanners" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"secret_sealed" text NOT NULL,
	"last_event_id" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "starter_dismissals" (
	"organization_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"dismissed_by" uuid,
	"dismissed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "starter_dismissals_organization_id_kind_key_pk" PRIMARY KEY("organization_id","kind","key")
);
--> statement-breakpoint
DROP INDEX "documents_org_kind_language_idx";--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "subject_id" uuid;--> statement-breakpoint
ALTER TABLE "phishing_campaigns" ADD COLUMN "spread_over_minutes" integer;--> statement-breakpoint
ALTER TABLE "phishing_templates" ADD COLUMN "landing_page" text DEFAULT 'training' NOT NULL;--> statement-breakpoint
ALTER TABLE "phishing_lesson_assignments" ADD CONSTRAINT "phishing_lesson_assignments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_lesson_assignments" ADD CONSTRAINT "phishing_lesson_assignments_campaign_id_phishing_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."phishing_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_lesson_assignments" ADD CONSTRAINT "phishing_lesson_assignments_recipient_id_phishing_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."phishing_recipients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_webhook_deliveries" ADD CONSTRAINT "phishing_webhook_deliveries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_webhook_deliveries" ADD CONSTRAINT "phishing_webhook_deliveries_webhook_id_phishing_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."phishing_webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_webhooks" ADD CONSTRAINT "phishing_webhooks_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "starter_dismissals" ADD CONSTRAINT "starter_dismissals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "starter_dismissals" ADD CONSTRAINT "starter_dismissals_dismissed_by_users_id_fk" FOREIGN KEY ("dismissed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "phishing_lesson_assignments_recipient_idx" ON "phishing_lesson_assignments" USING btree ("recipient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "phishing_lesson_assignments_token_idx" ON "phishing_lesson_assignments" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "phishing_lesson_assignments_campaign_idx" ON "phishing_lesson_assignments" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "phishing_lesson_assignments_unsent_idx" ON "phishing_lesson_assignments" USING btree ("assigned_at") WHERE mail_queued_at is null;--> statement-breakpoint
CREATE INDEX "phishing_webhook_deliveries_webhook_idx" ON "phishing_webhook_deliveries" USING btree ("webhook_id","created_at");--> statement-breakpoint
CREATE INDEX "phishing_webhook_deliveries_pending_idx" ON "phishing_webhook_deliveries" USING btree ("created_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "phishing_webhooks_org_idx" ON "phishing_webhooks" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "phishing_events_recipient_click_idx" ON "phishing_events" USING btree ("recipient_id","at") WHERE kind = 'click';--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_org_kind_language_subject_key" UNIQUE NULLS NOT DISTINCT("organization_id","kind","language","subject_id");--> statement-breakpoint
-- Exercise documents made before they were bound to an exercise belong to the exercise they were built from:
-- the after-action report to the company's latest closed exercise, the planning documents to its newest one.
UPDATE "documents" d SET "subject_id" = (
  SELECT e."id" FROM "exercises" e
  WHERE e."organization_id" = d."organization_id"
    AND (d."kind" <> 'exercise-after-action-report' OR e."status" = 'closed')
  ORDER BY CASE WHEN d."kind" = 'exercise-after-action-report' THEN e."closed_at" ELSE e."created_at" END DESC NULLS LAST
  LIMIT 1
) WHERE d."kind" LIKE 'exercise-%' AND d."subject_id" IS NULL;--> statement-breakpoint
DELETE FROM "documents" WHERE "kind" LIKE 'exercise-%' AND "subject_id" IS NULL;
