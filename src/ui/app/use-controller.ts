import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Controller, ControllerState } from './controller';

export const ControllerContext = createContext<Controller | null>(null);

export function useController(): [ControllerState, Controller] {
  const c = useContext(ControllerContext);
  if (c === null) throw new Error('Controller missing: wrap the app in <ControllerContext.Provider>');
  const state = useSyncExternalStore(
    (fn) => c.subscribe(fn),
    () => c.state,
  );
  return [state, c];
}
