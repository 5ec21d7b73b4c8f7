interface Window {
  count: number;
  resetAt: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the address's window starts anew. */
  resetSeconds: number;
}

/**
 * At most `max` requests per address in a window of `windowMs` that starts with the address's
 * first request. Kept in memory per process, like the API's own limits.
 */
export class AddressRateLimit {
  readonly #windows = new Map<string, Window>();
  #sweepAt = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  hit(address: string, now = Date.now()): RateDecision {
    if (now >= this.#sweepAt) this.#sweep(now);
    let window = this.#windows.get(address);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.#windows.set(address, window);
    }
    window.count++;
    return {
      allowed: window.count <= this.max,
      limit: this.max,
      remaining: Math.max(0, this.max - window.count),
      resetSeconds: Math.ceil((window.resetAt - now) / 1000),
    };
  }

  /** Forgets the addresses whose window has passed, so memory follows the recent addresses only. */
  #sweep(now: number): void {
    for (const [address, window] of this.#windows) {
      if (window.resetAt <= now) this.#windows.delete(address);
    }
    this.#sweepAt = now + this.windowMs;
  }
}
