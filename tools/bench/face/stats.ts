/** Order statistics and text histograms for the face benchmark. */

/** The q-quantile (0-1) of sorted values, interpolated between neighbours; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const lower = sorted[below] as number;
  const upper = sorted[Math.min(sorted.length - 1, below + 1)] as number;
  return lower + (upper - lower) * (position - below);
}

export const sortedCopy = (values: readonly number[]) => [...values].sort((a, b) => a - b);

export function summary(values: readonly number[], digits = 3): string {
  const sorted = sortedCopy(values);
  const f = (q: number) => quantile(sorted, q).toFixed(digits);
  return `n=${sorted.length} min ${f(0)} p1 ${f(0.01)} p5 ${f(0.05)} median ${f(0.5)} p95 ${f(0.95)} max ${f(1)}`;
}

export interface Series {
  name: string;
  values: readonly number[];
}

/** One row per bin over [0, 1): each series' count and a bar on a log scale, so that 10 pairs and 10 000 both show. */
export function histogram(series: readonly Series[], bins = 20, width = 28): string[] {
  const counts = series.map(({ values }) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of values) {
      const bin = Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
      c[bin] = (c[bin] ?? 0) + 1;
    }
    return c;
  });
  const peak = Math.max(1, ...counts.flat());
  const bar = (n: number, char: string) => (n === 0 ? '' : char.repeat(Math.max(1, Math.round((Math.log10(n + 1) / Math.log10(peak + 1)) * width))));
  const chars = ['#', '=', '.'] as const;
  const charOf = (i: number) => chars[i % chars.length] ?? '#';
  const lines = [`  similarity   ${series.map((s, i) => `${charOf(i)} ${s.name}`).join('   ')}   (bars: log scale)`];
  for (let b = bins - 1; b >= 0; b--) {
    const cells = counts.map((c, i) => {
      const n = c[b] ?? 0;
      return `${String(n).padStart(6)} ${bar(n, charOf(i)).padEnd(width)}`;
    });
    lines.push(`  ${(b / bins).toFixed(2)}-${((b + 1) / bins).toFixed(2)} ${cells.join(' ')}`);
  }
  return lines;
}

export const percent = (part: number, whole: number, digits = 2) => (whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(digits)}%`);
