"""Races `closetd model bench` against ai-edge-litert on the same .tflite files, single thread, in one run.

These machines are shared and their speed drifts from one second to the next, so the race runs in rounds: each
round measures closetd and then every peer, back to back, and the ratio ours/peer is taken within the round. The
figure reported is the median over rounds of those ratios (with the lowest and highest round), next to the median
latencies. Per model it also prints GOPS and the arena size; `--profile` prints closetd's time per operator.
Build closetd in release mode first (make release).
Usage: python bench.py --closetd .build/release/closetd MODEL.tflite [...] [--runs N] [--rounds R] [--kernels auto]"""

import argparse
import re
import statistics
import subprocess
import time

import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType

PEERS = {
    "xnnpack": OpResolverType.AUTO,
    "tflite": OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES,
    "reference": OpResolverType.BUILTIN_REF,
}


def make_peer(path, resolver):
    it = Interpreter(model_path=path, num_threads=1, experimental_op_resolver_type=resolver)
    it.allocate_tensors()
    for d in it.get_input_details():
        it.set_tensor(d["index"], np.zeros(d["shape"], d["dtype"]))
    for _ in range(3):
        it.invoke()
    return it


def peer_median_ms(it, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        it.invoke()
        times.append((time.perf_counter() - start) * 1000)
    return float(np.median(times))


def ours(args, path, profile=False):
    command = [args.closetd, "model", "bench", path, "--runs", str(args.runs), "--kernels", args.kernels]
    if profile:
        command.append("--profile")
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    fields = dict(re.findall(r"^(\w+): (.*)$", result.stdout, re.M))
    return float(re.search(r"median_ms=([\d.]+)", result.stdout).group(1)), fields, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("models", nargs="+")
    parser.add_argument("--closetd", required=True)
    parser.add_argument("--runs", type=int, default=50, help="invocations per measurement")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--kernels", default="auto")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    for path in args.models:
        peers = {name: make_peer(path, resolver) for name, resolver in PEERS.items()}
        mine, ratios, latencies = [], {name: [] for name in peers}, {name: [] for name in peers}
        fields = {}
        for _ in range(args.rounds):
            ms, fields, _ = ours(args, path)
            mine.append(ms)
            for name, it in peers.items():
                runs = max(3, args.runs // 10) if name == "reference" else args.runs
                peer_ms = peer_median_ms(it, runs)
                latencies[name].append(peer_ms)
                ratios[name].append(ms / peer_ms)
        if args.profile:
            print(ours(args, path, profile=True)[2])
        macs = int(fields["macs"])
        median = statistics.median(mine)
        print(f"{path}: closetd[{fields['kernels']}] {median:.3f} ms, {2 * macs / median / 1e6:.1f} GOPS, "
              f"arena {int(fields['arena_bytes'])} bytes, {macs / 1e6:.1f} MMAC, {args.rounds} rounds")
        for name in peers:
            r = ratios[name]
            print(f"  vs {name:9s} {statistics.median(latencies[name]):8.3f} ms  ours/peer = "
                  f"{statistics.median(r):.2f} (rounds {min(r):.2f}-{max(r):.2f})")


if __name__ == "__main__":
    main()
