/** The longest an answer for an unknown token is held back, whatever a slow write once took. */
const MAX_PAD_MS = 2_000;
const SAMPLES = 64;

/**
 * Makes answers for unknown and malformed tokens take about as long as those for known ones,
 * which wait for their event to be written: each is held until a duration drawn from the recent
 * known answers has passed. Waiting costs a timer, not work, and known tokens never wait.
 */
export class ResponseTimeMask {
  #samples: number[] = [];
  #next = 0;

  constructor(private readonly random: () => number = Math.random) {}

  /** Records how long the answer for a known token took. */
  observe(ms: number): void {
    if (this.#samples.length < SAMPLES) this.#samples.push(ms);
    else this.#samples[this.#next] = ms;
    this.#next = (this.#next + 1) % SAMPLES;
  }

  /** Resolves once the answer started at `startedAt` (performance.now()) looks like a known one. */
  async pad(startedAt: number): Promise<void> {
    if (this.#samples.length === 0) return;
    const target = this.#samples[Math.floor(this.random() * this.#samples.length)] ?? 0;
    const wait = Math.min(target, MAX_PAD_MS) - (performance.now() - startedAt);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}
