import { useRef, useState } from 'react';
import { useController } from '../app/use-controller';

/** Import a session file (gzip JSONL, ours or a bare capture): progress bar, clear errors. */
export function ImportControl() {
  const [, ctl] = useController();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const onFile = async (file: File | undefined) => {
    if (file === undefined) return;
    setMessage(null);
    setProgress(0);
    const r = await ctl.importSession(file, (f) => setProgress(f));
    setProgress(null);
    if (input.current !== null) input.current.value = '';
    setMessage(
      r.ok
        ? { kind: 'ok', text: `Imported “${r.value.name}” (${r.value.frames} frames).` }
        : { kind: 'error', text: `Could not import ${file.name}: ${r.error}` },
    );
  };

  return (
    <div className="import">
      <label className="button-like">
        Import file…
        <input
          ref={input}
          data-testid="session-import-input"
          type="file"
          accept=".gz,.jsonl,.json,application/gzip"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      </label>
      {progress !== null && <progress data-testid="import-progress" max={1} value={progress} />}
      {message !== null && (
        <span data-testid={message.kind === 'error' ? 'import-error' : 'import-ok'} className={message.kind === 'error' ? 'error-text' : 'ok-text'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </span>
      )}
    </div>
  );
}
