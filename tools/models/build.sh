#!/bin/bash
# Regenerates models-int8/ from nothing: renders the synthetic data, trains the three models, converts them to
# int8, evaluates float and int8 (through closetd's engine) on held-out renders, and writes the manifest.
# Deterministic data (scenegen is byte-reproducible); training on CPU is reproducible in its seeds, not in its
# last bits (TensorFlow's CPU kernels reduce in parallel). Run by `make models`.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${MODELS_PYTHON:-.build/models-venv/bin/python}
GEN=${GEN_PYTHON:-.venv/bin/python}
WORK=${MODELS_WORK:-.build/models-work}
CLOSETD=${CLOSETD:-.build/release/closetd}
OUT=${MODELS_OUT:-models-int8}
mkdir -p "$WORK/cache" "$WORK/first" "$WORK/ft" "$WORK/third" "$WORK/det4" "$WORK/det5" "$WORK/det6" "$WORK/models"
render() { # folder, arguments...: skips a render that is already complete
    local dir=$1; shift
    [ -e "$WORK/$dir/.done" ] && return 0
    rm -rf "${WORK:?}/$dir"
    nice -n 10 "$GEN" tools/scenegen/render.py "$@" --out "$WORK/$dir"
    touch "$WORK/$dir/.done"
}
render train dataset --seed 101 --count 6000 --jobs 2
render heldout dataset --seed 9001 --count 400 --jobs 2
for seed in 301 302 303 304 305 306; do render reid-$seed crops --seed $seed --items 40 --days 6 --per-day 2; done
render reid-heldout crops --seed 9101 --items 100 --days 4 --per-day 1
# Four more held-out closets rendered alike (2026-11-26): one closet's re-id figure moves 0.36 points a query.
for seed in 9102 9103 9104 9105; do render reid-heldout-$seed crops --seed $seed --items 100 --days 4 --per-day 1; done
for seed in 307 308 309 315 316 317 $(seq 318 350) $(seq 352 398) $(seq 400 422); do render reid-$seed crops --seed $seed --items 100 --days 6 --per-day 1; done
for seed in 310 311 312 313 314; do render reid-$seed crops --seed $seed --items 100 --days 5 --per-day 1; done
render reid-val-399 crops --seed 399 --items 100 --days 3 --per-day 1
render train102 dataset --seed 102 --count 6000 --jobs 2
render train103 dataset --seed 103 --count 6000 --jobs 2
render val8801 dataset --seed 8801 --count 800 --jobs 2
cat > "$WORK/data-commands.json" <<JSON
{"train": "render.py dataset --seed 101 --count 6000 (garment 1.4.0 to 1.8.0 also 102 and 103, --count 6000 each; garment 1.8.0 takes the three at 128 px)",
 "classifier_val": "render.py dataset --seed 8801 --count 800", "heldout": "render.py dataset --seed 9001 --count 400",
 "reid_train": "render.py crops --seed 301..306 --items 40 --days 6 --per-day 2; crops --seed 307..309, 315..350, 352..398 and 400..422 --items 100 --days 6 --per-day 1; crops --seed 310..314 --items 100 --days 5 --per-day 1",
 "reid_val": "render.py crops --seed 399 --items 100 --days 3 --per-day 1",
 "reid_heldout": "render.py crops --seed 9101 --items 100 --days 4 --per-day 1; four more closets, --seed 9102 to 9105 alike"}
JSON
T=tools/models/train.py
$PY $T prepare --data "$WORK/train" --task pose --out "$WORK/cache/pose.npz"
$PY $T prepare --data "$WORK/train" --task detector --out "$WORK/cache/detector.npz"
$PY $T prepare --data "$WORK/train" --task garment --jitter --out "$WORK/cache/garment.npz"
$PY $T prepare --data "$WORK/train102" --task garment --jitter --seed 2 --out "$WORK/cache/garment-102.npz"
$PY $T prepare --data "$WORK/train103" --task garment --jitter --seed 3 --out "$WORK/cache/garment-103.npz"
$PY $T prepare --data "$WORK/val8801" --task garment --out "$WORK/cache/val8801-garment.npz"
# The same crops at garment 1.8.0's 128 x 128 input.
$PY $T prepare --data "$WORK/train" --task garment --garment-size 128 --jitter --out "$WORK/cache128/garment.npz"
$PY $T prepare --data "$WORK/train102" --task garment --garment-size 128 --jitter --seed 2 --out "$WORK/cache128/garment-102.npz"
$PY $T prepare --data "$WORK/train103" --task garment --garment-size 128 --jitter --seed 3 --out "$WORK/cache128/garment-103.npz"
$PY $T prepare --data "$WORK/val8801" --task garment --garment-size 128 --out "$WORK/cache128/val8801-garment.npz"
# Each model: a first run, then a fine-tuning run from it (what made the committed models; see the manifest).
$PY $T pose --train "$WORK/cache/pose.npz" --out "$WORK/first" --epochs 6 --threads 1 &
$PY $T detector --train "$WORK/cache/detector.npz" --out "$WORK/first" --epochs 8 --threads 1 --giou-weight 0 &
$PY $T garment --train "$WORK/cache/garment.npz" --reid "$WORK"/reid-30[1-6] --out "$WORK/first" --epochs 3 --threads 1 &
wait
$PY $T pose --train "$WORK/cache/pose.npz" --out "$WORK/models" --epochs 3 --lr 6e-4 --seed 2027 --threads 1 \
    --resume "$WORK/first/pose.keras" &
$PY $T detector --train "$WORK/cache/detector.npz" --out "$WORK/ft" --epochs 4 --lr 1e-3 --seed 2027 --threads 1 \
    --giou-weight 0 --resume "$WORK/first/detector.keras" &
$PY $T garment --train "$WORK/cache/garment.npz" --reid "$WORK"/reid-30[1-6] --out "$WORK/models" --epochs 3 --lr 1.5e-3 \
    --seed 2027 --threads 1 --resume "$WORK/first/garment.keras" &
wait
# The detector goes on from its second run with the GIoU box loss, in two runs that had time budgets on the shared
# machine (the cosine schedule followed the time spent); --steps and --schedule-steps repeat them approximately.
# The third stopped after 5 epochs of a schedule planned for about 16, to add the feature clamp and the fake
# quantization of the heads' input (nets.py), which it and the first two runs did not have (here they all get
# them); the fourth is the committed model.
$PY $T detector --train "$WORK/cache/detector.npz" --out "$WORK/third" --steps 935 --schedule-steps 2950 --lr 1.5e-3 \
    --seed 2028 --threads 2 --resume "$WORK/ft/detector.keras"
$PY $T detector --train "$WORK/cache/detector.npz" --out "$WORK/det4" --steps 2059 --lr 1.2e-3 --seed 2029 --threads 2 \
    --resume "$WORK/third/detector.keras"
# Two more time-budgeted runs (80 and 25 minutes, one thread each, beside the garment training) made detector 1.2.0.
$PY $T detector --train "$WORK/cache/detector.npz" --out "$WORK/det5" --steps 5120 --lr 8e-4 --seed 2030 --threads 1 \
    --resume "$WORK/det4/detector.keras"
$PY $T detector --train "$WORK/cache/detector.npz" --out "$WORK/det6" --steps 1821 --lr 3e-4 --seed 2032 --threads 1 \
    --resume "$WORK/det5/detector.keras"
# One more, 60 minutes (3,941 steps) at lr 4e-4, one thread, made detector 1.3.0.
$PY $T detector --train "$WORK/cache/detector.npz" --out "$WORK/models" --steps 3941 --lr 4e-4 --seed 2033 --threads 1 \
    --resume "$WORK/det6/detector.keras"
# Garment, a third run from the second with the embedding's own head (spatially weighted pooling at three depths
# and a colour path), an additive-margin identity loss and item-attribute read-outs, on 300 more re-id items
# (seeds 307-309); seed 399 is only watched (re-id top-1 per epoch), never trained on.
$PY $T garment --train "$WORK/cache/garment.npz" --reid "$WORK"/reid-30? --out "$WORK/garment3" --epochs 9 \
    --steps-per-epoch 300 --batch 24 --reid-items 4 --lr 1e-3 --attribute-weight 0.5 --seed 2026 --threads 1 \
    --resume "$WORK/models/garment.keras" --val-reid "$WORK/reid-val-399"
# Garment 1.2.0: a fourth run from the third on 1,340 re-id items (seeds 301-317, rendered with the look-alike rule),
# every crop shown under another exposure and colour cast (--photometric); time-budgeted (78 minutes, one thread).
$PY $T garment --train "$WORK/cache/garment.npz" --reid "$WORK"/reid-30? "$WORK"/reid-31[0-7] --out "$WORK/garment4" --steps 5888 \
    --schedule-steps 5888 --steps-per-epoch 300 --batch 24 --reid-items 4 --lr 1e-3 --attribute-weight 0.5 --seed 2031 \
    --threads 1 --photometric --resume "$WORK/garment3/garment.keras" --val-reid "$WORK/reid-val-399"
# Garment 1.3.0 pools its embedding by item attention (nets.item_attention): the mask head's softmax weighs the
# feature cells. Four runs from 1.2.0, all with --attention --freeze-bn --fit-readouts --photometric and two
# threads, each time-budgeted (the schedule followed the time; --steps and --schedule-steps repeat them
# approximately). The first started from the float weights rebuilt from 1.2.0's int8 file (from_int8.py), as no
# float checkpoint of 1.2.0 was left; 81 minutes on seeds 301-317.
$PY tools/models/from_int8.py --task garment --tflite "$WORK/garment4/garment.tflite" --out "$WORK/garment4/garment.from-int8.keras"
A=(--steps-per-epoch 300 --batch 24 --reid-items 4 --attribute-weight 0.5 --threads 2 --photometric --attention
   --mask-weight 2 --freeze-bn --fit-readouts --val-reid "$WORK/reid-val-399")
$PY $T garment --train "$WORK/cache/garment.npz" --reid "$WORK"/reid-30? "$WORK"/reid-31[0-7] --out "$WORK/garment5" \
    --steps 15330 --schedule-steps 15330 --lr 5e-4 --seed 2035 "${A[@]}" --resume "$WORK/garment4/garment.from-int8.keras"
# The second clamps the mask logits the softmax sees to [-3, 3] (--clamped), so every cell of the item weighs alike;
# 71 minutes, same seeds.
$PY $T garment --train "$WORK/cache/garment.npz" --reid "$WORK"/reid-30? "$WORK"/reid-31[0-7] --out "$WORK/garment6" \
    --steps 13411 --schedule-steps 13411 --lr 3e-4 --seed 2036 --clamped "${A[@]}" --resume "$WORK/garment5/garment.keras"
# The third adds seeds 318-330 (2,485 items with two crops or more in all); 41 minutes.
$PY $T garment --train "$WORK/cache/garment.npz" --reid "$WORK"/reid-30? "$WORK"/reid-31? "$WORK"/reid-32? "$WORK"/reid-330 \
    --out "$WORK/garment7" --steps 7571 --schedule-steps 7571 --lr 3e-4 --seed 2037 --clamped "${A[@]}" \
    --resume "$WORK/garment6/garment.keras"
# The fourth adds seeds 331-350 (4,361 items) and is the committed model; 62 minutes.
$PY $T garment --train "$WORK/cache/garment.npz" --reid "$WORK"/reid-3?? --out "$WORK/garment8" --steps 11576 \
    --schedule-steps 11576 --lr 3e-4 --seed 2038 --clamped "${A[@]}" --resume "$WORK/garment7/garment.keras"
# Garment 1.4.0: two runs from 1.3.0's float weights rebuilt from its int8 file, on re-id seeds 318-350 only, with
# more classification crops and a read-out of each item's cut from the embedding (--cut-weight), the classifier's
# top-1 on render 8801 watched per epoch. Time-budgeted on two threads (57 and 52 minutes with conversion); the
# steps repeat them.
$PY tools/models/from_int8.py --task garment --attention --clamped --tflite "$WORK/garment8/garment.tflite" \
    --out "$WORK/garment8/garment.from-int8.keras"
R=("$WORK"/reid-31[89] "$WORK"/reid-3[234]? "$WORK"/reid-350)
B=(--ce-weight 1.5 --cut-weight 0.5 --clamped --val-classify "$WORK/cache/val8801-garment.npz")
$PY $T garment --train "$WORK/cache/garment.npz" "$WORK/cache/garment-102.npz" --reid "${R[@]}" --out "$WORK/garment9" \
    --steps 22323 --schedule-steps 22323 --lr 3e-4 --seed 2042 "${A[@]}" "${B[@]}" --resume "$WORK/garment8/garment.from-int8.keras"
$PY $T garment --train "$WORK/cache/garment.npz" "$WORK/cache/garment-102.npz" "$WORK/cache/garment-103.npz" \
    --reid "${R[@]}" --out "$WORK/garment10" --steps 18701 --schedule-steps 18701 --lr 2e-4 --seed 2043 "${A[@]}" "${B[@]}" \
    --resume "$WORK/garment9/garment.keras"
# Garment 1.5.0: 1.4.0 grown into a conditioned build (an attention map per coarse class; --conditioned), on re-id seeds
# 318-350 as rendered after the look-alike mend (52 minutes with conversion, two threads), then a colour code in each
# embedding row (train.py colour-code: no training; its weight set from the validation crops' norms, scale 1).
$PY $T garment --train "$WORK/cache/garment.npz" "$WORK/cache/garment-102.npz" "$WORK/cache/garment-103.npz" \
    --reid "${R[@]}" --out "$WORK/garment11" --steps 13559 --schedule-steps 13559 --lr 2e-4 --seed 2044 "${A[@]}" "${B[@]}" \
    --conditioned --resume "$WORK/garment10/garment.keras"
# Garment 1.6.0: the colour code beside the learnt part scaled to unit length (one L2_NORMALIZATION per row;
# garment12, not shipped: it measures the code's gain, 4.75, on the validation crops), then garment11 trained with
# that code in its embedding rows (--colour-code 4.75, the code's own layers fixed; 47 minutes with conversion, two
# threads, a 2,700 s budget that the steps repeat).
$PY $T colour-code --model "$WORK/garment11/garment.keras" --train "$WORK/cache/garment.npz" --val-reid "$WORK/reid-val-399" \
    --learnt unit --out "$WORK/garment12"
$PY $T garment --train "$WORK/cache/garment.npz" "$WORK/cache/garment-102.npz" "$WORK/cache/garment-103.npz" \
    --reid "${R[@]}" --out "$WORK/garment13" --steps 13857 --schedule-steps 13857 --lr 2e-4 --seed 2045 "${A[@]}" "${B[@]}" \
    --conditioned --colour-code 4.75 --resume "$WORK/garment11/garment.keras"
# Garment 1.7.0: garment13 trained on twice the re-id items (seeds 318-350 and 352-381; 351 is kept for validation)
# with a read-out of each patterned item's period and angle from the embedding (--weave-weight); one thread, a 2,900 s
# budget that the steps repeat (52 minutes with conversion; 12 GB of memory then, when train.py kept every re-id crop
# decoded: it now keeps their JPEG bytes, 4.7 GB at the peak of a 103-folder run). The same run without the read-out,
# made after it, scores alike (models-int8/README.md).
$PY $T garment --train "$WORK/cache/garment.npz" "$WORK/cache/garment-102.npz" "$WORK/cache/garment-103.npz" \
    --reid "${R[@]}" "$WORK"/reid-35[2-9] "$WORK"/reid-3[67]? "$WORK"/reid-38[01] --out "$WORK/garment14" --steps 9736 \
    --schedule-steps 9736 --lr 2e-4 --seed 2046 "${A[@]}" "${B[@]}" --threads 1 --conditioned --colour-code 4.75 \
    --weave-weight 0.5 --resume "$WORK/garment13/garment.keras"
# Garment 1.7.1: garment14 with its attended features scaled up before their concatenations (train.py gain, no
# training: the float model computes what it did). Up to 1.7.0 int8 rounded them to zero (nets.ATTENDED_GAINS).
$PY $T gain --model "$WORK/garment14/garment.keras" --train "$WORK/cache/garment.npz" --val-reid "$WORK/reid-val-399" \
    --out "$WORK/garment15"
# Garment 1.8.0: garment14 at a 128 x 128 input. garment16 resumes it through nets.resize_into on 40 more re-id
# closets (seeds 382-398 and 400-422, 103 in all), two threads, a 3,600 s budget (65 minutes with conversion, a peak
# of 6.6 GB); garment17 resumes garment16 with the attended gains (--attended-gain) and every ReLU6 output rounded in
# training as int8 rounds it (--fake-quant), a 3,300 s budget (61 minutes with conversion). The steps repeat the budgets.
R3=("${R[@]}" "$WORK"/reid-35[2-9] "$WORK"/reid-3[678]? "$WORK"/reid-39[0-8] "$WORK"/reid-4[01]? "$WORK"/reid-42[0-2])
C=(--train "$WORK/cache128/garment.npz" "$WORK/cache128/garment-102.npz" "$WORK/cache128/garment-103.npz" --reid "${R3[@]}"
   --ce-weight 1.5 --cut-weight 0.5 --clamped --val-classify "$WORK/cache128/val8801-garment.npz" --conditioned
   --colour-code 4.75 --weave-weight 0.5)
$PY $T garment "${C[@]}" --out "$WORK/garment16" --steps 10675 --schedule-steps 10675 --lr 2e-4 --seed 2048 "${A[@]}" \
    --resume "$WORK/garment14/garment.keras"
$PY $T garment "${C[@]}" --out "$WORK/garment17" --steps 8280 --schedule-steps 8280 --lr 1e-4 --seed 2049 "${A[@]}" \
    --attended-gain --fake-quant --resume "$WORK/garment16/garment.keras"
cp "$WORK"/garment17/garment.{keras,tflite,train.json} "$WORK/models/"
E=tools/models/evaluate.py
H=("$WORK/reid-heldout" "$WORK"/reid-heldout-910[2-5])
$PY $E --models "$WORK/models" --heldout "$WORK/heldout" --reid "${H[@]}" --backend keras --json "$WORK/float.json"
$PY $E --models "$WORK/models" --heldout "$WORK/heldout" --reid "${H[@]}" --backend closetd --closetd "$CLOSETD" --json "$WORK/int8.json"
$PY tools/models/make_manifest.py --models "$WORK/models" --float "$WORK/float.json" --int8 "$WORK/int8.json" \
    --data-commands "$WORK/data-commands.json" --out "$OUT"
