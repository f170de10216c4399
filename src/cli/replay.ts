/**
 * Headless replay: `npm run replay -- FILE [FILE…] [--depth N] [--venue ID]`. Files are replayed back to back
 * through one Pipeline (as a continuation capture needs), with a no-op snapshot requester: the
 * session holds every snapshot that was fetched live. Prints one JSON document.
 * `--venue ID` names the venue of every connection of header-less files whose venue the text
 * cannot tell (a Bybit orderbook archive reads the same for spot and linear).
 */
import { STAT_FIELDS } from '../core/series/stream-stats';
import { STREAM_STATES, VENUE_IDS, type RawFrame, type VenueId } from '../core/types';
import { Pipeline } from '../sources/pipeline';
import { VENUE_REGISTRY } from '../venues/registry';
import { readSession } from './replay/read-session';
import { SummaryOutput, percentiles, topLevels } from './replay/summary';

function parseArgs(argv: readonly string[]): { files: string[]; depth: number; venue: string | undefined } {
  const files: string[] = [];
  let depth = 10;
  let venue: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--venue') venue = argv[++i];
    else if (a.startsWith('--venue=')) venue = a.slice(8);
    else if (a === '--depth') depth = Math.max(0, Math.floor(Number(argv[++i])));
    else if (a.startsWith('--depth=')) depth = Math.max(0, Math.floor(Number(a.slice(8))));
    else files.push(a);
  }
  if (!Number.isFinite(depth)) depth = 10;
  return { files, depth, venue };
}

function main(): number {
  const { files, depth, venue: forced } = parseArgs(process.argv.slice(2));
  if (files.length === 0) {
    process.stderr.write('usage: npm run replay -- FILE [FILE…] [--depth N] [--venue ID]\n');
    return 2;
  }
  if (forced !== undefined && !(VENUE_IDS as readonly string[]).includes(forced)) {
    process.stderr.write(`replay: unknown venue ${forced} (one of ${VENUE_IDS.join(', ')})\n`);
    return 2;
  }
  const sessions = [];
  for (const f of files) {
    try {
      sessions.push({ file: f, ...readSession(f) });
    } catch (e) {
      process.stderr.write(`replay: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const conns = new Map<string, VenueId>();
  const venues = new Set<VenueId>();
  for (const s of sessions) {
    if (forced !== undefined && !s.headerFound) {
      for (const f of s.frames as RawFrame[]) conns.set(f.conn, forced as VenueId);
      venues.add(forced as VenueId);
      continue;
    }
    for (const [c, v] of Object.entries(s.header.conns)) conns.set(c, v);
    for (const v of s.header.venues) venues.add(v);
  }
  if (venues.size === 0) {
    process.stderr.write(`replay: no known venue in ${files.join(', ')} (no header, nothing recognisable)\n`);
    return 1;
  }
  const out = new SummaryOutput();
  const pipeline = new Pipeline({
    adapters: [...venues].map((v) => VENUE_REGISTRY[v].createAdapter()),
    venueOfConn: (c) => conns.get(c),
    out,
    nowPerfMs: () => performance.now(),
    requester: { request: () => {} },
  });
  let frames = 0;
  for (const s of sessions) {
    for (const f of s.frames as RawFrame[]) pipeline.push(f);
    frames += s.frames.length;
  }
  pipeline.flushStats();
  process.stdout.write(`${JSON.stringify(report(files, sessions, pipeline, out, frames, depth), null, 2)}\n`);
  return 0;
}

function report(files: string[], sessions: ReturnType<typeof readSession>[], p: Pipeline, out: SummaryOutput, frames: number, depth: number): unknown {
  return {
    files,
    headers: sessions.map((s) => ({ found: s.headerFound, ...s.header })),
    fileProblems: sessions.flatMap((s) => s.problems).slice(0, 50),
    frames,
    totals: p.totals,
    problemCodes: Object.fromEntries(out.problemCodes),
    streams: p.streams.map((rt) => {
      const st = Object.fromEntries(STAT_FIELDS.map((f, i) => [f, rt.stats[i]]));
      const b = rt.book.bids.at(0);
      const a = rt.book.asks.at(0);
      const [p50, p95, p99] = percentiles(out.latencyMs[rt.idx] ?? [], [0.5, 0.95, 0.99]);
      return {
        venue: rt.venue,
        symbol: rt.symbol,
        state: STREAM_STATES[st.state ?? 0] ?? 'connecting',
        framesRead: st.frames,
        eventsApplied: st.bookUpdates,
        trades: st.trades,
        gaps: st.gaps,
        resyncs: st.resyncs,
        snapshots: st.snapshots,
        bboChecks: st.bboChecks,
        bboMismatches: st.bboMismatches,
        crossedEvents: st.crossedEvents,
        checksumOk: st.checksumOk,
        checksumFail: st.checksumFail,
        unknown: st.unknownMessages,
        problems: st.problems,
        reconnects: st.reconnects,
        seq: st.seq,
        liveRows: out.rows[rt.idx] ?? 0,
        gapRows: out.gapRows[rt.idx] ?? 0,
        book: {
          bestBid: b ? { px: b.pxStr, sz: b.szStr } : null,
          bestAsk: a ? { px: a.pxStr, sz: a.szStr } : null,
          levels: { bids: rt.book.bids.depth, asks: rt.book.asks.depth },
          top: topLevels(rt.book, depth),
        },
        latencyMs: { p50, p95, p99, windowed: { p50: st.latencyP50Ms, p95: st.latencyP95Ms, p99: st.latencyP99Ms } },
        parseUs: { p50: st.parseP50Us, p99: st.parseP99Us },
        // Derivative legs (perpetuals): last values as published; null where the venue sends none.
        references: {
          markPx: finiteOrNull(st.markPx),
          indexPx: finiteOrNull(st.indexPx),
          fundingRate: finiteOrNull(st.fundingRate),
          nextFundingMs: finiteOrNull(st.nextFundingMs),
        },
        metrics: out.columnStats(rt.idx),
      };
    }),
    firstEvents: out.events.slice(0, 20),
  };
}

function finiteOrNull(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}

process.exitCode = main();
