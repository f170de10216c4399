/**
 * Server-made Bybit v5 control messages (venues.md §7.1), shaped like the captured ones:
 * linear acks `{"success":true,"ret_msg":"","conn_id":…,"req_id":"","op":"subscribe"}`, spot acks
 * `{"success":true,"ret_msg":"subscribe","conn_id":…,"op":"subscribe"}` (capture lines 25/27);
 * pongs `{"success":true,"ret_msg":"pong",…,"op":"ping"}`.
 */
import type { BybitCategory } from './capture';

export function ackText(category: BybitCategory, connId: string, op: string, reqId: string | undefined): string {
  const req = reqId !== undefined ? `"req_id":${JSON.stringify(reqId)},` : category === 'linear' ? '"req_id":"",' : '';
  const retMsg = category === 'spot' ? op : '';
  return `{"success":true,"ret_msg":"${retMsg}","conn_id":"${connId}",${req}"op":"${op}"}`;
}

export function pongText(category: BybitCategory, connId: string, reqId: string | undefined): string {
  const req = reqId !== undefined ? `"req_id":${JSON.stringify(reqId)},` : category === 'linear' ? '"req_id":"",' : '';
  return `{"success":true,"ret_msg":"pong","conn_id":"${connId}",${req}"op":"ping"}`;
}

/** An orderbook push of `bytes` characters whose data carries no levels and no `u` (unusable). */
export function oversizedText(original: string, bytes: number): string {
  const m = JSON.parse(original) as { topic: string; ts?: number; data: { s: string } };
  const head = `{"topic":"${m.topic}","type":"delta","ts":${m.ts ?? 0},"data":{"s":"${m.data.s}","pad":"`;
  return `${head}${'x'.repeat(Math.max(0, bytes - head.length - 3))}"}}`;
}
