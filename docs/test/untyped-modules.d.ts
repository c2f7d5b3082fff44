// Test-only dependencies without usable type declarations (postman-collection's bundled typings mark every
// field of a request definition as required, so the tests describe the few members they touch).
declare module 'crypto-js';
declare module 'newman';
declare module 'postman-collection';
