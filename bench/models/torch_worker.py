# PyTorch (CPU) training the same models as worker.mjs, for bench/models/run.mjs:
# same shapes, batch sizes and optimizers (RMSprop with Keras' rho 0.9 and
# epsilon 1e-7; Adam), synthetic data, warm-up batches not timed, and one JSON
# line on stdout: per-epoch wall and CPU seconds and peak RSS.
#
#   python3 bench/models/torch_worker.py '{"model":"mnist_mlp","threads":1,"batches":10,"epochs":2,"warmup":3}'
#   python3 bench/models/torch_worker.py '{"threads":1,"sizes":[512]}'   (matmul GFLOPS)
import json
import resource
import sys
import time

job = json.loads(sys.argv[1])
import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(job["threads"])
torch.manual_seed(1)

if "sizes" in job:  # the machine's matmul limit: A·B, Aᵀ·B, A·Bᵀ, median of repeats after warm-up
    rows = []
    for n in job["sizes"]:
        a, b = torch.rand(n, n) * 2 - 1, torch.rand(n, n) * 2 - 1
        for name, fn in (("A·B", lambda: a @ b), ("Aᵀ·B", lambda: a.t() @ b), ("A·Bᵀ", lambda: a @ b.t())):
            fn(), fn()
            samples, cpu_samples, start = [], [], time.perf_counter()
            while len(samples) < 3 or (len(samples) < 30 and time.perf_counter() - start < 0.5):
                t, c = time.perf_counter(), time.process_time()
                fn()
                samples.append((time.perf_counter() - t) * 1000)
                cpu_samples.append((time.process_time() - c) * 1000)
            ms, cpu_ms = sorted(samples)[len(samples) // 2], max(sorted(cpu_samples)[len(samples) // 2], 1e-3)
            rows.append({"n": n, "product": name, "ms": round(ms, 3), "gflops": round(2 * n ** 3 / ms / 1e6, 2),
                         "cpuMs": round(cpu_ms, 3), "cpuGflops": round(2 * n ** 3 / cpu_ms / 1e6, 2)})
    print(json.dumps({**job, "status": "ok", "rows": rows, "torch": torch.__version__}))
    sys.exit(0)


class BiLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(10000, 128)
        self.lstm = nn.LSTM(128, 64, batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(0.5)
        self.dense = nn.Linear(128, 1)

    def forward(self, x):
        _, (h, _) = self.lstm(self.embedding(x))
        return self.dense(self.dropout(torch.cat([h[0], h[1]], dim=1)))


SPECS = {
    "mnist_mlp": dict(batch=128, x=lambda n: torch.rand(n, 784), y="classes",
                      net=lambda: nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))),
    "imdb_dense": dict(batch=512, x=lambda n: (torch.rand(n, 10000) < 0.012).float(), y="binary",
                       net=lambda: nn.Sequential(nn.Linear(10000, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1))),
    "boston_mlp": dict(batch=16, x=lambda n: torch.randn(n, 13), y="regression",
                       net=lambda: nn.Sequential(nn.Linear(13, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))),
    "mnist_convnet": dict(batch=64, x=lambda n: torch.rand(n, 1, 28, 28), y="classes",
                          net=lambda: nn.Sequential(
                              nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(64, 128, 3), nn.ReLU(), nn.Flatten(), nn.Linear(1152, 10))),
    "imdb_bilstm": dict(batch=128, x=lambda n: torch.randint(0, 10000, (n, 200)), y="binary", net=BiLSTM, adam=True),
}

spec = SPECS[job["model"]]
net = spec["net"]()
if spec.get("adam"):
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)
else:
    opt = torch.optim.RMSprop(net.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
loss_fn = {"classes": nn.CrossEntropyLoss(), "binary": nn.BCEWithLogitsLoss(), "regression": nn.MSELoss()}[spec["y"]]


def data(n):
    x = spec["x"](n)
    if spec["y"] == "classes":
        y = torch.randint(0, 10, (n,))
    elif spec["y"] == "binary":
        y = torch.randint(0, 2, (n, 1)).float()
    else:
        y = 10 + 20 * torch.rand(n, 1)
    return x, y


def epoch(x, y):
    """One shuffled epoch with a running loss kept on the tensor side (read once at the end, as Keras' metrics)."""
    net.train()
    b = spec["batch"]
    order = torch.randperm(x.shape[0])
    total = torch.zeros(())
    for i in range(0, x.shape[0], b):
        idx = order[i:i + b]
        opt.zero_grad()
        loss = loss_fn(net(x[idx]), y[idx])
        loss.backward()
        opt.step()
        total += loss.detach()
    return float(total)


epoch(*data(job["warmup"] * spec["batch"]))
x, y = data(job["batches"] * spec["batch"])
per_epoch = []
for _ in range(job["epochs"]):
    start, cpu = time.perf_counter(), time.process_time()
    epoch(x, y)
    per_epoch.append({"seconds": time.perf_counter() - start, "cpuSeconds": time.process_time() - cpu, "tensors": None})
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({**job, "peakRssBytes": peak, "status": "ok", "batchSize": spec["batch"],
                  "samplesPerEpoch": job["batches"] * spec["batch"], "tensorsBefore": None, "perEpoch": per_epoch,
                  "tensorsAfter": None, "torch": torch.__version__}))
