/**
 * TEMPORARY stand-in for `initMatrix` from src/core/init until that module lands on main.
 * Same signature and names for the few initializers the RNN lab needs. Delete when wiring
 * `../init/index.js` in params.ts.
 */

import { ConfigError } from '../errors.js';
import type { Matrix } from '../linalg/index.js';
import { fillNormal, fillUniform } from '../random/index.js';
import type { Rng } from '../random/index.js';

export type InitConfig = { name: string; [param: string]: unknown };

export function initMatrix(config: InitConfig | string, rows: number, cols: number, rng: Rng): Matrix {
  const c: InitConfig = typeof config === 'string' ? { name: config } : config;
  const data = new Float64Array(rows * cols);
  const num = (k: string, d: number) => (typeof c[k] === 'number' ? (c[k] as number) : d);
  switch (c.name) {
    case 'zeros':
      break;
    case 'glorotUniform': {
      const lim = Math.sqrt(6 / (rows + cols));
      fillUniform(rng, data, -lim, lim);
      break;
    }
    case 'randomNormal':
      fillNormal(rng, data, num('mean', 0), num('stddev', 0.05));
      break;
    case 'identity':
      for (let i = 0; i < Math.min(rows, cols); i++) data[i * cols + i] = num('gain', 1);
      break;
    case 'orthogonal': {
      // Modified Gram-Schmidt on the columns of a Gaussian matrix (R has a positive diagonal,
      // so Q is Haar distributed); rows >= cols only, enough for the square W_hh.
      if (rows < cols) throw new ConfigError('init shim: orthogonal needs rows >= cols.');
      fillNormal(rng, data);
      for (let j = 0; j < cols; j++) {
        for (let q = 0; q < j; q++) {
          let s = 0;
          for (let i = 0; i < rows; i++) s += data[i * cols + q] * data[i * cols + j];
          for (let i = 0; i < rows; i++) data[i * cols + j] -= s * data[i * cols + q];
        }
        let nn = 0;
        for (let i = 0; i < rows; i++) nn += data[i * cols + j] ** 2;
        nn = Math.sqrt(nn);
        for (let i = 0; i < rows; i++) data[i * cols + j] /= nn;
      }
      const g = num('gain', 1);
      for (let i = 0; i < data.length; i++) data[i] *= g;
      break;
    }
    default:
      throw new ConfigError(
        `Unknown initializer "${c.name}". Allowed (temporary shim): zeros, glorotUniform, randomNormal, identity, orthogonal.`,
      );
  }
  return { rows, cols, data };
}
