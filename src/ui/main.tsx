import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { Controller } from './app/controller';
import { ControllerContext } from './app/use-controller';
import { IsolationStatus } from './controls/isolation-status';
import { FrameLoop } from './data/frame-loop';
import { FrameStore } from './data/frame-store';
import { StoreContext } from './data/use-frame';
import { createEngineClient } from './engine-client';
import { ensureIsolation, isIsolated } from './isolation';
import { parseView } from './url-view';
import './styles/base.css';
import './styles/layout.css';
import './styles/panels.css';
import './styles/ladder.css';
import './styles/lists.css';
import './styles/cross.css';

const rootEl = document.getElementById('root');
if (rootEl === null) throw new Error('#root missing from index.html');
const root = createRoot(rootEl);

function Boot({ text, error }: { text: string; error?: boolean }) {
  return (
    <div className="boot-screen">
      <h1 className="brand">
        book<span>scope</span>
      </h1>
      <p className={error === true ? 'error-text' : ''}>{text}</p>
      <IsolationStatus isolated={isIsolated()} reason={null} />
    </div>
  );
}

async function boot(): Promise<void> {
  const iso = await ensureIsolation();
  if (iso.kind === 'enabling') {
    root.render(<Boot text="Enabling cross-origin isolation… (installing a service worker, the page reloads once)" />);
    return;
  }
  const shared = iso.kind === 'isolated';
  root.render(<Boot text="Starting the engine…" />);

  const client = createEngineClient();
  const init = await client.remote.init({ sharedMemory: shared }).catch((e: unknown) => ({ ok: false as const, error: String(e) }));
  if (!init.ok) {
    root.render(<Boot error text={`The engine worker failed to start: ${init.error}`} />);
    return;
  }
  const store = new FrameStore();
  const loop = new FrameLoop(client.remote, store, shared && init.value.shared);
  loop.adopt(init.value);
  loop.start();
  const controller = new Controller(client, store, loop, parseView(window.location.search));

  root.render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <ControllerContext.Provider value={controller}>
          <App isolated={shared} isolationReason={iso.kind === 'fallback' ? iso.reason : null} />
        </ControllerContext.Provider>
      </StoreContext.Provider>
    </StrictMode>,
  );
  await controller.start();
}

void boot();
