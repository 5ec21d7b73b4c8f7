import { describe, expect, it } from 'vitest';
import { ResponseTimeMask } from './timing';

describe('response time mask', () => {
  it('holds an unknown token’s answer for a duration drawn from known answers', async () => {
    const mask = new ResponseTimeMask(() => 0.99);
    let started = performance.now();
    await mask.pad(started);
    // Nothing known yet: nothing to look like.
    expect(performance.now() - started).toBeLessThan(20);
    mask.observe(5);
    mask.observe(60);
    started = performance.now();
    await mask.pad(started);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('never holds longer than two seconds, and not at all once the time has passed', async () => {
    const mask = new ResponseTimeMask(() => 0);
    mask.observe(60_000);
    const started = performance.now();
    await mask.pad(started - 5_000);
    expect(performance.now() - started).toBeLessThan(20);
  });
});
