import { describe, expect, it } from 'vitest';
import { createSharedScratch } from './shared-scratch.js';

describe('shared scratch', () => {
  it('hands out a buffer given back instead of allocating a new one', () => {
    const scratch = createSharedScratch();
    const first = scratch.take(1024);
    scratch.giveBack([first]);
    expect(scratch.take(512)).toBe(first);
  });

  it('never hands the same buffer to two callers before it is given back', () => {
    const scratch = createSharedScratch();
    const a = scratch.take(64);
    const b = scratch.take(64);
    expect(b).not.toBe(a);
    scratch.giveBack([a]);
    expect(scratch.take(64)).toBe(a);
    expect(scratch.take(64)).not.toBe(b);
  });

  it('takes the smallest free buffer that fits, and allocates when none does', () => {
    const scratch = createSharedScratch();
    const [small, large] = [new SharedArrayBuffer(100), new SharedArrayBuffer(1000)];
    scratch.giveBack([large, small]);
    expect(scratch.take(50)).toBe(small);
    const fresh = scratch.take(2000);
    expect(fresh.byteLength).toBe(2000);
    expect(scratch.take(500)).toBe(large);
  });

  it('keeps only the three largest buffers given back', () => {
    const scratch = createSharedScratch();
    const buffers = [10, 20, 30, 40].map((bytes) => new SharedArrayBuffer(bytes));
    scratch.giveBack(buffers);
    expect(scratch.take(1)).toBe(buffers[1]); // the 10-byte buffer was dropped
    expect(scratch.take(1)).toBe(buffers[2]);
    expect(scratch.take(1)).toBe(buffers[3]);
    expect(buffers).not.toContain(scratch.take(1));
  });
});
