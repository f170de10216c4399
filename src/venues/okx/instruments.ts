import { isObj, num, type Obj } from './messages';

/**
 * The `instruments` channel (OKX v5 public WS "Instruments channel", subscribed per `instType`;
 * the full list is pushed after the subscribe, then changed instruments): the contract size of
 * the SWAP / FUTURES / OPTION instruments, whose book and trade `sz` count CONTRACTS, not base
 * units (venues.md §4.5). Fields are strings, "" where not applicable (the same as REST
 * `GET /api/v5/public/instruments`):
 * `{"arg":{"channel":"instruments","instType":"SWAP"},"data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP",
 *   "uly":"BTC-USDT","instFamily":"BTC-USDT","ctVal":"0.01","ctMult":"1","ctValCcy":"BTC","ctType":"linear",…}]}`
 * (linear: 0.01 BTC per contract); `BTC-USD-SWAP` has `"ctVal":"100","ctValCcy":"USD","ctType":"inverse"`
 * (100 USD per contract, whose BTC value depends on the price). ⚠ Values quoted from the OKX docs
 * and third-party mirrors (nautilus `OKXInstrument`, gocryptotrader test data), not from a capture
 * of ours.
 */

/** What one contract is worth: base units (`isInverse` false) or quote units (`isInverse` true). */
export type ContractSize = { readonly sizeUnit: number; readonly isInverse: boolean } | { readonly error: string };

/** `instruments` push: `arg` names the instType, not an instId (so it is not a `Push`). */
export function isInstrumentsPush(m: Obj): m is Obj & { readonly data: readonly unknown[] } {
  return isObj(m.arg) && m.arg.channel === 'instruments' && Array.isArray(m.data);
}

/**
 * The unit of one contract from its `ctVal` × `ctMult` in `ctValCcy`. The currency decides, not
 * `ctType` alone: `ctValCcy` = the underlying's base (BTC of BTC-USDT) ⇒ base units per contract;
 * = its quote (USD of BTC-USD) ⇒ quote units per contract (inverse). `ctType`, when given, must
 * agree — the OKX docs' own FUTURES example pairs `ctType":"linear"` with `"ctValCcy":"USD"` on
 * BTC-USD-191115 ⚠; a contradiction is reported and leaves the unit unknown (never a guess).
 */
export function contractSizeOf(d: Obj): ContractSize {
  const instId = typeof d.instId === 'string' ? d.instId : '';
  const ctVal = num(d.ctVal);
  const ctMult = num(d.ctMult);
  if (!(ctVal > 0 && ctVal < Infinity && ctMult > 0 && ctMult < Infinity)) {
    return { error: `${instId}: ctVal ${String(d.ctVal)} × ctMult ${String(d.ctMult)} is not a contract size` };
  }
  const und = underlyingOf(d, instId);
  const dash = und.indexOf('-');
  const base = dash > 0 ? und.slice(0, dash) : '';
  const quote = dash > 0 ? und.slice(dash + 1) : '';
  const ccy = typeof d.ctValCcy === 'string' ? d.ctValCcy : '';
  const isInverse = ccy !== '' && ccy === quote;
  if (!isInverse && (ccy === '' || ccy !== base)) return { error: `${instId}: ctValCcy ${ccy || '""'} is neither base nor quote of ${und || '?'}` };
  const ctType = typeof d.ctType === 'string' ? d.ctType : '';
  if ((ctType === 'linear' && isInverse) || (ctType === 'inverse' && !isInverse)) {
    return { error: `${instId}: ctType ${ctType} contradicts ctValCcy ${ccy} of ${und}` };
  }
  return { sizeUnit: ctVal * ctMult, isInverse };
}

/** `uly` / `instFamily` (`BTC-USD`), else the first two parts of the instId. */
function underlyingOf(d: Obj, instId: string): string {
  if (typeof d.uly === 'string' && d.uly !== '') return d.uly;
  if (typeof d.instFamily === 'string' && d.instFamily !== '') return d.instFamily;
  const second = instId.indexOf('-', instId.indexOf('-') + 1);
  return second > 0 ? instId.slice(0, second) : '';
}
