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
export { qFromReflectorVectors, qr, type QrMode, type QrOptions, type QrResult } from './qr.js';
export { lu, type LuResult } from './lu.js';
export { solve, inv, det } from './solve.js';
export { matpow } from './matpow.js';
export { balance, type BalanceOptions, type BalanceResult } from './balance.js';
export { hessenberg, type HessenbergResult } from './hessenberg.js';
export { eig, eigvals, type EigOptions, type EigResult } from './eig.js';
export { eigSymmetric, type EigSymmetricOptions, type EigSymmetricResult } from './eigSymmetric.js';
export { svd, singularValues, norm2, type SvdOptions, type SvdResult } from './svd.js';
export { gemmKernel, setGemmKernel, type GemmKernelKind } from './gemm.js';
export {
  gemmThreads,
  MAX_GEMM_THREADS,
  runGemmHelper,
  startGemmThreads,
  stopGemmThreads,
  type GemmHelperHandle,
  type GemmHelperInit,
  type GemmThreadHost,
} from './gemmThreads.js';
