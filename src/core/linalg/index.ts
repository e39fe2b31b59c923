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
export { matmul, matmulInto, matmulTransA, matmulTransB, matvec, matTvec } from './matmul.js';
export { normFrobenius, normMaxAbs } from './norms.js';
export { qr, type QrMode, type QrOptions, type QrResult } from './qr.js';
export { lu, type LuResult } from './lu.js';
export { solve, inv, det } from './solve.js';
export { matpow } from './matpow.js';
