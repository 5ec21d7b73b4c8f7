ALTER TABLE "phishing_events" DROP CONSTRAINT "phishing_events_recipient_id_phishing_recipients_id_fk";
--> statement-breakpoint
DROP INDEX "phishing_events_recipient_idx";--> statement-breakpoint
ALTER TABLE "phishing_recipients" ADD COLUMN "human_click_clients" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
-- The clients of the human clicks recorded so far, as the recorder used to read them from the events.
UPDATE "phishing_recipients" r SET "human_click_clients" = c.clients
FROM (
  SELECT d.recipient_id, jsonb_agg(jsonb_build_object('ip', d.ip, 'userAgent', d.user_agent)) AS clients
  FROM (
    SELECT recipient_id, ip, user_agent,
      row_number() OVER (PARTITION BY recipient_id ORDER BY min(at)) AS n
    FROM "phishing_events"
    WHERE kind = 'click' AND classification = 'human'
    GROUP BY recipient_id, ip, user_agent
  ) d
  WHERE d.n <= 20
  GROUP BY d.recipient_id
) c
WHERE r.id = c.recipient_id;
