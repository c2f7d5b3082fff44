// One receiver instance for the multi-process test: the built package and the built client, as a user runs them.
// env: REDIS_URL, APP_SECRET, PORT, OUT_DIR, KILL_RATE, PROCESSING_TTL_MS
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createMessageHandler, toNodeListener } from '@daji-openapi/client/messages';
import { createRedisSeenStore } from '../../dist/index.js';

const { REDIS_URL, APP_SECRET, PORT, OUT_DIR, KILL_RATE, PROCESSING_TTL_MS } = process.env;
const killRate = Number(KILL_RATE);
const effects = join(OUT_DIR, `effects-${process.pid}.log`);
const kills = join(OUT_DIR, `kills-${process.pid}.log`);

const store = await createRedisSeenStore({ url: REDIS_URL, processingTtlMs: Number(PROCESSING_TTL_MS) });
// Messages whose side effect is written but whose `complete` has not returned: a death now may process
// them twice, and is the only thing allowed to.
const unrecorded = new Set();
const seen = {
  claim: (msgId) => store.claim(msgId),
  release: (msgId) => store.release(msgId),
  complete: async (msgId) => {
    await store.complete(msgId);
    unrecorded.delete(msgId);
  },
};
function die() {
  if (unrecorded.size > 0) appendFileSync(kills, `${[...unrecorded].join('\n')}\n`);
  process.kill(process.pid, 'SIGKILL');
}
const handler = createMessageHandler({
  appSecret: APP_SECRET,
  seen,
  onMessage: async (message) => {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
    const roll = Math.random();
    // Half the deaths come before the side effect (this message was not processed), half after it and
    // before `complete` (processed but not recorded).
    if (roll < killRate / 2) die();
    appendFileSync(effects, `${message.msgId}\n`);
    unrecorded.add(message.msgId);
    if (roll < killRate) die();
  },
});
// Started as a warm spare: connected to Redis, listening only once told to take over the port.
process.on('message', (command) => {
  if (command !== 'listen') return;
  createServer(toNodeListener(handler)).listen(Number(PORT), '127.0.0.1', () => process.send?.('listening'));
});
process.send?.('ready');
process.on('disconnect', () => process.exit(0));
