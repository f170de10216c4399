/** Small HTTP helpers shared by the venue impersonators. */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** Refuse a WebSocket upgrade with a plain HTTP status. */
export function rejectUpgrade(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Bad Request'}\r\nConnection: close\r\n\r\n`);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
