import type { IncomingMessage, ServerResponse } from 'node:http';

// Same policy as `prism mock` (its --cors default): any origin, any requested header, credentials allowed.
// Browsers reject `*` with credentials, so the request's own Origin is echoed back.

/** Adds the CORS headers every response carries. */
export function addCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', '*');
  if (req.headers.origin) res.setHeader('Vary', 'Origin');
}

/** Answers a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method); false for any other request. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): boolean {
  const requestedMethod = req.headers['access-control-request-method'];
  if (req.method !== 'OPTIONS' || !req.headers.origin || !requestedMethod) return false;
  res.setHeader('Access-Control-Allow-Methods', requestedMethod);
  res.setHeader('Access-Control-Max-Age', '600');
  res.writeHead(204, { 'Content-Length': '0' });
  res.end();
  return true;
}
