/** Figures as the view and `hosepipe top` print them: fixed widths, so a changing number never moves its neighbours. Pure. */

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1,234,567 */
export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : GROUPED.format(value);
}

/** 12.3 KiB, 1.0 MiB, 512 B */
export function bytes(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  let scaled = value;
  let unit = 0;
  while (Math.abs(scaled) >= 1024 && unit < UNITS.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(scaled)} B` : `${scaled.toFixed(1)} ${UNITS[unit]}`;
}

/** Per second, with one decimal under 100: `0.5/s`, `87.0/s`, `1,204/s`. */
export function rate(value: number | null | undefined, unit = '/s'): string {
  if (value === null || value === undefined) return '–';
  return `${value < 100 ? value.toFixed(1) : GROUPED.format(value)}${unit}`;
}

/** Bytes per second: `1.2 MiB/s`. */
export function byteRate(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${bytes(value)}/s`;
}

/** 950 ms, 4.2 s, 3m 05s, 1h 02m */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** 0..1 → ` 42%` */
export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
