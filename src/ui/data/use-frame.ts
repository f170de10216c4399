import { createContext, useContext, useEffect, useReducer } from 'react';
import type { FrameStore } from './frame-store';

export const StoreContext = createContext<FrameStore | null>(null);

export function useStore(): FrameStore {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('FrameStore missing: wrap the app in <StoreContext.Provider>');
  return store;
}

/**
 * Re-render the calling component at most `hz` times per second with the latest frame.
 * The rAF loop reads the data plane at display rate; text panels do not need 60 Hz React
 * renders (charts subscribe to the store directly instead).
 */
export function useFrame(hz: number): FrameStore {
  const store = useStore();
  const [, force] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    let lastMs = 0;
    const minGapMs = 1000 / hz;
    return store.subscribe(() => {
      const now = performance.now();
      if (now - lastMs < minGapMs) return;
      lastMs = now;
      force();
    });
  }, [store, hz]);
  return store;
}
