import { describe, expect, it } from 'vitest';
import {
  type ColorNorm,
  colorbarTicks,
  LUT_SIZE,
  NAN_RGB,
  RDBU_STOPS,
  denormalize,
  hexToRgb,
  lutFor,
  lutIndex,
  makeLut,
  normalize,
  rasterize,
} from './colormap.js';

const lin: ColorNorm = { kind: 'linear', limit: 5, linthresh: 1 };
const sym: ColorNorm = { kind: 'symlog', limit: 5, linthresh: 0.01 };

function rgbAt(lut: Uint8Array, i: number): number[] {
  return [lut[i * 3]!, lut[i * 3 + 1]!, lut[i * 3 + 2]!];
}

describe('colormaps', () => {
  it('RdBu runs from dark red (negative) through #f7f7f7 to dark blue (positive)', () => {
    const lut = lutFor('article');
    expect(rgbAt(lut, 0)).toEqual(hexToRgb('#67001f'));
    expect(rgbAt(lut, LUT_SIZE - 1)).toEqual(hexToRgb('#053061'));
    // The stops sit at i/10 of the way; entry 255·k/10 is exactly on stop k when it is an integer.
    expect(rgbAt(lut, 51)).toEqual(hexToRgb(RDBU_STOPS[2]));
    expect(rgbAt(lut, 204)).toEqual(hexToRgb(RDBU_STOPS[8]));
    // Zero maps to entry 128 (floor(0.5·256)), within one LUT step of the white centre.
    const mid = rgbAt(lut, lutIndex(normalize(0, lin)));
    for (const c of mid) expect(Math.abs(c - 0xf7)).toBeLessThanOrEqual(3);
    // Red dominates the negative half, blue the positive half.
    const neg = rgbAt(lut, 40);
    const pos = rgbAt(lut, 215);
    expect(neg[0]).toBeGreaterThan(neg[2]!);
    expect(pos[2]).toBeGreaterThan(pos[0]!);
  });

  it('the CVD palette (PuOr) differs from RdBu and never uses NaN black', () => {
    const a = lutFor('article');
    const b = lutFor('cvd');
    expect(Array.from(a)).not.toEqual(Array.from(b));
    for (const lut of [a, b]) {
      for (let i = 0; i < LUT_SIZE; i++) expect(rgbAt(lut, i)).not.toEqual([...NAN_RGB]);
    }
  });

  it('makeLut interpolates linearly between two stops', () => {
    const lut = makeLut(['#000000', '#ffffff'], 3);
    expect(Array.from(lut)).toEqual([0, 0, 0, 128, 128, 128, 255, 255, 255]);
  });
});

describe('norms', () => {
  it('linear: -L -> 0, 0 -> 0.5, L -> 1, clamps beyond and at infinities, NaN stays NaN', () => {
    expect(normalize(-5, lin)).toBe(0);
    expect(normalize(0, lin)).toBe(0.5);
    expect(normalize(2.5, lin)).toBe(0.75);
    expect(normalize(5, lin)).toBe(1);
    expect(normalize(1e300, lin)).toBe(1);
    expect(normalize(Infinity, lin)).toBe(1);
    expect(normalize(-Infinity, lin)).toBe(0);
    expect(normalize(Number.NaN, lin)).toBeNaN();
  });

  it('symlog is odd, monotone, and resolves decades the linear norm cannot', () => {
    let prev = -1;
    for (let k = -400; k <= 400; k++) {
      const v = Math.sign(k) * 10 ** (Math.abs(k) / 100 - 3);
      const x = normalize(v, sym);
      expect(x).toBeGreaterThanOrEqual(prev);
      prev = x;
      expect(normalize(-v, sym)).toBeCloseTo(1 - x, 12);
    }
    // 1e-3 and 1e-1 are indistinguishable in the linear norm's LUT but not in symlog's.
    expect(lutIndex(normalize(1e-3, lin))).toBe(lutIndex(normalize(1e-1, lin)) - 2);
    expect(lutIndex(normalize(1e-1, sym)) - lutIndex(normalize(1e-3, sym))).toBeGreaterThan(20);
  });

  it('denormalize inverts normalize inside the range (relative error < 1e-12)', () => {
    for (const norm of [lin, sym]) {
      for (let x = 0.01; x < 1; x += 0.0137) {
        const v = denormalize(x, norm);
        expect(normalize(v, norm)).toBeCloseTo(x, 12);
      }
    }
  });
});

describe('rasterize', () => {
  const lut = lutFor('article');
  const px = (out: Uint8ClampedArray, k: number): number[] => [
    out[k * 4]!,
    out[k * 4 + 1]!,
    out[k * 4 + 2]!,
    out[k * 4 + 3]!,
  ];

  it('colours each entry, marks NaN black, saturates infinities, and counts them', () => {
    const values = [0, 5, -5, Number.NaN, Infinity, -Infinity, 2.5, 1e-9];
    const out = new Uint8ClampedArray(values.length * 4);
    const st = rasterize(values, 0, lin, lut, out);
    expect(st).toEqual({ nan: 1, posInf: 1, negInf: 1, saturated: 4, maxAbs: 5 });
    expect(px(out, 3)).toEqual([...NAN_RGB, 255]);
    expect(px(out, 4)).toEqual([...rgbAt(lut, 255), 255]);
    expect(px(out, 5)).toEqual([...rgbAt(lut, 0), 255]);
    expect(px(out, 1)).toEqual(px(out, 4));
    expect(px(out, 0)).toEqual(px(out, 7));
  });

  it('a decimal exponent beyond the double range saturates instead of producing NaN', () => {
    const values = new Float32Array([0.5, -0.25, 0, 1e-30]);
    const out = new Uint8ClampedArray(16);
    const st = rasterize(values, 400, lin, lut, out);
    expect(st.nan).toBe(0);
    expect(px(out, 0)).toEqual([...rgbAt(lut, 255), 255]);
    expect(px(out, 1)).toEqual([...rgbAt(lut, 0), 255]);
    // An exact zero stays zero (not 0 · ∞ = NaN).
    expect(px(out, 2)).toEqual([...rgbAt(lut, 128), 255]);
    // 1e-30 · 10^400 = 10^370: still beyond the limit.
    expect(px(out, 3)).toEqual([...rgbAt(lut, 255), 255]);
    // And a large negative exponent fades to the centre colour.
    const st2 = rasterize(values, -400, lin, lut, out);
    expect(st2.saturated).toBe(0);
    expect(px(out, 0)).toEqual([...rgbAt(lut, 128), 255]);
  });
});

describe('colorbarTicks', () => {
  it('linear ±5 gives -5, -2.5, 0, 2.5, 5 at evenly spaced positions', () => {
    expect(colorbarTicks(lin)).toEqual([
      { value: -5, pos: 0 },
      { value: -2.5, pos: 0.25 },
      { value: 0, pos: 0.5 },
      { value: 2.5, pos: 0.75 },
      { value: 5, pos: 1 },
    ]);
  });

  it('symlog ticks are symmetric, ascending, keep ±limit and respect maxTicks', () => {
    for (const maxTicks of [3, 5, 9]) {
      const t = colorbarTicks(sym, maxTicks);
      expect(t.length).toBeLessThanOrEqual(maxTicks);
      expect(t[0]!.value).toBe(-5);
      expect(t[t.length - 1]!.value).toBe(5);
      for (let i = 1; i < t.length; i++) expect(t[i]!.pos).toBeGreaterThan(t[i - 1]!.pos);
      for (let i = 0; i < t.length; i++) expect(t[i]!.value).toBe(-t[t.length - 1 - i]!.value + 0);
    }
  });
});
