export {
  type Matrix,
  zeros,
  matrix,
  identity,
  fromArray,
  toArray,
  clone,
  get,
  transpose,
  isSquare,
  assertSquare,
  assertFinite,
  assertMatrix,
  checkDim,
  add,
  sub,
  scale,
} from './matrix.js';
export { matmul, matvec } from './matmul.js';
export { normFrobenius, normMaxAbs } from './norms.js';
export { qr, type QrMode, type QrOptions, type QrResult } from './qr.js';
