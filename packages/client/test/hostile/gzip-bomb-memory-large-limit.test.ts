import { describe, expect, it } from 'vitest';
import { DajiResponseTooLargeError } from '../../src/index.js';
import { BOMB_DECODED_BYTES, MiB, peakGrowthUnderBomb } from './gzip-bomb.js';

// Its own file, so its own worker: peak RSS is measured against this process's peak before the call.
// With a limit large enough that the runtime's fixed decoder garbage (about 60 MiB) no longer dominates,
// the growth is the limit itself plus that constant: well below twice the limit, and a tenth of the body.
describe('memory under a decompression bomb, maxResponseBytes 256 MiB', () => {
  it('2.5 GiB of decoded gzip: peak RSS growth stays well below twice the limit', async () => {
    const limit = 256 * MiB;
    const { error, growth } = await peakGrowthUnderBomb(limit);
    expect(error).toBeInstanceOf(DajiResponseTooLargeError);
    expect((error as DajiResponseTooLargeError).limitBytes).toBe(limit);
    expect(growth).toBeLessThan(1.5 * limit);
    expect(growth).toBeLessThan(BOMB_DECODED_BYTES / 8);
  });
});
