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
ALTER TABLE "phishing_lesson_assignments" ADD CONSTRAINT "phishing_lesson_assignments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_lesson_assignments" ADD CONSTRAINT "phishing_lesson_assignments_campaign_id_phishing_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."phishing_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_lesson_assignments" ADD CONSTRAINT "phishing_lesson_assignments_recipient_id_phishing_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."phishing_recipients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "phishing_lesson_assignments_recipient_idx" ON "phishing_lesson_assignments" USING btree ("recipient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "phishing_lesson_assignments_token_idx" ON "phishing_lesson_assignments" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "phishing_lesson_assignments_campaign_idx" ON "phishing_lesson_assignments" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "phishing_lesson_assignments_unsent_idx" ON "phishing_lesson_assignments" USING btree ("assigned_at") WHERE mail_queued_at is null;