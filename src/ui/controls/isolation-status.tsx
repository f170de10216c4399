interface StatusProps {
  readonly isolated: boolean;
  readonly reason: string | null;
}

/** Always visible (e2e contract): whether the SharedArrayBuffer data plane is in use. */
export function IsolationStatus({ isolated, reason }: StatusProps) {
  return (
    <span
      data-testid="isolation-status"
      className={`isolation-status ${isolated ? 'ok' : 'warn'}`}
      title={isolated ? 'SharedArrayBuffer data plane: the UI reads engine memory directly each frame' : (reason ?? '')}
    >
      crossOriginIsolated: {String(isolated)}
    </span>
  );
}

/** Only when not isolated: the app runs on the copy-per-frame fallback (DESIGN.md principle 4). */
export function IsolationBanner({ reason }: { readonly reason: string | null }) {
  return (
    <div data-testid="isolation-banner" className="isolation-banner" role="status">
      This page is not cross-origin isolated ({reason ?? 'headers missing'}): running on the fallback data path, copying
      engine buffers every frame. Everything works; it costs more CPU. Serve with COOP/COEP headers (or allow the
      service worker) for shared memory.
    </div>
  );
}
