/**
 * Animated GIF export with gifenc. The palette is fixed rather than quantized per frame: 224
 * colours sampled evenly from the diverging LUT plus 32 greys (text, axes, NaN black), so every
 * frame shares one palette, colours do not flicker between frames, and no quantizer runs.
 * Frames are drawn by the caller onto a canvas, mapped to the palette, and encoded, yielding
 * to the page between frames so it stays responsive; an AbortSignal cancels.
 */

import { GIFEncoder, type Palette, applyPalette } from 'gifenc';
import { CancelledError } from '../../src/core/errors.js';

/** 224 LUT colours + 32 greys = 256 entries. */
export function gifPalette(lut: Uint8Array): Palette {
  const size = lut.length / 3;
  const pal: number[][] = [];
  for (let k = 0; k < 224; k++) {
    const i = Math.round((k * (size - 1)) / 223) * 3;
    pal.push([lut[i]!, lut[i + 1]!, lut[i + 2]!]);
  }
  for (let g = 0; g < 32; g++) {
    const v = Math.round((g * 255) / 31);
    pal.push([v, v, v]);
  }
  return pal;
}

/** Encodes already-indexed frames (pure; used by the exporter and the tests). */
export function encodeIndexed(
  frames: readonly Uint8Array[],
  width: number,
  height: number,
  palette: Palette,
  delayMs: number,
): Uint8Array {
  const gif = GIFEncoder();
  frames.forEach((index, i) => {
    gif.writeFrame(index, width, height, i === 0 ? { palette, delay: delayMs, repeat: 0 } : { delay: delayMs });
  });
  gif.finish();
  return gif.bytes();
}

export interface FrameSource {
  readonly width: number;
  readonly height: number;
  readonly frameCount: number;
  /** Frame duration in ms (GIF stores centiseconds: 50 ms = 20 fps exactly). */
  readonly delayMs: number;
  draw(ctx: CanvasRenderingContext2D, index: number): void;
}

const nextTask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

export async function encodeGif(
  src: FrameSource,
  lut: Uint8Array,
  opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = src.width;
  canvas.height = src.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const palette = gifPalette(lut);
  const gif = GIFEncoder();
  for (let i = 0; i < src.frameCount; i++) {
    if (opts.signal?.aborted) throw new CancelledError('GIF export cancelled.');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, src.width, src.height);
    src.draw(ctx, i);
    const { data } = ctx.getImageData(0, 0, src.width, src.height);
    const index = applyPalette(data, palette);
    gif.writeFrame(
      index,
      src.width,
      src.height,
      i === 0 ? { palette, delay: src.delayMs, repeat: 0 } : { delay: src.delayMs },
    );
    opts.onProgress?.(i + 1, src.frameCount);
    if (i % 4 === 3) await nextTask();
  }
  gif.finish();
  return new Blob([new Uint8Array(gif.bytes())], { type: 'image/gif' });
}
