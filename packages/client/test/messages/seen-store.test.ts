import { describe, expect, it } from 'vitest';
import { createMemorySeenStore } from '../../src/messages/seen-store.js';

describe('createMemorySeenStore', () => {
  it('remembers ids it was given and nothing else', () => {
    const seen = createMemorySeenStore();
    seen.add('1');
    expect(seen.has('1')).toBe(true);
    expect(seen.has('2')).toBe(false);
  });

  it('forgets the least recently used id once full', () => {
    const seen = createMemorySeenStore({ maxSize: 2 });
    seen.add('a');
    seen.add('b');
    expect(seen.has('a')).toBe(true); // touching "a" makes "b" the oldest
    seen.add('c');
    expect(seen.has('b')).toBe(false);
    expect(seen.has('a')).toBe(true);
    expect(seen.has('c')).toBe(true);
  });

  it('rejects a size that is not a positive integer, naming it', () => {
    expect(() => createMemorySeenStore({ maxSize: 0 })).toThrow(/maxSize must be a positive integer, got 0/);
    expect(() => createMemorySeenStore({ maxSize: 1.5 })).toThrow(/maxSize/);
  });
});
