/**
 * Kraken v2 sends `price`/`qty` as JSON NUMBERS whose literal text carries the pair's precision
 * (`0.10000000`, `0E-8`); the CRC32 hashes that text (venues.md §1.7, §8.2; KR-SDK `book/wire.rs`
 * keeps "wire strings verbatim for CRC32"). A plain `JSON.parse` turns `0.00100000` into 0.001 and
 * breaks the checksum (§8.2: 974947235 becomes 4245781228). So `price`/`qty` come out of
 * `parseKraken` as their exact source text.
 *
 * Two ways, chosen once at load:
 * - `quoteLiterals` (default, every engine): one indexOf-driven pass wraps the number literal
 *   after each `"price":` / `"qty":` key in quotes, then a plain `JSON.parse`. A key can never
 *   match inside a JSON string: a quote there would be escaped (`\"price\":`).
 * - `JSON.parse(text, reviver)` with `context.source` ("JSON.parse source text access", Chrome
 *   114 / Firefox 135 / Safari 18.4). Measured in V8 (Node 20 with
 *   --harmony-json-parse-with-source, 14.5k v2-shaped book frames): JSON.parse 10.9 ms, pre-pass
 *   + JSON.parse 20.8 ms, reviver 101 ms — the reviver visits every value and is ~5× SLOWER, so it is used only when `preferSourceAccess` is
 *   set; it is kept, feature-detected, as the reference the tests compare the pre-pass against.
 */

const PRICE = '"price":';
const QTY = '"qty":';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** End of the JSON number literal starting at `i` (RFC 8259 grammar:
 * `-? int frac? exp?`), or -1 when the text there is not one — then the frame is left for
 * `JSON.parse` to reject, instead of a malformed literal becoming a harmless-looking string. */
function numberEnd(t: string, i: number): number {
  const len = t.length;
  if (t.charCodeAt(i) === 45) i++; // '-'
  if (!isDigit(t.charCodeAt(i))) return -1;
  if (t.charCodeAt(i) === 48) i++;
  else while (i < len && isDigit(t.charCodeAt(i))) i++;
  if (t.charCodeAt(i) === 46) {
    i++;
    if (!isDigit(t.charCodeAt(i))) return -1;
    while (i < len && isDigit(t.charCodeAt(i))) i++;
  }
  const e = t.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const sign = t.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    if (!isDigit(t.charCodeAt(i))) return -1;
    while (i < len && isDigit(t.charCodeAt(i))) i++;
  }
  return i;
}

/** Wrap the number literal after every `"price":` / `"qty":` in quotes. Returns `text` itself
 * when there is none (v1 arrays, acks, heartbeats: no copy). */
export function quoteLiterals(text: string): string {
  let p = text.indexOf(PRICE);
  let q = text.indexOf(QTY);
  if (p < 0 && q < 0) return text;
  let out = '';
  let last = 0;
  const len = text.length;
  while (p >= 0 || q >= 0) {
    let at: number;
    if (q < 0 || (p >= 0 && p < q)) {
      at = p + PRICE.length;
      p = text.indexOf(PRICE, at);
    } else {
      at = q + QTY.length;
      q = text.indexOf(QTY, at);
    }
    while (at < len && text.charCodeAt(at) <= 32) at++; // JSON whitespace after the colon
    const c0 = text.charCodeAt(at);
    if (!((c0 >= 48 && c0 <= 57) || c0 === 45)) continue; // a string or null already: leave it
    const end = numberEnd(text, at);
    if (end < 0) continue; // not a number: JSON.parse decides
    out += text.slice(last, at) + '"' + text.slice(at, end) + '"';
    last = end;
  }
  return last === 0 ? text : out + text.slice(last);
}

type SourceReviver = (this: unknown, key: string, value: unknown, ctx?: { source?: string }) => unknown;

const keepSource: SourceReviver = (key, value, ctx) =>
  typeof value === 'number' && (key === 'price' || key === 'qty') && ctx?.source !== undefined ? ctx.source : value;

/** Feature test: does this engine pass `context.source` to revivers? */
export const hasSourceAccess: boolean = (() => {
  try {
    let seen = false;
    (JSON.parse as (t: string, r: SourceReviver) => unknown)('{"price":1.50}', (k, v, ctx) => {
      if (k === 'price' && ctx?.source === '1.50') seen = true;
      return v;
    });
    return seen;
  } catch {
    return false;
  }
})();

/** Parse with the engine's source-text access (undefined when the engine has none). */
export function parseWithSource(text: string): unknown {
  if (!hasSourceAccess) return undefined;
  return (JSON.parse as (t: string, r: SourceReviver) => unknown)(text, keepSource);
}

/** Parse a Kraken frame (v1 or v2) keeping `price`/`qty` literals as strings. Throws on bad JSON
 * (the pipeline turns that into a `bad-json` problem). */
export function parseKraken(text: string, preferSourceAccess = false): unknown {
  // v1 market data are arrays of strings (PROVENANCE.md §4.5): nothing to protect.
  if (text.charCodeAt(0) === 91) return JSON.parse(text);
  if (preferSourceAccess && hasSourceAccess) return parseWithSource(text);
  return JSON.parse(quoteLiterals(text));
}
