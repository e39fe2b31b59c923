import { describe, expect, it } from 'vitest';
import { decodeGif } from '../../../test/helpers/gif.js';
import { type ColorNorm, LUT_SIZE, lutFor } from '../../core/index.js';
import { lineChartSvg } from './chart.js';
import { encodeGif, encodePng } from './encode.js';
import { ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, drawText, fitText, glyph, hasGlyph, textWidth } from './font.js';
import { BG, INK, MAP_COLORS, NAN_INDEX, colorIndex, framePalette, heatmapFrames } from './heatmap.js';

const fixed5: ColorNorm = { kind: 'linear', limit: 5, linthresh: 0.001 };

function eye(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

describe('bitmap font', () => {
  it('has digits, letters and the symbols used in labels; unknown characters draw as ?', () => {
    for (const ch of '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-+=()^‖·±×−:,_') {
      expect(hasGlyph(ch), ch).toBe(true);
      expect(glyph(ch).length).toBe(GLYPH_WIDTH * GLYPH_HEIGHT);
    }
    expect(glyph('€')).toEqual(glyph('?'));
    // Distinct digits (a font with a copy-paste slip would draw two the same).
    const digits = new Set([...'0123456789'].map((d) => glyph(d).join('')));
    expect(digits.size).toBe(10);
  });

  it('draws ink inside the text box only, clipped to the image', () => {
    const w = 40;
    const h = 12;
    const img = new Uint8Array(w * h);
    drawText(img, w, h, 2, 1, 't = 1', 7);
    let ink = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (img[y * w + x] !== 7) continue;
        ink++;
        expect(x).toBeGreaterThanOrEqual(2);
        expect(x).toBeLessThan(2 + textWidth('t = 1'));
        expect(y).toBeGreaterThanOrEqual(1);
      }
    }
    expect(ink).toBeGreaterThan(10);
    drawText(img, w, h, 35, 8, 'overflowing text', 7, 2); // must not throw or wrap
    expect(textWidth('ab', 2)).toBe((2 * ADVANCE - 1) * 2);
    expect(textWidth(fitText('a very long initializer title', 60))).toBeLessThanOrEqual(60);
    expect(fitText('short', 60)).toBe('short');
  });
});

describe('heatmap colours', () => {
  it('palette: colormap ends exact, white background, text ink', () => {
    const p = framePalette('article');
    const lut = lutFor('article');
    expect(p.length).toBe(256);
    expect(p[0]).toEqual([lut[0], lut[1], lut[2]]);
    const e = (LUT_SIZE - 1) * 3;
    expect(p[MAP_COLORS - 1]).toEqual([lut[e], lut[e + 1], lut[e + 2]]);
    expect(p[BG]).toEqual([255, 255, 255]);
    expect(p[INK]).toEqual([17, 17, 17]);
  });

  it('maps -5 to red, 0 to near-white, +5 to blue; saturates infinities; NaN is marked', () => {
    const p = framePalette('article');
    const red = p[colorIndex(-5, fixed5)]!;
    const blue = p[colorIndex(5, fixed5)]!;
    const white = p[colorIndex(0, fixed5)]!;
    expect(red[0]).toBeGreaterThan(red[2]!);
    expect(blue[2]).toBeGreaterThan(blue[0]!);
    for (const c of white) expect(c).toBeGreaterThan(235);
    expect(colorIndex(Infinity, fixed5)).toBe(colorIndex(5, fixed5));
    expect(colorIndex(-1e300, fixed5)).toBe(colorIndex(-5, fixed5));
    expect(colorIndex(Number.NaN, fixed5)).toBe(NAN_INDEX);
    // Monotone along the value axis.
    let prev = -1;
    for (let v = -6; v <= 6; v += 0.01) {
      const k = colorIndex(v, fixed5);
      expect(k).toBeGreaterThanOrEqual(prev);
      prev = k;
    }
  });
});

describe('GIF and PNG encoding', () => {
  const n = 4;
  const frames = [eye(n), eye(n).map((v) => -2 * v), eye(n).map((v) => 4 * v)];
  const panel = { title: 'test', rows: n, cols: n, frames, norms: [2, 4, 8], explodedAt: null };

  it('decodes to the expected frame count, size, delay, loop and cell colours', () => {
    const fs = heatmapFrames([panel, { ...panel, title: 'short', frames: frames.slice(0, 2), explodedAt: 2 }], 3, {
      norm: fixed5,
      palette: 'article',
    });
    const gif = decodeGif(encodeGif(fs, 20));
    expect(gif.width).toBe(fs.width);
    expect(gif.height).toBe(fs.height);
    expect(gif.frames.length).toBe(3);
    expect(gif.loop).toBe(0);
    for (const f of gif.frames) expect(f.delayCs).toBe(5);
    // Frame 0 shows I: diagonal cells take the colour of 1, off-diagonal cells the colour of 0.
    const first = gif.frames[0]!.composite;
    const at = (x: number, y: number) => first[y * fs.width + x];
    // Find the first panel's map: the first colormap pixel in reading order.
    let start = -1;
    for (let i = 0; i < first.length; i++) {
      if (first[i]! < MAP_COLORS) {
        start = i;
        break;
      }
    }
    const x0 = start % fs.width;
    const y0 = Math.floor(start / fs.width);
    const cell = 240 / n;
    expect(at(x0 + cell / 2, y0 + cell / 2)).toBe(colorIndex(1, fixed5));
    expect(at(x0 + cell * 1.5, y0 + cell / 2)).toBe(colorIndex(0, fixed5));
    // Frame 1 shows -2·I.
    expect(gif.frames[1]!.composite[(y0 + cell / 2) * fs.width + x0 + cell / 2]).toBe(colorIndex(-2, fixed5));
    // Composited frames equal the rendered frames exactly.
    for (let t = 0; t < 3; t++) {
      const want = fs.render(t);
      const got = gif.frames[t]!.composite;
      let diff = 0;
      for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) diff++;
      expect(diff, `frame ${t}`).toBe(0);
    }
    // The palette in the file is the frame palette.
    expect(gif.palette.slice(0, 256)).toEqual(fs.palette);
  });

  it('20 fps is exactly 5 cs per frame; other rates round to the nearest centisecond', () => {
    const fs = heatmapFrames([panel], 3, { norm: fixed5, palette: 'cvd' });
    expect(decodeGif(encodeGif(fs, 30)).frames[0]!.delayCs).toBe(3);
    expect(decodeGif(encodeGif(fs, 1)).frames[0]!.delayCs).toBe(100);
  });

  it('large matrices are sampled to at most maxCells per side', () => {
    const big = 1000;
    const m = new Float64Array(big * big).fill(1);
    const fs = heatmapFrames([{ title: 'big', rows: big, cols: big, frames: [m], explodedAt: null }], 1, {
      norm: fixed5,
      palette: 'article',
      maxCells: 100,
    });
    expect(fs.width).toBeLessThan(400);
    expect(fs.render(0).length).toBe(fs.width * fs.height);
  });

  it('PNG has the PNG signature', () => {
    const png = encodePng(heatmapFrames([panel], 3, { norm: fixed5, palette: 'article' }), 2);
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  });
});

describe('SVG line chart', () => {
  it('is well-formed, escapes text, and breaks lines at non-finite points', () => {
    const svg = lineChartSvg(
      [
        {
          title: 'log10 norm',
          yLabel: 'log10',
          series: [
            {
              label: 'a<b',
              median: [0, 1, 2, Infinity, 4],
              q1: [0, 0.5, 1, Infinity, 3],
              q3: [0, 1.5, 3, Infinity, 5],
            },
            { label: 'flat', median: [0, 0, 0, 0, 0] },
          ],
        },
      ],
      { title: 'Test & chart', xLabel: 't' },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('Test &amp; chart');
    expect(svg).toContain('a&lt;b');
    expect(svg).not.toMatch(/NaN|Infinity/);
    // Two sub-paths (M commands) for the broken median line of the first series.
    const paths = [...svg.matchAll(/<path d="([^"]+)" fill="none"/g)].map((m) => m[1]);
    expect(paths[0]!.match(/M/g)?.length).toBe(2);
  });

  it('identical series stay distinguishable: own dash and marker shape, markers at different steps; one legend', () => {
    const same = Array.from({ length: 65 }, () => 0);
    const series = [
      { label: 'orthogonal', median: same },
      { label: 'glorotUniform', median: same.map((_, t) => t / 64) },
      { label: 'identity', median: same },
    ];
    const svg = lineChartSvg(
      [
        { title: 'a', yLabel: 'y', series },
        { title: 'b', yLabel: 'y', series },
      ],
      { title: 'chart', xLabel: 't' },
    );
    const lines = [
      ...svg.matchAll(
        /<path d="([^"]+)" fill="none" stroke="(#[0-9a-f]+)" stroke-width="1.8"( stroke-dasharray="([^"]+)")?/g,
      ),
    ];
    expect(lines).toHaveLength(6);
    // orthogonal and identity: the same path, different colour and dash
    expect(lines[0]![1]).toBe(lines[2]![1]);
    expect(lines[0]![2]).not.toBe(lines[2]![2]);
    expect(lines[0]![4]).toBeUndefined();
    expect(lines[2]![4]).toBeDefined();
    // their markers (circles for series 0, triangles for series 2) are at different steps (x)
    const circleX = new Set([...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => m[1]));
    const triangleX = [...svg.matchAll(/<path d="M([\d.]+),[\d.]+L[^"]*Z" fill="#2ca02c"/g)].map((m) => m[1]);
    expect(circleX.size).toBeGreaterThanOrEqual(6);
    expect(triangleX.length).toBeGreaterThanOrEqual(6);
    for (const x of triangleX) expect(circleX.has(x)).toBe(false);
    // one legend: each label once
    for (const s of series) expect(svg.split(`>${s.label}</text>`).length - 1).toBe(1);
  });
});
