/** Plotly subplots laid out by hand: axis ids, domains and titles for a rows × columns grid. */

/** One subplot: the axis ids traces use ('x2'), the layout keys ('xaxis2') and the paper domains. */
export interface SubplotCell {
  row: number;
  col: number;
  xaxis: string;
  yaxis: string;
  xKey: string;
  yKey: string;
  xDomain: [number, number];
  yDomain: [number, number];
}

/** Gaps between subplots, as fractions of the whole figure. */
export interface GridGaps {
  xGap?: number;
  yGap?: number;
  /** Room kept free at the top for subplot titles; default = yGap / 2. */
  top?: number;
}

/**
 * The cells of a rows × cols grid, row-major with row 0 on top; cell k uses axes x(k+1), y(k+1)
 * ('x', 'y' for the first).
 *
 * @example
 * subplotGrid(1, 2).map((c) => [c.xaxis, c.xDomain]);   // [['x', [0, 0.48]], ['x2', [0.52, 1]]]
 */
export function subplotGrid(rows: number, cols: number, gaps: GridGaps = {}): SubplotCell[] {
  for (const [name, v] of [['rows', rows], ['cols', cols]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`subplotGrid: ${name} is ${v}; expected a positive integer`);
  }
  const xGap = gaps.xGap ?? 0.04;
  const yGap = gaps.yGap ?? 0.08;
  const top = gaps.top ?? yGap / 2;
  const width = (1 - xGap * (cols - 1)) / cols;
  const height = (1 - top - yGap * (rows - 1)) / rows;
  const round = (v: number) => Math.min(1, Math.max(0, Math.round(v * 1e6) / 1e6)) + 0; // + 0 turns -0 into 0
  const cells: SubplotCell[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const n = r * cols + c + 1;
      const suffix = n === 1 ? '' : String(n);
      const y1 = 1 - top - r * (height + yGap);
      cells.push({
        row: r,
        col: c,
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        xKey: `xaxis${suffix}`,
        yKey: `yaxis${suffix}`,
        xDomain: [round(c * (width + xGap)), round(c * (width + xGap) + width)],
        yDomain: [round(y1 - height), round(y1)],
      });
    }
  }
  return cells;
}

/**
 * The layout entries of `cells` (each axis with its domain and anchor), merged with `xaxis` and
 * `yaxis` settings for every cell.
 *
 * @example
 * const layout = { ...gridAxes(subplotGrid(1, 2), { showgrid: false }, { autorange: 'reversed' }) };
 */
export function gridAxes(cells: readonly SubplotCell[], xaxis: Record<string, unknown> = {}, yaxis: Record<string, unknown> = {}): Record<string, unknown> {
  const layout: Record<string, unknown> = {};
  for (const cell of cells) {
    layout[cell.xKey] = { ...xaxis, domain: cell.xDomain, anchor: cell.yaxis };
    layout[cell.yKey] = { ...yaxis, domain: cell.yDomain, anchor: cell.xaxis };
  }
  return layout;
}

/**
 * A plotly annotation that titles one subplot (centred above it). `text` must already be escaped
 * for plotly (see escapeHtml).
 *
 * @example
 * layout.annotations = [subplotTitle(cells[0], 'generated')];
 */
export function subplotTitle(cell: SubplotCell, text: string): Record<string, unknown> {
  return {
    text,
    x: (cell.xDomain[0] + cell.xDomain[1]) / 2,
    y: cell.yDomain[1],
    xref: 'paper',
    yref: 'paper',
    xanchor: 'center',
    yanchor: 'bottom',
    showarrow: false,
    font: { size: 13 },
  };
}
