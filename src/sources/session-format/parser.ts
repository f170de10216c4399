import type { RawFrame } from '../../core/types';
import { frameFromLine } from './frame-line';
import { SessionHeaderSchema, looksLikeHeader, type SessionHeader } from './header';
import { HeaderInferrer } from './infer-header';

/** A line that could not be used (1-based line number). Never fatal for the other lines. */
export interface SessionProblem {
  readonly line: number;
  readonly code: 'bad-json' | 'bad-frame' | 'bad-header' | 'truncated-line' | 'reserialized';
  readonly detail: string;
}

export interface SessionParseResult {
  readonly header: SessionHeader;
  /** The file had a valid header line (else `header` was inferred from the frames). */
  readonly headerFound: boolean;
  readonly frames: RawFrame[];
  readonly problems: SessionProblem[];
}

/**
 * Streaming JSONL session parser: `feed` text chunks as they are decoded (progress is the
 * caller's bytes read), `finish` at the end. Frames go to `onFrame` if given (then they are not
 * kept), else into the result.
 */
export class SessionLineParser {
  readonly problems: SessionProblem[] = [];
  private readonly frames: RawFrame[] = [];
  private readonly inferrer = new HeaderInferrer();
  private header: SessionHeader | undefined;
  private carry = '';
  private lineNo = 0;
  private sawContent = false;
  /** The file is bare venue messages, one per line (no frame records): see `verbatimFrame`. */
  private verbatim = false;
  private lastTUs = 0;

  constructor(private readonly onFrame?: (f: RawFrame) => void) {}

  feed(chunk: string): void {
    let text = this.carry + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.line(text.slice(start, nl), false);
      start = nl + 1;
    }
    this.carry = start === 0 ? text : text.slice(start);
    text = '';
  }

  /** `name` names an inferred header (e.g. the file name). */
  finish(name = 'imported'): SessionParseResult {
    if (this.carry !== '') this.line(this.carry, true);
    this.carry = '';
    const header = this.header ?? this.inferrer.header(name);
    return { header, headerFound: this.header !== undefined, frames: this.frames, problems: this.problems };
  }

  private line(raw: string, last: boolean): void {
    this.lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const first = !this.sawContent;
    this.sawContent = true;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      const code = last ? 'truncated-line' : 'bad-json';
      return this.problem(code, last ? 'the last line is incomplete (file cut short?)' : `not JSON: ${line.slice(0, 80)}`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return this.problem('bad-frame', 'not a JSON object');
    const rec = obj as Record<string, unknown>;
    if (first && looksLikeHeader(rec)) {
      const h = SessionHeaderSchema.safeParse(rec);
      if (h.success) this.header = h.data;
      else this.problem('bad-header', `header ignored (inferred instead): ${h.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    if (first && !('t_us' in rec) && !('kind' in rec)) this.verbatim = true;
    const r = this.verbatim ? { frame: this.verbatimFrame(line, rec) } : frameFromLine(line, rec);
    if ('error' in r) return this.problem('bad-frame', r.error);
    if (r.note !== undefined) this.problem('reserialized', r.note);
    if (this.header === undefined) this.inferrer.observe(r.frame);
    if (this.onFrame !== undefined) this.onFrame(r.frame);
    else this.frames.push(r.frame);
  }

  /**
   * A capture of bare exchange messages (Bybit's public history archive, PROVENANCE.md §1 "files
   * in other formats"; messages copied verbatim from a venue) has no local receive times: each
   * line becomes a `ws` frame on one connection, timed by the message's own exchange time (`ts`
   * or `E`, epoch ms) when it has one, else 1 µs after the previous frame — never backwards, so
   * the order of the file is kept. Latency metrics are meaningless on such a file.
   */
  private verbatimFrame(line: string, rec: Record<string, unknown>): RawFrame {
    const exchMs = typeof rec.ts === 'number' ? rec.ts : typeof rec.E === 'number' ? rec.E : NaN;
    const tUs = Number.isFinite(exchMs) ? Math.max(exchMs * 1000, this.lastTUs) : this.lastTUs + 1;
    this.lastTUs = tUs;
    return { tUs, kind: 'ws', conn: 'verbatim', text: line };
  }

  private problem(code: SessionProblem['code'], detail: string): void {
    this.problems.push({ line: this.lineNo, code, detail });
  }
}

/** Whole-text convenience over SessionLineParser. */
export function parseSessionText(text: string, name?: string): SessionParseResult {
  const p = new SessionLineParser();
  p.feed(text);
  return p.finish(name);
}
