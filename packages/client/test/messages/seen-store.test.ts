import { describe, expect, it } from 'vitest';
import { createMemorySeenStore } from '../../src/messages/seen-store.js';

describe('createMemorySeenStore', () => {
  it('hands a new id to the first claim only, until it is completed or released', () => {
    const seen = createMemorySeenStore();
    expect(seen.claim('1')).toBe('claimed');
    expect(seen.claim('1')).toBe('processing');
    expect(seen.claim('2')).toBe('claimed');
  });

  it('answers done for a completed id, and never hands it out again', () => {
    const seen = createMemorySeenStore();
    seen.claim('1');
    seen.complete('1');
    expect(seen.claim('1')).toBe('done');
    expect(seen.claim('1')).toBe('done');
  });

  it('hands a released id to the next claim', () => {
    const seen = createMemorySeenStore();
    seen.claim('1');
    seen.release('1');
    expect(seen.claim('1')).toBe('claimed');
  });

  it('forgets the least recently used done id once full', () => {
    const seen = createMemorySeenStore({ maxSize: 2 });
    for (const id of ['a', 'b']) {
      seen.claim(id);
      seen.complete(id);
    }
    expect(seen.claim('a')).toBe('done'); // touching "a" makes "b" the oldest
    seen.claim('c');
    seen.complete('c');
    expect(seen.claim('b')).toBe('claimed');
    expect(seen.claim('a')).toBe('done');
    expect(seen.claim('c')).toBe('done');
  });

  it('never forgets a claim in progress, however many ids complete meanwhile', () => {
    const seen = createMemorySeenStore({ maxSize: 1 });
    seen.claim('held');
    for (const id of ['x', 'y', 'z']) {
      seen.claim(id);
      seen.complete(id);
    }
    expect(seen.claim('held')).toBe('processing');
  });

  it('rejects a size that is not a positive integer, naming it', () => {
    expect(() => createMemorySeenStore({ maxSize: 0 })).toThrow(/maxSize must be a positive integer, got 0/);
    expect(() => createMemorySeenStore({ maxSize: 1.5 })).toThrow(/maxSize/);
  });
});
