#!/usr/bin/python3
"""gen-golden.py: golden training trajectories from PyTorch for the engine.

Regenerate (Debian's python3 with torch and numpy, not a venv one):

    /usr/bin/python3 tools/gen-golden.py > tests/engine/golden/golden.json
    /usr/bin/python3 tools/gen-golden.py tests/engine/golden/golden.json

The output is deterministic: data and initial parameters come from numpy
with fixed seeds, the training runs in float64 on one CPU thread.

Every case builds a shallow ReLU network written out with plain tensors

    f(x) = relu(x @ a.T + b) @ c + x @ v + e,   a (m, d), b (m), c (m), v (d)

and trains it full batch with torch.optim:

    gd        SGD(lr)
    momentum  SGD(lr, momentum=0.9)                (buf = mu buf + g)
    adam      Adam(lr, betas=(0.9, 0.999), eps=1e-8)

optionally with weight_decay (torch adds wd * theta to the gradient of every
parameter in the optimiser). train_linear = false means v is not in the
optimiser: it keeps its initial value and gets no weight decay, like the
engine, which zeroes the gradient of v. Losses (shl-loss.h):

    mse       (1/n) sum (f - y)^2
    logistic  (1/n) sum log(1 + exp(-s f)),  s = 2 y - 1,  y in {0, 1}

losses[k] is the full-batch loss at the parameters after k steps, for
k = 0..steps (losses[0] is the initial loss, losses[steps] the loss at the
final parameters). relu'(0) = 0 in both torch and the engine.

For each case the script checks on stderr that the loss went down, that
the ReLU pattern on the data changed during training (kinks moved across
data points), and the smallest |<a_i, x_k> + b_i| met along the trajectory:
if a kink came within rounding distance of a data point the C and torch
trajectories could legitimately split, and the case should get another
seed. Floats are written with repr (round-trip exact).
"""

import json
import math
import sys

import numpy as np
import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

DT = torch.float64


class Logistic(torch.autograd.Function):
    """mean log(1 + exp(t)), t = -s f, stable; d/dt = sigmoid(t)."""

    @staticmethod
    def forward(ctx, t):
        ctx.save_for_backward(t)
        ell = torch.clamp(t, min=0) + torch.log1p(torch.exp(-torch.abs(t)))
        return ell.mean()

    @staticmethod
    def backward(ctx, grad):
        (t,) = ctx.saved_tensors
        return grad * torch.sigmoid(t) / t.shape[0]


def model(p, x):
    return torch.relu(x @ p["a"].T + p["b"]) @ p["c"] + x @ p["v"] + p["e"]


def loss_fn(kind, p, x, y):
    f = model(p, x)
    if kind == "mse":
        return ((f - y) ** 2).mean()
    s = 2.0 * y - 1.0
    return Logistic.apply(-s * f)


def make_problem(case):
    rng = np.random.default_rng(case["seed"])
    d, m, n = case["d"], case["m"], case["n"]
    x = rng.uniform(-1.0, 1.0, size=(n, d))
    # kinks through points of the domain, well spread over the data
    a = rng.normal(0.0, 1.0, size=(m, d))
    kink = rng.uniform(-0.8, 0.8, size=(m, d))
    b = -np.sum(a * kink, axis=1)
    c = rng.normal(0.0, 1.0 / math.sqrt(m), size=m)
    e = float(rng.normal(0.0, 0.2))
    v = rng.normal(0.0, 0.3, size=d)
    if case["loss"] == "mse":
        if d == 1:
            y = np.sin(2.5 * x[:, 0]) + 0.5 * np.abs(x[:, 0])
        else:
            y = np.sin(2.0 * x[:, 0]) * np.cos(1.5 * x[:, 1]) + 0.3 * x[:, 1]
        y = y + rng.normal(0.0, 0.1, size=n)
    else:
        if d == 1:
            score = np.abs(x[:, 0]) - 0.45
        else:
            score = x[:, 0] ** 2 + x[:, 1] ** 2 - 0.5
        y = (score > 0).astype(np.float64)
        flip = rng.uniform(size=n) < 0.1
        y[flip] = 1.0 - y[flip]
    return x, y, a, b, c, e, v


def run_case(case):
    x_np, y_np, a_np, b_np, c_np, e_np, v_np = make_problem(case)
    x = torch.tensor(x_np, dtype=DT)
    y = torch.tensor(y_np, dtype=DT)
    tl = case["train_linear"]
    p = {
        "a": torch.tensor(a_np, dtype=DT, requires_grad=True),
        "b": torch.tensor(b_np, dtype=DT, requires_grad=True),
        "c": torch.tensor(c_np, dtype=DT, requires_grad=True),
        "e": torch.tensor(e_np, dtype=DT, requires_grad=True),
        "v": torch.tensor(v_np, dtype=DT, requires_grad=tl),
    }
    params = [p["a"], p["b"], p["c"], p["e"]] + ([p["v"]] if tl else [])
    wd = case["weight_decay"]
    lr = case["lr"]
    opt = case["optimizer"]
    if opt == "gd":
        optim = torch.optim.SGD(params, lr=lr, weight_decay=wd)
        momentum = 0.0
    elif opt == "momentum":
        momentum = 0.9
        optim = torch.optim.SGD(params, lr=lr, momentum=momentum,
                                weight_decay=wd)
    elif opt == "adam":
        momentum = 0.0
        optim = torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8,
                                 weight_decay=wd)
    else:
        raise ValueError(opt)

    def pattern():
        with torch.no_grad():
            z = x @ p["a"].T + p["b"]
        return z, (z > 0)

    z0, pat0 = pattern()
    margin = float(z0.abs().min())
    flips = 0
    prev_pat = pat0
    losses = []
    steps = case["steps"]
    for _ in range(steps):
        optim.zero_grad()
        ell = loss_fn(case["loss"], p, x, y)
        losses.append(ell.item())
        ell.backward()
        optim.step()
        z, pat = pattern()
        margin = min(margin, float(z.abs().min()))
        flips += int((pat != prev_pat).sum())
        prev_pat = pat
    with torch.no_grad():
        losses.append(loss_fn(case["loss"], p, x, y).item())

    def lst(t):
        return t.detach().tolist()

    out = {
        "name": case["name"],
        "d": case["d"],
        "m": case["m"],
        "n": case["n"],
        "loss": case["loss"],
        "optimizer": opt,
        "lr": lr,
        "momentum": momentum,
        "weight_decay": wd,
        "train_linear": tl,
        "steps": steps,
        "initial": {
            "a": a_np.tolist(),
            "b": b_np.tolist(),
            "c": c_np.tolist(),
            "e": e_np,
            "v": v_np.tolist(),
        },
        "x": x_np.tolist(),
        "y": y_np.tolist(),
        "losses": losses,
        "final": {
            "a": lst(p["a"]),
            "b": lst(p["b"]),
            "c": lst(p["c"]),
            "e": p["e"].item(),
            "v": lst(p["v"]),
        },
    }
    status = "ok"
    if not losses[-1] < 0.9 * losses[0]:
        status = "LOSS DID NOT DECREASE ENOUGH"
    if flips == 0:
        status = "RELU PATTERN NEVER CHANGED"
    if margin < 1e-8:
        status = "A KINK CAME TOO CLOSE TO A DATA POINT"
    mono = all(losses[k + 1] <= losses[k] for k in range(steps))
    print("%-34s loss %.6g -> %.6g (%s), pattern flips %d, "
          "min |z| %.3g: %s"
          % (case["name"], losses[0], losses[-1],
             "monotone" if mono else "not monotone", flips, margin, status),
          file=sys.stderr)
    return out, status == "ok"


def C(name, d, m, n, loss, opt, lr, wd, tl, seed, steps=80):
    return dict(name=name, d=d, m=m, n=n, loss=loss, optimizer=opt, lr=lr,
                weight_decay=wd, train_linear=tl, seed=seed, steps=steps)


CASES = [
    C("d1-m8-n32-gd-mse", 1, 8, 32, "mse", "gd", 0.05, 0.0, False, 101),
    C("d1-m8-n32-gd-mse-wd-linear", 1, 8, 32, "mse", "gd", 0.05, 0.01, True,
      102),
    C("d1-m8-n32-momentum-mse", 1, 8, 32, "mse", "momentum", 0.01, 0.0, False,
      103),
    C("d1-m8-n30-momentum-logistic-wd", 1, 8, 30, "logistic", "momentum", 0.05,
      0.005, False, 104),
    C("d1-m8-n32-adam-mse-wd", 1, 8, 32, "mse", "adam", 0.02, 0.01, False, 105),
    C("d1-m8-n32-adam-logistic-linear", 1, 8, 32, "logistic", "adam", 0.03,
      0.0, True, 106),
    C("d2-m6-n40-gd-logistic-linear", 2, 6, 40, "logistic", "gd", 0.5, 0.0,
      True, 201),
    C("d2-m6-n40-momentum-mse-wd-linear", 2, 6, 40, "mse", "momentum", 0.01,
      0.01, True, 202),
    C("d2-m6-n40-adam-mse-linear", 2, 6, 40, "mse", "adam", 0.02, 0.0, True,
      203),
    C("d2-m6-n37-adam-logistic-wd", 2, 6, 37, "logistic", "adam", 0.03, 0.01,
      False, 204),
    C("d1-m1-n5-gd-mse-linear", 1, 1, 5, "mse", "gd", 0.1, 0.0, True, 308,
      steps=60),
    C("d1-m1-n5-adam-logistic-wd", 1, 1, 5, "logistic", "adam", 0.05, 0.01,
      False, 302, steps=60),
]


def dump(cases):
    """One key per line, arrays on one line: small and diffable."""
    lines = ["{", ' "generator": "tools/gen-golden.py",',
             ' "torch": %s,' % json.dumps(torch.__version__),
             ' "cases": [']
    for ci, case in enumerate(cases):
        lines.append("  {")
        keys = list(case)
        for ki, key in enumerate(keys):
            sep = "," if ki + 1 < len(keys) else ""
            val = case[key]
            if isinstance(val, dict):
                lines.append("   %s: {" % json.dumps(key))
                sub = list(val)
                for si, sk in enumerate(sub):
                    ssep = "," if si + 1 < len(sub) else ""
                    lines.append("    %s: %s%s" % (json.dumps(sk),
                                                   json.dumps(val[sk]), ssep))
                lines.append("   }" + sep)
            else:
                lines.append("   %s: %s%s" % (json.dumps(key), json.dumps(val),
                                              sep))
        lines.append("  }" + ("," if ci + 1 < len(cases) else ""))
    lines += [" ]", "}"]
    return "\n".join(lines) + "\n"


def main():
    results = []
    good = True
    for case in CASES:
        out, ok = run_case(case)
        results.append(out)
        good = good and ok
    text = dump(results)
    json.loads(text)  # well-formed
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    if not good:
        print("gen-golden: some cases failed their sanity checks",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
