/** The built-in demo capture shipped in public/demo (see its README): offline-capable. */
export const DEMO_FILE = 'demo/BTCUSDT_2024-08-08T2354Z_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz';
export const DEMO_LABEL = 'Binance BTCUSDT, recorded 2024-08-08 23:54 UTC';

export const demoUrl = (): string => new URL(DEMO_FILE, document.baseURI).href;

/** Live must reach `live` within this long on first open, or the demo takes over. */
export const LIVE_DEADLINE_MS = 6000;
/** Reconnects (summed over streams) that count as "repeated connection problems". */
export const FALLBACK_RECONNECTS = 2;
