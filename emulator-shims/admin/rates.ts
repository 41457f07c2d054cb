/** Rates from counters sampled whenever a view asks: no timer runs while nobody watches. Pure. */
import type { Counter } from './types.js';

export interface Sample {
  wallMs: number;
  values: Record<string, number>;
}

/** Samples older than this are dropped. */
export const SAMPLE_WINDOW_MS = 10_000;
/** A rate is taken over at least this span, so two polls close together do not give a noisy figure. */
export const MIN_RATE_SPAN_MS = 900;

/** Samples of one pipeline, newest last. */
export class SampleHistory {
  private samples: Sample[] = [];

  /** Adds `values` as taken at `wallMs` and returns a Counter for each value. */
  record(wallMs: number, values: Record<string, number>): Record<string, Counter> {
    this.samples = this.samples.filter((sample) => wallMs - sample.wallMs <= SAMPLE_WINDOW_MS && sample.wallMs < wallMs);
    const base = pickBase(this.samples, wallMs);
    this.samples.push({ wallMs, values });
    const counters: Record<string, Counter> = {};
    for (const [name, total] of Object.entries(values)) counters[name] = { total, perSecond: rateBetween(base, name, total, wallMs) };
    return counters;
  }
}

/** The newest sample at least MIN_RATE_SPAN_MS old (samples are oldest first). */
export function pickBase(samples: readonly Sample[], wallMs: number): Sample | undefined {
  let base: Sample | undefined;
  for (const sample of samples) if (wallMs - sample.wallMs >= MIN_RATE_SPAN_MS) base = sample;
  return base;
}

/** Per second between the base sample and now; a counter that went down (a restarted agent) has no rate. */
export function rateBetween(base: Sample | undefined, name: string, total: number, wallMs: number): number | null {
  const before = base?.values[name];
  if (base === undefined || before === undefined || total < before) return null;
  return ((total - before) * 1000) / (wallMs - base.wallMs);
}
