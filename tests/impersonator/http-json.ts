import type { ServerResponse } from 'node:http';

export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Expose-Headers': 'Retry-After, X-MBX-USED-WEIGHT-1M',
  // A COEP (require-corp) page may read it (vite.config.ts isolation headers).
  'Cross-Origin-Resource-Policy': 'cross-origin',
} as const;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...CORS_HEADERS, 'Content-Type': 'application/json;charset=UTF-8', ...headers });
  res.end(body === null ? undefined : JSON.stringify(body));
}
