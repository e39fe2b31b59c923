"""Measures the error of the gated cells' exp, sigmoid and tanh (src/core/rnn/gatedActivations.ts)
and of Math.exp / Math.tanh (V8) against mpmath at 120 bits, in ulps of the exact value, over the
sweep that scripts/activations-ulp.ts writes (default 10^6 points; edges of every range included).

    python3 scripts/activations_ulp.py [N]       # runs the sweep via npx tsx, then measures

The ulp of a value t is 2^(e-52) with e = max(floor(log2 |t|), -1022) (subnormals: 2^-1074).
"""

import os
import subprocess
import sys
import tempfile

import mpmath
import numpy as np

mpmath.mp.prec = 120
MAXD = mpmath.mpf("1.7976931348623157e308")


def ulp_error(v, t):
    if mpmath.isnan(t):
        return 0.0 if np.isnan(v) else np.inf
    if abs(t) > MAXD:
        return 0.0 if np.isinf(v) and (v > 0) == (t > 0) else np.inf
    if not np.isfinite(v):
        return np.inf
    if t == 0:
        return 0.0 if v == 0 else float(abs(mpmath.mpf(v)) / mpmath.mpf(2) ** -1074)
    e = max(int(mpmath.floor(mpmath.log(abs(t), 2))), -1022)
    return float(abs(mpmath.mpf(v) - t) / mpmath.mpf(2) ** (e - 52))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "sweep.bin")
        here = os.path.dirname(os.path.abspath(__file__))
        subprocess.run(["npx", "tsx", os.path.join(here, "activations-ulp.ts"), path, str(n)], check=True)
        rows = np.fromfile(path).reshape(-1, 7)

    worst = {k: (0.0, None) for k in ["exp", "Math.exp", "sigmoid", "Math sigmoid", "tanh", "Math.tanh"]}
    for row in rows:
        x = mpmath.mpf(row[0])
        ex = mpmath.exp(x)
        sig = 1 / (1 + mpmath.exp(-x))
        th = mpmath.tanh(x)
        for name, v, t in [
            ("exp", row[1], ex),
            ("Math.exp", row[2], ex),
            ("sigmoid", row[3], sig),
            ("Math sigmoid", row[4], sig),
            ("tanh", row[5], th),
            ("Math.tanh", row[6], th),
        ]:
            u = ulp_error(v, t)
            if u > worst[name][0]:
                worst[name] = (u, row[0])
    print(f"{len(rows)} points (mpmath {mpmath.__version__}, {mpmath.mp.prec} bits)")
    for name, (u, x) in worst.items():
        print(f"  {name:13s} max {u:.3f} ulp (at x = {x!r})")


if __name__ == "__main__":
    main()
