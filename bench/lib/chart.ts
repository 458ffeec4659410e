/** One scenario's figures as charted: its own and the baseline's, from the same run. */
export type ChartRow = {
  scenario: string
  rps: number
  baselineRps: number
  p99Ms: number
  baselineP99Ms: number
}

const WIDTH = 960
const ROW_HEIGHT = 44
const TOP = 70
const LEFT = 230
const PANEL_WIDTH = 320
const GAP = 60
const COLORS = { scenario: '#2563eb', baseline: '#9ca3af' }

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function panel(
  rows: ChartRow[],
  x: number,
  title: string,
  value: (row: ChartRow) => [number, number],
  unit: string,
): string {
  const max = Math.max(1, ...rows.flatMap((row) => value(row)))
  const bars = rows.map((row, i) => {
    const [own, base] = value(row)
    const y = TOP + i * ROW_HEIGHT
    const ownWidth = (own / max) * PANEL_WIDTH
    const baseWidth = (base / max) * PANEL_WIDTH
    return [
      `<rect x="${x}" y="${y}" width="${ownWidth.toFixed(1)}" height="16" fill="${COLORS.scenario}"/>`,
      `<text x="${(x + ownWidth + 4).toFixed(1)}" y="${y + 12}" font-size="11">${own.toFixed(unit === 'ms' ? 1 : 0)} ${unit}</text>`,
      `<rect x="${x}" y="${y + 18}" width="${baseWidth.toFixed(1)}" height="10" fill="${COLORS.baseline}"/>`,
      `<text x="${(x + baseWidth + 4).toFixed(1)}" y="${y + 27}" font-size="10" fill="#6b7280">${base.toFixed(unit === 'ms' ? 1 : 0)}</text>`,
    ].join('')
  })
  return `<text x="${x}" y="${TOP - 16}" font-size="14" font-weight="bold">${escapeXml(title)}</text>${bars.join('')}`
}

/**
 * A two-panel horizontal bar chart: requests/s and p99 latency per scenario (blue), each
 * with the baseline measured in the same run beside it (grey).
 */
export function renderChart(rows: ChartRow[], subtitle: string): string {
  const height = TOP + rows.length * ROW_HEIGHT + 40
  const labels = rows.map(
    (row, i) =>
      `<text x="${LEFT - 10}" y="${TOP + i * ROW_HEIGHT + 18}" font-size="12" text-anchor="end">${escapeXml(row.scenario)}</text>`,
  )
  const legendY = height - 16
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="16" y="24" font-size="16" font-weight="bold">Edge worker vs bare Hono baseline (same run)</text>`,
    `<text x="16" y="42" font-size="11" fill="#6b7280">${escapeXml(subtitle)}</text>`,
    ...labels,
    panel(
      rows,
      LEFT,
      'Requests per second (higher is better)',
      (r) => [r.rps, r.baselineRps],
      'req/s',
    ),
    panel(
      rows,
      LEFT + PANEL_WIDTH + GAP + 40,
      'p99 latency (lower is better)',
      (r) => [r.p99Ms, r.baselineP99Ms],
      'ms',
    ),
    `<rect x="${LEFT}" y="${legendY - 10}" width="12" height="10" fill="${COLORS.scenario}"/><text x="${LEFT + 16}" y="${legendY}" font-size="11">scenario</text>`,
    `<rect x="${LEFT + 90}" y="${legendY - 10}" width="12" height="10" fill="${COLORS.baseline}"/><text x="${LEFT + 106}" y="${legendY}" font-size="11">baseline (bare Hono, same runtime)</text>`,
    '</svg>',
  ].join('\n')
}
