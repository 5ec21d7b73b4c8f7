ALTER TABLE "phishing_events" DROP CONSTRAINT "phishing_events_campaign_id_phishing_campaigns_id_fk";
--> statement-breakpoint
-- What the key's ON DELETE CASCADE did, without a lookup on every recorded hit.
CREATE FUNCTION "phishing_campaign_events_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "phishing_events" WHERE "campaign_id" = OLD."id";
  RETURN OLD;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "phishing_campaign_events_delete" AFTER DELETE ON "phishing_campaigns"
  FOR EACH ROW EXECUTE FUNCTION "phishing_campaign_events_delete"();
