/**
 * A horizontal grouped bar chart of ratios, as plain SVG text (no dependencies).
 * Bars are "relative performance": > 1 means bunsock does better than the reference,
 * whatever the metric's direction (memory ratios are inverted for the chart).
 */

// Pairs: each bunsock variant gets one hue, dark against node:net, light against Bun.
const COLORS = ["#2b6cb0", "#90cdf4", "#2f855a", "#9ae6b4", "#b7791f", "#f6e05e", "#6b46c1", "#d6bcfa"];

function esc(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * @param {{title: string, groups: {label: string, sub?: string, bars: {series: string, value: number|null, min?: number, max?: number, note?: string}[]}[], series: string[]}} chart
 */
export function barChart({ title, subtitle, groups, series }) {
  const left = 200;
  const right = 70;
  const plotW = 620;
  const barH = 14;
  const gap = 4;
  const groupGap = 14;
  const legendRows = Math.ceil(series.length / 2);
  const top = 50 + legendRows * 15 + 20;
  const width = left + plotW + right;
  let maxV = 1.2;
  for (const g of groups) for (const b of g.bars) for (const v of [b.value, b.max]) if (typeof v === "number" && v > maxV) maxV = v;
  maxV = Math.min(Math.ceil(maxV * 4) / 4, 3);
  const x = (v) => left + (Math.min(v, maxV) / maxV) * plotW;

  let y = top;
  const parts = [];
  for (const g of groups) {
    const h = g.bars.length * (barH + gap) - gap;
    parts.push(`<text x="${left - 8}" y="${y + h / 2 - (g.sub ? 2 : -4)}" text-anchor="end" font-size="12" font-weight="600">${esc(g.label)}</text>`);
    if (g.sub) parts.push(`<text x="${left - 8}" y="${y + h / 2 + 11}" text-anchor="end" font-size="10" fill="#555">${esc(g.sub)}</text>`);
    for (const b of g.bars) {
      const color = COLORS[series.indexOf(b.series) % COLORS.length];
      if (typeof b.value === "number") {
        parts.push(`<rect x="${left}" y="${y}" width="${Math.max(1, x(b.value) - left).toFixed(1)}" height="${barH}" fill="${color}" opacity="0.85"><title>${esc(b.series)}: ${b.value.toFixed(3)}</title></rect>`);
        if (typeof b.min === "number" && typeof b.max === "number") {
          const cy = y + barH / 2;
          parts.push(
            `<line x1="${x(b.min).toFixed(1)}" x2="${x(b.max).toFixed(1)}" y1="${cy}" y2="${cy}" stroke="#111" stroke-width="1"/>` +
              `<line x1="${x(b.min).toFixed(1)}" x2="${x(b.min).toFixed(1)}" y1="${cy - 4}" y2="${cy + 4}" stroke="#111"/>` +
              `<line x1="${x(b.max).toFixed(1)}" x2="${x(b.max).toFixed(1)}" y1="${cy - 4}" y2="${cy + 4}" stroke="#111"/>`,
          );
        }
        const tx = Math.max(x(b.value), typeof b.max === "number" ? x(b.max) : 0) + 4;
        parts.push(`<text x="${tx.toFixed(1)}" y="${y + barH - 3}" font-size="10">${b.value.toFixed(2)}${b.value > maxV ? " →" : ""}</text>`);
      } else {
        parts.push(`<text x="${left + 4}" y="${y + barH - 3}" font-size="10" fill="${color}">${esc(b.series)}: ${esc(b.note ?? "n/a")}</text>`);
      }
      y += barH + gap;
    }
    y += groupGap;
  }
  const bottom = y + 10;
  const height = bottom + 30;

  const axis = [];
  for (let v = 0; v <= maxV + 1e-9; v += 0.25) {
    const xv = x(v).toFixed(1);
    const major = Math.abs(v - Math.round(v * 2) / 2) < 1e-9;
    axis.push(`<line x1="${xv}" x2="${xv}" y1="${top - 6}" y2="${bottom}" stroke="${major ? "#ccc" : "#eee"}"/>`);
    if (major) axis.push(`<text x="${xv}" y="${bottom + 14}" text-anchor="middle" font-size="10">${v.toFixed(1)}×</text>`);
  }
  const ref = (v, color, label, anchor) =>
    `<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${top - 10}" y2="${bottom}" stroke="${color}" stroke-dasharray="4 3" stroke-width="1.5"/>` +
    `<text x="${(x(v) + (anchor === "end" ? -2 : 2)).toFixed(1)}" y="${top - 13}" text-anchor="${anchor}" font-size="10" fill="${color}">${label}</text>`;

  const legend = series
    .map((s, i) => {
      const lx = left + (i % 2) * 260;
      const ly = 42 + Math.floor(i / 2) * 15;
      return `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${lx + 14}" y="${ly}" font-size="11">${esc(s)}</text>`;
    })
    .join("");

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="18" font-size="14" font-weight="700">${esc(title)}</text>
${subtitle ? `<text x="10" y="${height - 8}" font-size="10" fill="#555">${esc(subtitle)}</text>` : ""}
${legend}
${axis.join("\n")}
${ref(0.95, "#c53030", "0.95 target", "end")}
${ref(1, "#111", "1.0", "start")}
${parts.join("\n")}
</svg>
`;
}
