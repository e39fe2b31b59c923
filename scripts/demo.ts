// Short demo until the CLI and explorer land: the article's Fibonacci powers and a seeded draw.
import { createRng, fillNormal, fromArray, identity, matmul, toArray } from '../src/core/index.js';

const F = fromArray([
  [0, 1],
  [1, 1],
]);
let P = identity(2);
for (let t = 1; t <= 10; t++) {
  P = matmul(P, F);
  console.log(`F^${t} =`, JSON.stringify(toArray(P)));
}
console.log('five N(0,1) draws with seed 0:', Array.from(fillNormal(createRng(0), new Float64Array(5))));
