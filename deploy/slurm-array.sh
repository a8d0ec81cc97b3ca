#!/usr/bin/env bash
# evcov on Slurm: one array task per shard. Task K runs `evcov run --shard K/N`
# (K = SLURM_ARRAY_TASK_ID, N = SLURM_ARRAY_TASK_COUNT; the array must be 0..N-1)
# into OUT_ROOT/shard-K, with the evcov of a shared install (EVCOV). Then merge:
#   jid=$(sbatch --parsable --array=0-3 deploy/slurm-array.sh /shared/batch /shared/out)
#   sbatch --dependency=afterok:$jid --wrap \
#     '/shared/evcov/build/evcov merge /shared/out/shard-* -o /shared/out/merged || [ $? -eq 1 ]'
#SBATCH --job-name=evcov
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --output=evcov-%A_%a.out
set -euo pipefail
batch=${1:?usage: sbatch --array=0-<N-1> slurm-array.sh BATCH_DIR OUT_ROOT}
out_root=${2:?usage: sbatch --array=0-<N-1> slurm-array.sh BATCH_DIR OUT_ROOT}
evcov=${EVCOV:-/shared/evcov/build/evcov}
k=$SLURM_ARRAY_TASK_ID
n=$SLURM_ARRAY_TASK_COUNT
if [ "$SLURM_ARRAY_TASK_MIN" -ne 0 ] || [ "$SLURM_ARRAY_TASK_MAX" -ne $((n - 1)) ]; then
  echo "slurm-array.sh: submit with --array=0-$((n - 1)) (shards are 0..N-1)" >&2
  exit 2
fi
# Exit code 1 = done, but files not read or applicants with errors (see the index).
"$evcov" run "$batch" -o "$out_root/shard-$k" --shard "$k/$n" -j "${SLURM_CPUS_PER_TASK:-1}" -q ||
  [ $? -eq 1 ]
