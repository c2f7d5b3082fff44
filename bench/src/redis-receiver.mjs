// One receiver instance for figure 7: the built client and @daji-openapi/redis, as a user runs them.
// env: REDIS_URL, APP_SECRET, PORT. Prints "listening" once it accepts pushes.
import { createServer } from 'node:http';
import { createMessageHandler, toNodeListener } from '@daji-openapi/client/messages';
import { createRedisSeenStore } from '@daji-openapi/redis';

const seen = await createRedisSeenStore({ url: process.env.REDIS_URL });
const handler = createMessageHandler({ appSecret: process.env.APP_SECRET, seen, onMessage: () => {} });
createServer(toNodeListener(handler)).listen(Number(process.env.PORT), '127.0.0.1', () =>
  console.log('listening'),
);
