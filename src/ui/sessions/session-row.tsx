import { useState } from 'react';
import type { SessionSummary } from '../../shared/engine-api';
import { useController } from '../app/use-controller';
import { bytesText, exportFileName, lengthText, startText } from './session-format';

interface Props {
  readonly s: SessionSummary;
  readonly active: boolean;
  readonly onError: (text: string | null) => void;
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** One stored session: replay, rename (double-click the name), export, delete. */
export function SessionRow({ s, active, onError }: Props) {
  const [, ctl] = useController();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);

  const rename = async (name: string) => {
    setEditing(false);
    const trimmed = name.trim();
    if (trimmed === '' || trimmed === s.name) return;
    const r = await ctl.renameSession(s.id, trimmed);
    onError(r.ok ? null : `Rename failed: ${r.error}`);
  };
  const exportIt = async () => {
    setBusy(true);
    const r = await ctl.exportSession(s.id);
    setBusy(false);
    if (r.ok) download(r.value.blob, exportFileName(s.name));
    onError(r.ok ? null : `Export failed: ${r.error}`);
  };
  const del = async () => {
    if (!window.confirm(`Delete session “${s.name}” (${bytesText(s.bytes)})? This cannot be undone.`)) return;
    const r = await ctl.deleteSession(s.id);
    onError(r.ok ? null : `Delete failed: ${r.error}`);
  };

  return (
    <tr data-testid="session-row" data-session-id={s.id} data-frames={s.frames} data-origin={s.origin} className={active ? 'active' : ''}>
      <td className="s-name">
        {editing ? (
          <input
            autoFocus
            defaultValue={s.name}
            aria-label="Session name"
            onBlur={(e) => void rename(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void rename(e.currentTarget.value);
              if (e.key === 'Escape') setEditing(false);
            }}
          />
        ) : (
          <span title={`${s.note ? `${s.note} — ` : ''}double-click to rename`} onDoubleClick={() => setEditing(true)}>
            {s.name}
          </span>
        )}
        {s.truncated && (
          <span className="badge warn" title="Recording stopped early (e.g. storage quota): what is stored is readable">
            truncated
          </span>
        )}
      </td>
      <td>{s.venues.join(',')}</td>
      <td className="s-syms" title={s.symbols.join(', ')}>
        {s.symbols.join(',')}
      </td>
      <td className="num">{startText(s)}</td>
      <td className="num">{lengthText(s)}</td>
      <td className="num" title={`${s.frames} frames`}>
        {bytesText(s.bytes)}
      </td>
      <td>
        <span className={`badge origin-${s.origin}`}>{s.origin}</span>
      </td>
      <td className="s-actions">
        <button data-testid="session-replay" type="button" onClick={() => void ctl.replay(s.id, 1)} title="Replay at 1×">
          Replay
        </button>
        <button type="button" onClick={() => setEditing(true)} title="Rename">
          Rename
        </button>
        <button data-testid="session-export" type="button" disabled={busy} onClick={() => void exportIt()} title="Download as <name>.jsonl.gz (gzip JSON lines)">
          Export
        </button>
        <button data-testid="session-delete" type="button" className="danger" onClick={() => void del()} title="Delete">
          Delete
        </button>
      </td>
    </tr>
  );
}
