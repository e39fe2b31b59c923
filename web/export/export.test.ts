import { describe, expect, it } from 'vitest';
import { lutFor } from '../../src/core/viz/colormap.js';
import { csvCell, seriesCsv, seriesJson } from './files.js';
import { encodeIndexed, gifPalette } from './gif.js';

describe('CSV / JSON of series', () => {
  it('writes a header, one row per step, round-trip numbers and non-finite values by name', () => {
    const csv = seriesCsv('t', [
      { label: 'a', values: [0.1, -Infinity, Number.NaN] },
      { label: 'b, "quoted"', values: [1e-300, 2] },
    ]);
    expect(csv).toBe('t,a,"b, ""quoted"""\n0,0.1,1e-300\n1,-Infinity,2\n2,NaN,\n');
    expect(csvCell('plain')).toBe('plain');
  });

  it('JSON keeps metadata and spells non-finite numbers as strings (valid JSON)', () => {
    const text = seriesJson({ quantity: 'q' }, [{ label: 'a', values: [1, Infinity] }]);
    expect(JSON.parse(text)).toEqual({ quantity: 'q', series: [{ label: 'a', values: [1, 'Infinity'] }] });
  });
});

describe('GIF', () => {
  it('uses one fixed 256-colour palette: the colormap ends, white-ish centre, pure black and white', () => {
    const pal = gifPalette(lutFor('article'));
    expect(pal).toHaveLength(256);
    expect(pal[0]).toEqual([103, 0, 31]);
    expect(pal[223]).toEqual([5, 48, 97]);
    expect(pal[224]).toEqual([0, 0, 0]);
    expect(pal[255]).toEqual([255, 255, 255]);
  });

  it('encodes indexed frames into a well-formed animated GIF', () => {
    const pal = gifPalette(lutFor('cvd'));
    const frames = [new Uint8Array(16).fill(0), new Uint8Array(16).fill(200)];
    const bytes = encodeIndexed(frames, 4, 4, pal, 50);
    expect(new TextDecoder('latin1').decode(bytes.subarray(0, 6))).toBe('GIF89a');
    expect(bytes[6]! | (bytes[7]! << 8)).toBe(4); // width
    expect(bytes[bytes.length - 1]).toBe(0x3b); // trailer
    // NETSCAPE2.0 loop extension is present (repeat forever).
    expect(new TextDecoder('latin1').decode(bytes)).toContain('NETSCAPE2.0');
  });
});
