"""Races `closetd model bench` against ai-edge-litert on the same .tflite files, single thread, in one run.

Prints, per model, our median latency and its ratio to XNNPACK (the default resolver), TFLite's optimized kernels
and the reference kernels, plus GOPS and the arena size. Build closetd in release mode first (make release).
Usage: python bench.py --closetd .build/release/closetd MODEL.tflite [...] [--runs N] [--kernels auto]"""

import argparse
import re
import subprocess
import time

import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType


def peer_median_ms(path, resolver, runs):
    it = Interpreter(model_path=path, num_threads=1, experimental_op_resolver_type=resolver)
    it.allocate_tensors()
    for d in it.get_input_details():
        it.set_tensor(d["index"], np.zeros(d["shape"], d["dtype"]))
    for _ in range(5):
        it.invoke()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        it.invoke()
        times.append((time.perf_counter() - start) * 1000)
    return float(np.median(times))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("models", nargs="+")
    parser.add_argument("--closetd", required=True)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--kernels", default="auto")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    for path in args.models:
        command = [args.closetd, "model", "bench", path, "--runs", str(args.runs), "--kernels", args.kernels]
        if args.profile:
            command.append("--profile")
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        if args.profile:
            print(result.stdout)
        fields = dict(re.findall(r"^(\w+): (.*)$", result.stdout, re.M))
        ours = float(re.search(r"median_ms=([\d.]+)", result.stdout).group(1))
        peers = {
            "xnnpack": peer_median_ms(path, OpResolverType.AUTO, args.runs),
            "tflite": peer_median_ms(path, OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES, args.runs),
            "reference": peer_median_ms(path, OpResolverType.BUILTIN_REF, max(5, args.runs // 10)),
        }
        macs = int(fields["macs"])
        print(f"{path}: closetd[{fields['kernels']}] {ours:.3f} ms, {2 * macs / ours / 1e6:.1f} GOPS, "
              f"arena {int(fields['arena_bytes'])} bytes, {macs / 1e6:.1f} MMAC")
        for name, ms in peers.items():
            print(f"  vs {name:9s} {ms:8.3f} ms  ours/peer = {ours / ms:.2f}")


if __name__ == "__main__":
    main()
