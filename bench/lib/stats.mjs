/** Small statistics over round samples (null = no sample: unavailable or failed). */

export function median(xs) {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function summary(xs) {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x));
  if (v.length === 0) return null;
  return { median: median(v), min: Math.min(...v), max: Math.max(...v), n: v.length };
}

/**
 * Ratio a/b per round (both from the same round, so the machine's state is shared),
 * summarised as median and min–max of those paired ratios.
 */
export function pairedRatio(a, b) {
  const r = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (typeof a[i] === "number" && typeof b[i] === "number" && b[i] !== 0) r.push(a[i] / b[i]);
  }
  return summary(r);
}
