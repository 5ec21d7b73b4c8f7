import type { Database } from '../db/client';
import { hashSecret } from '../lib/tokens';
import type { Principal } from './access';

const CHANNEL = 'banso_auth';
// Notifications keep every instance current; the time limit only bounds a missed one (a dropped listener).
const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * Caches who a credential belongs to, so a request costs no database round trip to authenticate.
 * Database triggers NOTIFY on any change to users, sessions, tokens, memberships, organisations or
 * assignments, and every instance then empties its cache; a write on this instance empties it at once.
 */
export class PrincipalCache {
  readonly #entries = new Map<string, { principal: Principal; expiresAt: number }>();
  #unlisten: (() => Promise<void>) | undefined;

  async start(database: Database): Promise<void> {
    this.#unlisten = await database.listen(CHANNEL, () => this.clear());
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
    this.clear();
  }

  get(credential: string): Principal | undefined {
    const key = hashSecret(credential);
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.principal;
  }

  /** Keeps a principal until the earlier of the cache's time limit and the credential's own expiry. */
  set(credential: string, principal: Principal, credentialExpiresAt: Date | null): void {
    if (this.#entries.size >= MAX_ENTRIES) this.clear();
    const expiresAt = Math.min(Date.now() + TTL_MS, credentialExpiresAt?.getTime() ?? Infinity);
    this.#entries.set(hashSecret(credential), { principal, expiresAt });
  }

  clear(): void {
    this.#entries.clear();
  }
}
