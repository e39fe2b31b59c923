"""NumPy reference for bench/lstm.bench.ts: one LSTM training step on the copying task, the same
workload as ortholab's (float64, batch 32, sequence length T + 20, one-hot inputs over 10
symbols, n units, per-step readout to 9 classes, softmax cross-entropy averaged over all steps,
full BPTT, RMSProp lr 1e-3 rho 0.9 eps 1e-7 on every parameter, a fresh batch every step).
Canonical PyTorch layout (docs/decisions/0016): W_ih (4n, d), W_hh (4n, n), gates i, f, g, o.

The parent runs it with single-threaded BLAS (OPENBLAS_NUM_THREADS=1) and talks over stdin/stdout:
each input line is a number of seconds; the script runs steps for at least that long and prints
the rate in steps/s and its CPU milliseconds per step. `python3 bench/lstm_numpy.py --check` instead compares the gradients of one
step with PyTorch autograd (needs torch, e.g. Debian's under /usr/bin/python3) and exits.
"""

import sys
import time

import numpy as np


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


class Lstm:
    def __init__(self, T, n, batch=32, seed=1):
        self.L = T + 20
        self.T = T
        self.n = n
        self.B = batch
        self.d = 10
        self.o = 9
        rng = np.random.default_rng(seed)
        k = 1 / np.sqrt(n)
        self.params = {
            "Wih": rng.uniform(-k, k, (4 * n, self.d)),
            "Whh": rng.uniform(-k, k, (4 * n, n)),
            "b": rng.uniform(-k, k, 4 * n),  # b_ih + b_hh: only their sum enters the gradient
            "Why": 0.1 * rng.standard_normal((self.o, n)),
            "c": np.zeros(self.o),
        }
        self.v = {k_: np.zeros_like(p) for k_, p in self.params.items()}
        self.data = np.random.default_rng(seed + 1)

    def batch(self):
        L, B, T = self.L, self.B, self.T
        sym = self.data.integers(1, 9, (B, 10))
        seq = np.zeros((L, B), dtype=np.int64)
        seq[:10] = sym.T
        seq[T + 9] = 9
        target = np.zeros((L, B), dtype=np.int64)
        target[L - 10 :] = sym.T
        x = np.zeros((L, B, self.d))
        np.put_along_axis(x, seq[:, :, None], 1.0, axis=2)
        return x, target

    def grads(self, x, target):
        p = self.params
        L, B, n = self.L, self.B, self.n
        Wih, Whh, b, Why, c = p["Wih"], p["Whh"], p["b"], p["Why"], p["c"]
        A = x.reshape(L * B, -1) @ Wih.T + b  # input projections of all steps
        A = A.reshape(L, B, 4 * n)
        H = np.zeros((L + 1, B, n))
        C = np.zeros((L + 1, B, n))
        G = np.empty((L, B, 4 * n))
        TC = np.empty((L, B, n))
        for t in range(L):
            a = A[t] + H[t] @ Whh.T
            i = sigmoid(a[:, :n])
            f = sigmoid(a[:, n : 2 * n])
            g = np.tanh(a[:, 2 * n : 3 * n])
            o = sigmoid(a[:, 3 * n :])
            C[t + 1] = f * C[t] + i * g
            TC[t] = np.tanh(C[t + 1])
            H[t + 1] = o * TC[t]
            G[t] = np.concatenate([i, f, g, o], axis=1)
        Hs = H[1:].reshape(L * B, n)
        Y = Hs @ Why.T + c
        Y -= Y.max(axis=1, keepdims=True)
        P = np.exp(Y)
        P /= P.sum(axis=1, keepdims=True)
        tflat = target.reshape(-1)
        loss = -np.log(P[np.arange(L * B), tflat]).mean()
        dY = P
        dY[np.arange(L * B), tflat] -= 1
        dY /= L * B
        dH = (dY @ Why).reshape(L, B, n)
        dA = np.empty((L, B, 4 * n))
        dh = np.zeros((B, n))
        dc = np.zeros((B, n))
        for t in range(L - 1, -1, -1):
            dh = dh + dH[t]
            i, f, g, o = G[t, :, :n], G[t, :, n : 2 * n], G[t, :, 2 * n : 3 * n], G[t, :, 3 * n :]
            tc = TC[t]
            dc = dc + dh * o * (1 - tc * tc)
            dA[t, :, :n] = dc * g * i * (1 - i)
            dA[t, :, n : 2 * n] = dc * C[t] * f * (1 - f)
            dA[t, :, 2 * n : 3 * n] = dc * i * (1 - g * g)
            dA[t, :, 3 * n :] = dh * tc * o * (1 - o)
            dc = dc * f
            dh = dA[t] @ Whh
        dAf = dA.reshape(L * B, 4 * n)
        return loss, {
            "Wih": dAf.T @ x.reshape(L * B, -1),
            "Whh": dAf.T @ H[:-1].reshape(L * B, n),
            "b": dAf.sum(axis=0),
            "Why": dY.T @ Hs,
            "c": dY.sum(axis=0),
        }

    def step(self):
        x, target = self.batch()
        _, g = self.grads(x, target)
        for k_, p in self.params.items():
            v = self.v[k_]
            v *= 0.9
            v += 0.1 * g[k_] * g[k_]
            p -= 1e-3 * g[k_] / (np.sqrt(v) + 1e-7)


def check():
    import torch

    m = Lstm(T=3, n=5, batch=2)
    x, target = m.batch()
    loss, g = m.grads(x, target)
    lstm = torch.nn.LSTM(10, 5).double()
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.from_numpy(m.params["Wih"]))
        lstm.weight_hh_l0.copy_(torch.from_numpy(m.params["Whh"]))
        lstm.bias_ih_l0.copy_(torch.from_numpy(m.params["b"]))
        lstm.bias_hh_l0.zero_()
    why = torch.tensor(m.params["Why"], requires_grad=True)
    out, _ = lstm(torch.from_numpy(x))
    y = out.reshape(-1, 5) @ why.T
    tl = torch.nn.functional.cross_entropy(y, torch.from_numpy(target.reshape(-1)))
    tl.backward()
    worst = max(
        abs(loss - tl.item()),
        np.abs(g["Whh"] - lstm.weight_hh_l0.grad.numpy()).max(),
        np.abs(g["Wih"] - lstm.weight_ih_l0.grad.numpy()).max(),
        np.abs(g["b"] - lstm.bias_ih_l0.grad.numpy()).max(),
        np.abs(g["Why"] - why.grad.numpy()).max(),
    )
    print(f"max |numpy - torch| = {worst:.3g}")
    sys.exit(0 if worst < 1e-12 else 1)


def serve(T, n):
    m = Lstm(T, n)
    for _ in range(3):
        m.step()  # warm-up
    print("ready", flush=True)
    for line in sys.stdin:
        seconds = float(line)
        t0 = time.perf_counter()
        c0 = time.process_time()
        steps = 0
        while time.perf_counter() - t0 < seconds or steps < 2:
            m.step()
            steps += 1
        # steps/s, then CPU milliseconds per step (all threads of the process)
        print(steps / (time.perf_counter() - t0), 1000 * (time.process_time() - c0) / steps, flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        check()
    else:
        serve(int(sys.argv[1]), int(sys.argv[2]))
