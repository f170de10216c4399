import { describe, expect, it } from 'vitest';
import { LATENCY_BINS, STAT, STAT_WIDTH } from '../core/series/stream-stats';
import { StatsSlotReader, StatsSlotWriter, initStatsSlot, statsSlotBytes } from './stats-slot';

describe('stats slot', () => {
  it('round-trips stats and the latency histogram', () => {
    const buf = new SharedArrayBuffer(statsSlotBytes());
    initStatsSlot(buf);
    const w = new StatsSlotWriter(buf);
    const r = new StatsSlotReader(buf);
    const stats = new Float64Array(STAT_WIDTH).map((_, i) => i * 1.5);
    const hist = new Float64Array(LATENCY_BINS).map((_, i) => i);
    w.write(stats, hist);
    const s = new Float64Array(STAT_WIDTH);
    const h = new Float64Array(LATENCY_BINS);
    expect(r.readStats(s)).toBe(true);
    expect(r.readLatencyHist(h)).toBe(true);
    expect(s[STAT.gaps]).toBe(STAT.gaps * 1.5);
    expect([...h]).toEqual([...hist]);
    w.write(new Float64Array(STAT_WIDTH).fill(7), hist);
    expect(r.readStats(s)).toBe(true);
    expect(s[STAT.seq]).toBe(7);
  });
});
