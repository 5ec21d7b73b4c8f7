CREATE TABLE "assessment_answer_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"change" text NOT NULL,
	"state" text,
	"value" jsonb,
	"comment" text,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_answers" (
	"assessment_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"state" text,
	"value" jsonb,
	"comment" text,
	"carried_over" boolean DEFAULT false NOT NULL,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_answers_assessment_id_item_id_pk" PRIMARY KEY("assessment_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_reviews" (
	"assessment_id" uuid NOT NULL,
	"section_id" text NOT NULL,
	"feedback" text NOT NULL,
	"reviewer_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_reviews_assessment_id_section_id_pk" PRIMARY KEY("assessment_id","section_id")
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"program_id" uuid,
	"question_set_id" text NOT NULL,
	"question_set_version" integer NOT NULL,
	"label" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"baseline_assessment_id" uuid,
	"targets" jsonb DEFAULT '{"items":{},"sections":{}}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_summary" text,
	"reopened_by" uuid,
	"reopened_at" timestamp with time zone,
	"reopen_reason" text
);
--> statement-breakpoint
CREATE TABLE "asset_links" (
	"organization_id" uuid NOT NULL,
	"primary_asset_id" uuid NOT NULL,
	"supporting_asset_id" uuid NOT NULL,
	CONSTRAINT "asset_links_primary_asset_id_supporting_asset_id_pk" PRIMARY KEY("primary_asset_id","supporting_asset_id")
);
--> statement-breakpoint
CREATE TABLE "assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"type" text NOT NULL,
	"owner" text DEFAULT '' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"confidentiality" smallint,
	"integrity" smallint,
	"availability" smallint,
	"rto_hours" double precision,
	"rpo_hours" double precision,
	"notes" text DEFAULT '' NOT NULL,
	"starter_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "business_processes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"owner" text DEFAULT '' NOT NULL,
	"impacts" jsonb NOT NULL,
	"mtd_hours" double precision,
	"rto_hours" double precision,
	"rpo_hours" double precision,
	"recovery_priority" smallint,
	"starter_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "process_dependencies" (
	"process_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	CONSTRAINT "process_dependencies_process_id_asset_id_pk" PRIMARY KEY("process_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "phishing_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"group_id" uuid NOT NULL,
	"template_ref" text NOT NULL,
	"locale" text NOT NULL,
	"sender_name" text NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"difficulty" smallint NOT NULL,
	"red_flags" jsonb NOT NULL,
	"landing_page" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"start_at" timestamp with time zone,
	"window_start_minute" smallint NOT NULL,
	"window_end_minute" smallint NOT NULL,
	"time_zone" text NOT NULL,
	"send_rate_per_minute" integer NOT NULL,
	"base_url" text,
	"launched_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phishing_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text,
	"classification" text NOT NULL,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "phishing_recipients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"target_id" uuid,
	"token" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"department" text,
	"position" text,
	"sent_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"send_error" text,
	"opened_at" timestamp with time zone,
	"clicked_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"reported_at" timestamp with time zone,
	"scanner_events" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phishing_target_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phishing_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"department" text,
	"position" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phishing_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"locale" text NOT NULL,
	"sender_name" text NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"difficulty" smallint NOT NULL,
	"red_flags" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_assets" (
	"risk_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	CONSTRAINT "risk_assets_risk_id_asset_id_pk" PRIMARY KEY("risk_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "risk_matrices" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"config" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"title" text NOT NULL,
	"threat" text DEFAULT '' NOT NULL,
	"vulnerability" text DEFAULT '' NOT NULL,
	"likelihood" smallint NOT NULL,
	"impact" smallint NOT NULL,
	"residual_likelihood" smallint,
	"residual_impact" smallint,
	"treatment" text,
	"treatment_plan" text DEFAULT '' NOT NULL,
	"owner_user_id" uuid,
	"owner_name" text,
	"due_on" date,
	"status" text DEFAULT 'open' NOT NULL,
	"starter_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessment_answer_history" ADD CONSTRAINT "assessment_answer_history_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_answer_history" ADD CONSTRAINT "assessment_answer_history_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_answers" ADD CONSTRAINT "assessment_answers_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_answers" ADD CONSTRAINT "assessment_answers_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_reviews" ADD CONSTRAINT "assessment_reviews_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_reviews" ADD CONSTRAINT "assessment_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_baseline_assessment_id_assessments_id_fk" FOREIGN KEY ("baseline_assessment_id") REFERENCES "public"."assessments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_reopened_by_users_id_fk" FOREIGN KEY ("reopened_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_links" ADD CONSTRAINT "asset_links_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_links" ADD CONSTRAINT "asset_links_primary_asset_id_assets_id_fk" FOREIGN KEY ("primary_asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_links" ADD CONSTRAINT "asset_links_supporting_asset_id_assets_id_fk" FOREIGN KEY ("supporting_asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assets" ADD CONSTRAINT "assets_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_processes" ADD CONSTRAINT "business_processes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_dependencies" ADD CONSTRAINT "process_dependencies_process_id_business_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."business_processes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_dependencies" ADD CONSTRAINT "process_dependencies_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_campaigns" ADD CONSTRAINT "phishing_campaigns_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_campaigns" ADD CONSTRAINT "phishing_campaigns_group_id_phishing_target_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."phishing_target_groups"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_events" ADD CONSTRAINT "phishing_events_campaign_id_phishing_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."phishing_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_events" ADD CONSTRAINT "phishing_events_recipient_id_phishing_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."phishing_recipients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_recipients" ADD CONSTRAINT "phishing_recipients_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_recipients" ADD CONSTRAINT "phishing_recipients_campaign_id_phishing_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."phishing_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_recipients" ADD CONSTRAINT "phishing_recipients_target_id_phishing_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."phishing_targets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_target_groups" ADD CONSTRAINT "phishing_target_groups_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_targets" ADD CONSTRAINT "phishing_targets_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_targets" ADD CONSTRAINT "phishing_targets_group_id_phishing_target_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."phishing_target_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phishing_templates" ADD CONSTRAINT "phishing_templates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assets" ADD CONSTRAINT "risk_assets_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assets" ADD CONSTRAINT "risk_assets_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_matrices" ADD CONSTRAINT "risk_matrices_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_matrices" ADD CONSTRAINT "risk_matrices_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_answer_history_idx" ON "assessment_answer_history" USING btree ("assessment_id","changed_at");--> statement-breakpoint
CREATE INDEX "assessments_org_idx" ON "assessments" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "assessments_program_set_idx" ON "assessments" USING btree ("program_id","question_set_id");--> statement-breakpoint
CREATE INDEX "asset_links_supporting_idx" ON "asset_links" USING btree ("supporting_asset_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assets_org_name_key_idx" ON "assets" USING btree ("organization_id","name_key");--> statement-breakpoint
CREATE UNIQUE INDEX "business_processes_org_name_idx" ON "business_processes" USING btree ("organization_id","name");--> statement-breakpoint
CREATE INDEX "process_dependencies_asset_idx" ON "process_dependencies" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "phishing_campaigns_org_idx" ON "phishing_campaigns" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "phishing_events_recipient_idx" ON "phishing_events" USING btree ("recipient_id","at");--> statement-breakpoint
CREATE INDEX "phishing_events_campaign_idx" ON "phishing_events" USING btree ("campaign_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "phishing_recipients_token_idx" ON "phishing_recipients" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "phishing_recipients_campaign_email_idx" ON "phishing_recipients" USING btree ("campaign_id","email");--> statement-breakpoint
CREATE INDEX "phishing_recipients_unsent_idx" ON "phishing_recipients" USING btree ("campaign_id","sent_at");--> statement-breakpoint
CREATE INDEX "phishing_target_groups_org_idx" ON "phishing_target_groups" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "phishing_targets_group_email_idx" ON "phishing_targets" USING btree ("group_id","email");--> statement-breakpoint
CREATE INDEX "phishing_targets_org_idx" ON "phishing_targets" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "phishing_templates_org_idx" ON "phishing_templates" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "risk_assets_asset_idx" ON "risk_assets" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "risks_org_idx" ON "risks" USING btree ("organization_id");