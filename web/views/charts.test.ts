import { describe, expect, it } from 'vitest';
import { colorbarSvg, colorbarTicks } from './colorbar.js';
import { complexPlaneSvg, placePoint, planeRadius } from './complexplane.js';
import { fmtNum, fmtPow10, pow10Label } from './format.js';
import { lineChartSvg, yExtent, yTicks } from './linechart.js';
import { matrixTableHtml } from './matrixtable.js';
import { seriesStyle } from './palette.js';

describe('format', () => {
  it('formats numbers compactly, with a true minus sign and spelled-out specials', () => {
    expect(fmtNum(1.618033988749895)).toBe('1.618');
    expect(fmtNum(-0.5)).toBe('−0.5');
    expect(fmtNum(123456789)).toBe('1.235e8');
    expect(fmtNum(0.0001234)).toBe('1.234e-4');
    expect(fmtNum(2)).toBe('2');
    expect(fmtNum(Number.NaN)).toBe('NaN');
    expect(fmtNum(-Infinity)).toBe('−∞');
    expect(pow10Label(-3)).toBe('10⁻³');
    expect(pow10Label(12)).toBe('10¹²');
    expect(fmtPow10(400)).toBe('10⁴⁰⁰');
    expect(fmtPow10(2)).toBe('100');
  });
});

describe('colorbar', () => {
  it('linear ticks are symmetric, include 0, and sit at their normalized positions', () => {
    const t = colorbarTicks({ kind: 'linear', limit: 5, linthresh: 1 });
    const values = t.map((x) => x.value);
    expect(values).toContain(0);
    expect(values).toEqual([...values].reverse().map((v) => -v || 0));
    expect(t.find((x) => x.value === 0)?.pos).toBe(0.5);
    expect(Math.max(...values)).toBeLessThanOrEqual(5);
  });

  it('symlog ticks are 0, ±limit and decades of the threshold, increasing', () => {
    const t = colorbarTicks({ kind: 'symlog', limit: 5, linthresh: 0.001 }, 9);
    const v = t.map((x) => x.value);
    expect(v[0]).toBe(-5);
    expect(v[v.length - 1]).toBe(5);
    expect(v).toContain(0);
    expect(v.length).toBeLessThanOrEqual(9);
    for (let i = 1; i < t.length; i++) expect(t[i]!.pos).toBeGreaterThan(t[i - 1]!.pos);
  });

  it('renders 128 colour bands and one label per tick', () => {
    const norm = { kind: 'linear', limit: 5, linthresh: 1 } as const;
    const svg = colorbarSvg(norm, 'article');
    expect(svg.match(/<rect /g)?.length).toBe(129);
    expect(svg.match(/<text /g)?.length).toBe(colorbarTicks(norm).length);
  });
});

describe('line chart', () => {
  it('log10 ticks are integer exponents, all labelled in one format per axis', () => {
    expect(yTicks([-3.2, 2.1], true)).toEqual([
      [-3, '10⁻³'],
      [-2, '10⁻²'],
      [-1, '10⁻¹'],
      [0, '10⁰'],
      [1, '10¹'],
      [2, '10²'],
    ]);
    // Within [0.01, 10 000] every tick is a plain decimal.
    expect(yTicks([-2, 3.5], true).map((t) => t[1])).toEqual(['0.01', '0.1', '1', '10', '100', '1000']);
    // Under 2.5 decades, 2·10^k and 5·10^k are marked too, in the same format as 10^k.
    expect(yTicks([0.1, 1.6], true).map((t) => t[1])).toEqual(['2', '5', '10', '20']);
    expect(yTicks([1.2, 2.8], true).map((t) => t[1])).toEqual(['20', '50', '100', '200', '500']);
    expect(yTicks([-5.5, -3.2], true).map((t) => t[1])).toEqual([
      '5·10⁻⁶',
      '10⁻⁵',
      '2·10⁻⁵',
      '5·10⁻⁵',
      '10⁻⁴',
      '2·10⁻⁴',
      '5·10⁻⁴',
    ]);
    // A huge span is thinned to about `count` ticks.
    expect(yTicks([-300, 300], true, 6).length).toBeLessThanOrEqual(7);
  });

  it('the y extent ignores non-finite values and pads a flat series', () => {
    const s = [{ label: 'a', values: [1, 2, Number.NaN, -Infinity, 3], color: '#000' }];
    const [lo, hi] = yExtent(s, true);
    expect(lo).toBeLessThan(1);
    expect(hi).toBeGreaterThan(3);
    expect(yExtent([{ label: 'flat', values: [0.5, 0.5], color: '#000' }], true)).toEqual([0, 1]);
    expect(yExtent([{ label: 'none', values: [Number.NaN], color: '#000' }], false)).toEqual([0, 1]);
  });

  it('draws one path per series, breaks lines at gaps, escapes labels, and adds the marker', () => {
    const svg = lineChartSvg({
      series: [
        { label: 'vanishing <0.8>', values: [0, -1, -2, -3], color: '#1f77b4' },
        { label: 'exploding', values: [0, 1, Number.NaN, 3, 4], color: '#ff7f0e', dash: '4 2' },
      ],
      width: 400,
      height: 200,
      title: 'norms',
      xLabel: 't',
      yLabel: '‖W^t‖',
      log10: true,
      marker: 2,
    });
    const paths = svg.match(/<path d="([^"]+)"/g) ?? [];
    expect(paths).toHaveLength(2);
    expect((paths[1]!.match(/M/g) ?? []).length).toBe(2);
    expect(svg).toContain('vanishing &lt;0.8&gt;');
    expect(svg).toContain('stroke-dasharray="4 2"');
    expect(svg).not.toContain('NaN');
    expect(svg.match(/stroke="#222" stroke-width="1"/g)).toHaveLength(1);
  });

  it('series styles: CVD palette varies dash as well as colour', () => {
    expect(seriesStyle(0, 'article').dash).toBe('');
    expect(new Set([0, 1, 2].map((i) => seriesStyle(i, 'cvd').dash)).size).toBe(3);
    expect(seriesStyle(1, 'cvd').color).not.toBe(seriesStyle(1, 'article').color);
  });
});

describe('complex plane', () => {
  it('fits the unit circle and clamps far or infinite points to the edge', () => {
    expect(planeRadius([{ re: 0.5, im: 0 }])).toBe(1.25);
    expect(planeRadius([{ re: 100, im: 0 }])).toBe(3);
    const far = placePoint({ re: 1e300, im: 1e300 }, 2);
    expect(far.clamped).toBe(true);
    expect(Math.max(Math.abs(far.re), Math.abs(far.im))).toBeLessThanOrEqual(2);
    expect(placePoint({ re: Infinity, im: 0 }, 2)).toMatchObject({ clamped: true, im: 0 });
    expect(placePoint({ re: 0.3, im: -0.4 }, 2)).toEqual({ re: 0.3, im: -0.4, clamped: false });
  });

  it('draws a circle per visible eigenvalue and an arrow for the clamped one', () => {
    const svg = complexPlaneSvg({
      points: [
        { re: 0, im: 1 },
        { re: 0, im: -1 },
        { re: 50, im: 0 },
      ],
      size: 200,
      title: 'eigenvalues of R',
      radius: 1.5,
    });
    // 2 eigenvalue circles + the unit circle.
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).toContain('off the plot');
    expect(svg).not.toContain('NaN');
  });
});

describe('matrix table', () => {
  it('prints entries, truncates big matrices with ellipses, and marks cells', () => {
    const html = matrixTableHtml({ rows: 2, cols: 2, data: [0, 1, 1, 1] }, { caption: 'F', marked: new Set([3]) });
    expect(html.match(/<td/g)).toHaveLength(4);
    expect(html).toContain('<caption>F</caption>');
    expect(html).toContain('class="marked"');
    const big = matrixTableHtml({ rows: 20, cols: 20, data: new Float64Array(400) }, { maxShown: 4 });
    expect(big).toContain('data-shown="4x4 of 20x20"');
    expect(big.match(/…/g)).toHaveLength(4);
  });

  it('tints cells with the heatmap colours and prints exact integers given as strings', () => {
    const html = matrixTableHtml(
      { rows: 1, cols: 2, data: ['14472334024676221', '-3'] },
      { tint: { norm: { kind: 'linear', limit: 5, linthresh: 1 }, palette: 'article' } },
    );
    expect(html).toContain('14472334024676221');
    const tinted = matrixTableHtml(
      { rows: 1, cols: 1, data: [-5] },
      { tint: { norm: { kind: 'linear', limit: 5, linthresh: 1 }, palette: 'article' } },
    );
    expect(tinted).toContain('background:rgb(103,0,31)');
  });
});
