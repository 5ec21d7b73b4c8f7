CREATE TABLE "starter_dismissals" (
	"organization_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"dismissed_by" uuid,
	"dismissed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "starter_dismissals_organization_id_kind_key_pk" PRIMARY KEY("organization_id","kind","key")
);
--> statement-breakpoint
ALTER TABLE "starter_dismissals" ADD CONSTRAINT "starter_dismissals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "starter_dismissals" ADD CONSTRAINT "starter_dismissals_dismissed_by_users_id_fk" FOREIGN KEY ("dismissed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;