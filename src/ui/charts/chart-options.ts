import uPlot from 'uplot';
import { axisValues } from './axis-values';
import type { ChartDef, ChartSeriesDef } from './chart-defs';

/** What chartOptions reads of a chart definition (the basis chart's series are not columns). */
export type ChartLook = Pick<ChartDef, 'yUnit' | 'y2Unit'> & { readonly series: readonly Omit<ChartSeriesDef, 'col'>[] };

const AXIS = { stroke: '#8b949e', grid: { stroke: 'rgba(240,246,252,0.06)', width: 1 }, ticks: { stroke: 'rgba(240,246,252,0.1)', width: 1 } };
const FONT = '11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/** uPlot options for one chart definition (dark theme, UTC time axis, optional right axis). */
export function chartOptions(def: ChartLook, width: number, height: number, drawClear: (u: uPlot) => void): uPlot.Options {
  const axes: uPlot.Axis[] = [
    { ...AXIS, font: FONT, size: 28 },
    { ...AXIS, font: FONT, size: 62, values: axisValues, label: def.yUnit || undefined, labelFont: FONT, labelSize: 14 },
  ];
  const scales: uPlot.Scales = { x: { time: true } };
  if (def.y2Unit !== undefined) {
    axes.push({ ...AXIS, font: FONT, size: 48, values: axisValues, scale: 'y2', side: 1, grid: { show: false }, label: def.y2Unit, labelFont: FONT, labelSize: 14 });
    scales.y2 = { auto: true };
  }
  return {
    width,
    height,
    // Sessions replay across time zones: label the axis in UTC, like the venues' own times.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: { drag: { x: true, y: false } },
    legend: { show: true, live: true },
    scales,
    axes,
    series: [
      { label: 'UTC' },
      ...def.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: s.width ?? 1.25,
        scale: s.scale ?? 'y',
        spanGaps: false,
        points: { show: false },
        ...(s.dash !== undefined ? { dash: [...s.dash] } : {}),
      })),
    ],
    hooks: { drawClear: [drawClear] },
  };
}
