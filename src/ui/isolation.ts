/**
 * Cross-origin isolation (needed for SharedArrayBuffer, DESIGN.md principle 4).
 * `vite` / `vite preview` send COOP/COEP themselves (vite.config.ts). A static host that cannot
 * gets them from public/coi-sw.js: register it, reload once so the page is controlled by it.
 * If that is impossible (no service workers, insecure context, still not isolated after the
 * reload) the app runs on the copy-per-frame fallback and says so.
 */
export type IsolationOutcome =
  | { readonly kind: 'isolated' }
  /** The service worker is being installed; the page reloads when it controls us. */
  | { readonly kind: 'enabling' }
  | { readonly kind: 'fallback'; readonly reason: string };

const RELOAD_FLAG = 'bookscope:coi-reload';

export function isIsolated(): boolean {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}

export async function ensureIsolation(): Promise<IsolationOutcome> {
  if (isIsolated()) {
    sessionStorage.removeItem(RELOAD_FLAG);
    return { kind: 'isolated' };
  }
  if (!window.isSecureContext) return { kind: 'fallback', reason: 'insecure context (service workers need https or localhost)' };
  if (!('serviceWorker' in navigator)) return { kind: 'fallback', reason: 'service workers unavailable' };
  // One attempt per tab session: if we already reloaded under the worker and are still not
  // isolated, the host or browser refuses (e.g. a private window blocks service workers).
  if (sessionStorage.getItem(RELOAD_FLAG) !== null) {
    return { kind: 'fallback', reason: 'service worker did not isolate the page' };
  }
  try {
    const swUrl = new URL('coi-sw.js', new URL(import.meta.env.BASE_URL, document.baseURI));
    const reg = await navigator.serviceWorker.register(swUrl.href, { scope: new URL('./', swUrl).pathname });
    sessionStorage.setItem(RELOAD_FLAG, String(Date.now()));
    if (navigator.serviceWorker.controller !== null && reg.active !== null) {
      // Controlled yet not isolated: the response predates the worker. Reload once.
      window.location.reload();
      return { kind: 'enabling' };
    }
    navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
    // A worker that activates without claiming (or a stuck install) must not leave us waiting.
    setTimeout(() => window.location.reload(), 4000);
    return { kind: 'enabling' };
  } catch (err) {
    return { kind: 'fallback', reason: `service worker registration failed: ${String(err)}` };
  }
}
