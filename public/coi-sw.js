/*
 * Cross-origin isolation for static hosts that cannot send COOP/COEP headers (GitHub Pages...).
 * SharedArrayBuffer (the data plane, DESIGN.md principle 4) needs `crossOriginIsolated`, which
 * needs COOP: same-origin + COEP on the document. This service worker re-serves every response
 * with those headers (and CORP so our own subresources pass COEP). Registered by
 * src/ui/isolation.ts only when the page is not isolated; the page reloads once to be controlled.
 * Same technique as gzuidhof/coi-serviceworker (MIT).
 */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  // Chrome bug: only-if-cached with a non same-origin mode throws (crbug.com/823392).
  if (req.cache === 'only-if-cached' && req.mode !== 'same-origin') return;
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.status === 0) return res; // opaque: headers cannot be changed
        const headers = new Headers(res.headers);
        headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
        headers.set('Cross-Origin-Opener-Policy', 'same-origin');
        if (!headers.has('Cross-Origin-Resource-Policy')) headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
        return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
      })
      .catch((err) => {
        console.error('coi-sw fetch failed', err);
        return Response.error();
      }),
  );
});
