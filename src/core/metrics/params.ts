import { z } from 'zod';

/**
 * Parameters of the per-stream metrics (DESIGN.md "Adding things": a zod schema gives the
 * defaults and the UI form). The series columns keep their default-band names
 * (`depthBid10BpsQuote`, `obiTop5`, ...): changing a band changes what the column measures,
 * not its name, so keep the defaults unless the UI relabels.
 */
export const MetricParamsSchema = z.object({
  depthNearBps: z.number().positive().max(10_000).default(10).describe('Near depth band, ± bps of mid'),
  depthFarBps: z.number().positive().max(10_000).default(50).describe('Far depth band, ± bps of mid'),
  obiNearLevels: z.number().int().positive().default(5).describe('Levels per side in the near book imbalance'),
  obiFarLevels: z.number().int().positive().default(10).describe('Levels per side in the far book imbalance'),
  rateWindowSec: z.number().positive().default(1).describe('Window of trades/s and volume/s'),
  imbWindowsSec: z
    .tuple([z.number().positive(), z.number().positive(), z.number().positive()])
    .default([1, 5, 30])
    .describe('Windows of the three trade-imbalance columns'),
  latencyWindowSec: z.number().positive().default(60).describe('Window of latency/parse quantiles and the latency histogram'),
  quantileRelErr: z.number().gt(0).lt(0.5).default(0.01).describe('Relative error of the latency/parse quantiles'),
});

export type MetricParams = z.infer<typeof MetricParamsSchema>;

let defaults: MetricParams | undefined;

/** Full parameters from a partial object (defaults filled in; throws a ZodError on bad input).
 * The all-defaults object is built once and shared (frozen): every stream starts with it. */
export const metricParams = (p?: Partial<MetricParams>): MetricParams => {
  if (p !== undefined) return MetricParamsSchema.parse(p);
  if (defaults === undefined) {
    const d = MetricParamsSchema.parse({});
    Object.freeze(d.imbWindowsSec);
    defaults = Object.freeze(d);
  }
  return defaults;
};
