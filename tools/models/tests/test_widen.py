"""nets.widen_into: a wider build of the garment network that starts from a trained narrower one computes what
the narrower one did, and its new channels can learn. Needs TensorFlow (the models venv, `make models`);
skipped without it."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow", reason="TensorFlow is only in the models venv (make models)")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import nets  # noqa: E402


def _randomise(model: tf.keras.Model, rng: np.random.Generator) -> None:
    """Weights unlike the initial ones everywhere (BN statistics included), as after training."""
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.uniform(0.5, 1.5, w.shape).astype(np.float32) if "bn" in layer.name
                               else rng.normal(0, 0.2, w.shape).astype(np.float32) for w in weights])  # fmt: skip


def test_wider_garment_net_computes_what_the_narrower_one_did():
    rng = np.random.default_rng(7)
    narrow, _ = nets.garment_net(None)
    _randomise(narrow, rng)
    wide, _ = nets.garment_net(None, width=1.5)
    assert wide.count_params() > 1.8 * narrow.count_params()
    nets.widen_into(narrow, wide)
    x = rng.uniform(0, 255, (4, 96, 96, 3)).astype(np.float32)
    for before, after in zip(narrow(x, training=False), wide(x, training=False)):
        scale = float(np.abs(before).max())
        assert np.abs(np.asarray(before) - np.asarray(after)).max() <= 1e-4 * scale
    # The new channels are live: the gradient reaches the weights that read them, which start at zero.
    with tf.GradientTape() as tape:
        logits, embedding = wide(x, training=True)
        loss = tf.reduce_sum(logits**2) + tf.reduce_sum(embedding**2)
    grad = tape.gradient(loss, wide.get_layer("hidden").kernel)
    # The hidden layer reads [pooled, early]; the pooled channels past the narrow model's count are new.
    old_pooled, new_pooled = narrow.get_layer("pool").output.shape[-1], wide.get_layer("pool").output.shape[-1]
    assert float(tf.reduce_max(tf.abs(grad[old_pooled:new_pooled]))) > 0.0


def test_a_mismatched_network_is_refused():
    narrow, _ = nets.garment_net(None)
    pose, _ = nets.pose_net(None)
    with pytest.raises(ValueError, match="not a build of the same network"):
        nets.widen_into(narrow, pose)
