-- Any change that can alter who a signed-in caller is or what they may open tells every server instance,
-- which then drops its cached principals (see src/server/http/principal-cache.ts).
CREATE OR REPLACE FUNCTION banso_notify_auth_change() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('banso_auth', TG_TABLE_NAME);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER users_auth_change AFTER UPDATE OR DELETE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION banso_notify_auth_change();
--> statement-breakpoint
CREATE TRIGGER sessions_auth_change AFTER DELETE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION banso_notify_auth_change();
--> statement-breakpoint
CREATE TRIGGER api_tokens_auth_change AFTER UPDATE OR DELETE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION banso_notify_auth_change();
--> statement-breakpoint
CREATE TRIGGER memberships_auth_change AFTER INSERT OR UPDATE OR DELETE ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION banso_notify_auth_change();
--> statement-breakpoint
CREATE TRIGGER organizations_auth_change AFTER UPDATE OR DELETE ON organizations
  FOR EACH STATEMENT EXECUTE FUNCTION banso_notify_auth_change();
--> statement-breakpoint
CREATE TRIGGER expert_assignments_auth_change AFTER INSERT OR UPDATE OR DELETE ON expert_assignments
  FOR EACH STATEMENT EXECUTE FUNCTION banso_notify_auth_change();
