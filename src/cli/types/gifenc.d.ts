/**
 * Types for gifenc 1.0.3 (the package ships none); only the parts ortholab uses. The package
 * is CommonJS with an ESM build: Node's loader exposes it as a default export, bundlers and
 * Vitest as named exports, so both are declared (see render/encode.ts).
 */
declare module 'gifenc' {
  interface GifEncoderStream {
    writeFrame(
      index: Uint8Array,
      width: number,
      height: number,
      opts?: {
        palette?: number[][];
        delay?: number;
        repeat?: number;
        transparent?: boolean;
        transparentIndex?: number;
        dispose?: number;
      },
    ): void;
    finish(): void;
    bytes(): Uint8Array;
    bytesView(): Uint8Array;
  }
  type GIFEncoderFn = (opts?: { auto?: boolean; initialCapacity?: number }) => GifEncoderStream;
  export const GIFEncoder: GIFEncoderFn | undefined;
  const gifenc: { GIFEncoder: GIFEncoderFn } | undefined;
  export default gifenc;
}
