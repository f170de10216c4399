/**
 * Manual demo launcher: `node --import tsx tests/impersonator/main.ts --port 9100 [--speed 1]
 * [--capture a.jsonl.gz --capture b.jsonl.gz] [--start now]`, then open
 * `/?venue=binance&symbols=BTCUSDT&mode=live&streamBase=ws://127.0.0.1:9100&wsApi=ws://127.0.0.1:9100/ws-api/v3&rest=http://127.0.0.1:9100`.
 * Faults: `curl -XPOST localhost:9100/control -d '{"fault":"dropDepth"}'`; `curl localhost:9100/status`.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CAPTURE } from './capture';
import { startImpersonator } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9100' },
    host: { type: 'string', default: '127.0.0.1' },
    speed: { type: 'string', default: '1' },
    capture: { type: 'string', multiple: true },
    start: { type: 'string', default: 'connect' },
  },
});

const imp = await startImpersonator({
  host: values.host,
  port: Number(values.port),
  speed: Number(values.speed),
  captures: values.capture ?? [DEFAULT_CAPTURE],
  autoStart: values.start === 'now' ? 'now' : values.start === 'manual' ? 'manual' : 'connect',
  log: (line) => console.log(`[impersonator] ${line}`),
});
const e = imp.endpoints;
console.log(`app URL: /?venue=binance&symbols=${imp.capture.symbol}&mode=live&streamBase=${e.streamBase}&wsApi=${e.wsApi}&rest=${e.rest}`);
const stop = (): void => void imp.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
