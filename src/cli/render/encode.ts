/**
 * Encoders for rendered frames: animated GIF with gifenc (LZW, one global 256-colour palette,
 * so no quantization is needed) and PNG with fast-png (RGB, pixel-exact).
 */

import { encode as encodePngImage } from 'fast-png';
import * as gifencModule from 'gifenc';
import { OrtholabError } from '../../core/index.js';
import type { FrameSet } from './heatmap.js';

/** Palette slot used as "unchanged" in frames after the first (heatmap.ts leaves it unused). */
export const UNCHANGED = 255;

/**
 * An animated GIF of every frame of `frames` at `fps` frames per second, looping forever.
 * GIF delays are in hundredths of a second, so the delay is round(100/fps) cs (20 fps = 5 cs
 * exactly). Frames after the first mark pixels equal to the previous frame as transparent
 * (index UNCHANGED, disposal "do not dispose"), so the viewer keeps them: the same picture,
 * several times smaller, since the titles, colour bar and unchanged cells compress to long
 * runs. `onFrame` is called after each frame (progress, cancellation checks).
 */
export function encodeGif(frames: FrameSet, fps: number, onFrame?: (t: number) => void): Uint8Array {
  // Named export under bundlers/Vitest (ESM build), default export under Node (CommonJS build).
  const GIFEncoder = gifencModule.GIFEncoder ?? gifencModule.default?.GIFEncoder;
  if (GIFEncoder === undefined)
    throw new OrtholabError('gifenc: GIFEncoder not found; is the gifenc package installed?');
  const gif = GIFEncoder();
  const delay = Math.round(100 / fps) * 10;
  let prev: Uint8Array | null = null;
  for (let t = 0; t < frames.count; t++) {
    const px = frames.render(t);
    if (prev === null) {
      gif.writeFrame(px, frames.width, frames.height, { palette: frames.palette, delay, repeat: 0, dispose: 1 });
    } else {
      const diff = new Uint8Array(px.length);
      for (let i = 0; i < px.length; i++) diff[i] = px[i] === prev[i] ? UNCHANGED : px[i]!;
      gif.writeFrame(diff, frames.width, frames.height, {
        delay,
        transparent: true,
        transparentIndex: UNCHANGED,
        dispose: 1,
      });
    }
    prev = px;
    onFrame?.(t);
  }
  gif.finish();
  return gif.bytes();
}

/** Frame t as an RGB PNG. */
export function encodePng(frames: FrameSet, t: number): Uint8Array {
  const px = frames.render(t);
  const rgb = new Uint8Array(px.length * 3);
  for (let i = 0; i < px.length; i++) {
    const c = frames.palette[px[i]!]!;
    rgb[i * 3] = c[0]!;
    rgb[i * 3 + 1] = c[1]!;
    rgb[i * 3 + 2] = c[2]!;
  }
  return encodePngImage({ width: frames.width, height: frames.height, data: rgb, channels: 3, depth: 8 });
}
