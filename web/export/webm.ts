/**
 * WebM export with the browser's MediaRecorder: frames are drawn onto a canvas whose stream
 * is recorded, one `requestFrame()` per frame at the animation's frame rate, so recording
 * takes the animation's real duration (64 frames at 20 fps: 3.2 s). No encoder is bundled.
 */

import type { FrameSource } from './gif.js';

/** The first WebM codec this browser can record, or null. */
export function webmMimeType(): string | null {
  if (typeof MediaRecorder === 'undefined') return null;
  for (const t of ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm']) {
    if (MediaRecorder.isTypeSupported(t)) return t;
  }
  return null;
}

export async function encodeWebm(src: FrameSource, opts: { signal?: AbortSignal } = {}): Promise<Blob> {
  const mime = webmMimeType();
  if (!mime) throw new Error('This browser cannot record WebM video; use the GIF export instead.');
  const canvas = document.createElement('canvas');
  canvas.width = src.width;
  canvas.height = src.height;
  const ctx = canvas.getContext('2d')!;
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
  const rec = new MediaRecorder(stream, { mimeType: mime, videoBitsPerSecond: 4_000_000 });
  const chunks: Blob[] = [];
  rec.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  const stopped = new Promise<void>((resolve) => {
    rec.onstop = () => resolve();
  });
  rec.start();
  const drawAt = (i: number): void => {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, src.width, src.height);
    src.draw(ctx, i);
    track.requestFrame();
  };
  try {
    const t0 = performance.now();
    for (let i = 0; i < src.frameCount; i++) {
      if (opts.signal?.aborted) throw new DOMException('WebM export cancelled.', 'AbortError');
      drawAt(i);
      const due = t0 + (i + 1) * src.delayMs;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    }
  } finally {
    rec.stop();
    track.stop();
  }
  await stopped;
  return new Blob(chunks, { type: 'video/webm' });
}
