/**
 * WebM export: each frame is drawn onto a canvas and encoded with WebCodecs (VP9, else VP8)
 * through mediabunny's muxer, with timestamps i · delay. The video's clock is the frame index,
 * not the wall clock, so a busy machine makes the export slower but never drops frames or
 * shortens the file (decisions/0020-webm-webcodecs.md; the earlier MediaRecorder version
 * recorded in real time and produced empty files under load).
 *
 * A finished file is read back with mediabunny's demuxer before it is offered: it must hold
 * one video track with exactly one packet per frame, or the export fails with a message.
 */

import {
  BufferSource,
  BufferTarget,
  CanvasSource,
  Input,
  Output,
  QUALITY_HIGH,
  type VideoCodec,
  WEBM,
  WebMOutputFormat,
  getFirstEncodableVideoCodec,
} from 'mediabunny';
import { CancelledError } from '../../src/core/errors.js';
import { ExportError } from './errors.js';
import type { FrameSource } from './gif.js';

/** Thrown when this browser has no WebCodecs video encoder for VP9 or VP8. */
export class WebmUnsupportedError extends ExportError {
  constructor() {
    super('This browser cannot encode WebM video (no WebCodecs VP9/VP8 encoder); use the GIF export instead.');
  }
}

const CODECS: VideoCodec[] = ['vp9', 'vp8'];

/** The first WebM codec this browser can encode at the given size, or null. */
export async function webmCodec(width: number, height: number): Promise<VideoCodec | null> {
  if (typeof VideoEncoder === 'undefined') return null;
  return (await getFirstEncodableVideoCodec(CODECS, { width, height })) ?? null;
}

/** Even dimensions: 4:2:0 chroma subsampling in VP8/VP9 encoders wants them. */
const even = (x: number): number => x + (x % 2);

/**
 * Encodes every frame of `src` (frame i shown for `src.delayMs`) as a WebM video. Throws
 * WebmUnsupportedError without an encoder, a CancelledError when `signal` aborts,
 * and an ExportError naming the problem if the finished file does not hold every frame.
 */
export async function encodeWebm(src: FrameSource, opts: { signal?: AbortSignal } = {}): Promise<Blob> {
  const width = even(src.width);
  const height = even(src.height);
  const codec = await webmCodec(width, height);
  if (codec === null) throw new WebmUnsupportedError();
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new ExportError('WebM export: the browser gave no 2-D canvas context.');
  const target = new BufferTarget();
  const output = new Output({ format: new WebMOutputFormat(), target });
  const source = new CanvasSource(canvas, { codec, quality: QUALITY_HIGH, keyFrameInterval: 1 });
  output.addVideoTrack(source, { frameRate: 1000 / src.delayMs });
  await output.start();
  const seconds = src.delayMs / 1000;
  try {
    for (let i = 0; i < src.frameCount; i++) {
      if (opts.signal?.aborted) throw new CancelledError('WebM export cancelled.');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
      src.draw(ctx, i);
      await source.add(i * seconds, seconds);
    }
    await output.finalize();
  } catch (e) {
    if (output.state !== 'finalized') await output.cancel();
    throw e;
  }
  const bytes = target.buffer;
  if (bytes === null) throw new ExportError('WebM export: the muxer produced no file.');
  await checkWebm(bytes, src.frameCount);
  return new Blob([bytes], { type: 'video/webm' });
}

/** Reads a finished WebM back and checks that it holds one video packet per frame. */
export async function checkWebm(bytes: ArrayBuffer, frameCount: number): Promise<void> {
  const input = new Input({ source: new BufferSource(bytes), formats: [WEBM] });
  try {
    const track = await input.getPrimaryVideoTrack();
    if (track === null) throw new ExportError('WebM export: the finished file has no video track.');
    const stats = await track.computePacketStats();
    if (stats.packetCount !== frameCount) {
      throw new ExportError(`WebM export: the finished file holds ${stats.packetCount} of ${frameCount} frames.`);
    }
  } finally {
    input.dispose();
  }
}
