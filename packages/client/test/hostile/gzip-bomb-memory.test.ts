import { describe, expect, it } from 'vitest';
import { DajiResponseTooLargeError } from '../../src/index.js';
import { BOMB_DECODED_BYTES, MiB, peakGrowthUnderBomb } from './gzip-bomb.js';

// Its own file, so its own worker: peak RSS is measured against this process's peak before the call.
//
// What the call may keep is the decoded body up to the limit: the client holds the chunks the runtime
// hands over and copies nothing until the body is complete. On top of that, Node's fetch leaves about
// 60 MiB of decoder buffers as garbage before V8 collects them, whatever the limit (see the 256 MiB case
// in gzip-bomb-memory-large-limit.test.ts, where growth is well below twice the limit).
describe('memory under a decompression bomb, default limit (32 MiB)', () => {
  it('2.5 GiB of decoded gzip: peak RSS grows by at most the limit plus the runtime decoder garbage', async () => {
    const { error, growth } = await peakGrowthUnderBomb();
    expect(error).toBeInstanceOf(DajiResponseTooLargeError);
    expect((error as DajiResponseTooLargeError).limitBytes).toBe(32 * MiB);
    expect(growth).toBeLessThan(32 * MiB + 96 * MiB);
    expect(growth).toBeLessThan(BOMB_DECODED_BYTES / 16);
  });
});
