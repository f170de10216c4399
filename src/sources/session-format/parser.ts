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
    const r = frameFromLine(line, rec);
    if ('error' in r) return this.problem('bad-frame', r.error);
    if (r.note !== undefined) this.problem('reserialized', r.note);
    if (this.header === undefined) this.inferrer.observe(r.frame);
    if (this.onFrame !== undefined) this.onFrame(r.frame);
    else this.frames.push(r.frame);
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
