import { describe, expect, it } from 'vitest';
import { DomainError, ShapeError } from '../core/index.js';
import { EXIT_USAGE, asUsage, errorLine, exitCodeFor, withoutFunctionName } from './errors.js';

describe('error lines never show internal function names', () => {
  it('drops a leading "fn: " or "fn needs" of core messages, keeps initializer names', () => {
    expect(withoutFunctionName('matrixReport: entry (0, 1) is NaN; a weight matrix must have finite entries.')).toBe(
      'entry (0, 1) is NaN; a weight matrix must have finite entries.',
    );
    expect(withoutFunctionName('eigvals needs a non-empty matrix, got 0x0.')).toBe(
      'the computation needs a non-empty matrix, got 0x0.',
    );
    expect(withoutFunctionName('orthogonal: gain must be finite, got NaN.')).toBe(
      'orthogonal: gain must be finite, got NaN.',
    );
    expect(withoutFunctionName('cannot read x.npy: no such file')).toBe('cannot read x.npy: no such file');
  });

  it('applies to core errors shown by the CLI and to those turned into usage errors', () => {
    expect(errorLine(new ShapeError('propagate: h0 has 3 rows, W is 2x2; they must match.'))).toBe(
      'h0 has 3 rows, W is 2x2; they must match.',
    );
    let caught: unknown;
    try {
      asUsage(() => {
        throw new DomainError('classify: unitTolerance must be in [0, 1), got 2.');
      });
    } catch (e) {
      caught = e;
    }
    expect(exitCodeFor(caught)).toBe(EXIT_USAGE);
    expect(errorLine(caught)).toBe('unitTolerance must be in [0, 1), got 2.');
  });
});
