export { createDajiClient } from './src/index.ts';
