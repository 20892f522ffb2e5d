#!/usr/bin/env bash
# The quick start's pcnsim commands, in one place for scripts/quickstart.sh (after it has built the
# binary) and for the test that runs them:
#
#   scripts/quickstart-run.sh PCNSIM_BINARY OUT_FOLDER     # writes OUT_FOLDER/compare/
#
# 1. compare eight coaching scenarios on the bundled (fictional) PCN: coach staffing of 0, 1, 2 and
#    4 WTE on multi-risk targeting, and four other targeting strategies at 2 WTE, each against its
#    paired no-coaching counterfactual, over 12 PSA draws of one paired replication each (parameter
#    uncertainty in every interval; docs/economics.md says why 12); then, on the best-ranked coaching
#    option, the break-even of the coaching effect (break_even/) and a tornado (tornado/);
# 2. the model beside the published evidence (compare/validation/);
# 3. the report of all of it (compare/report.html).
#
# The tornado's parameters are chosen by meaning, before any run, not by a screen of every
# parameter: the coaching effect (the PAM gain of completers, the causal share of the PAM gradient,
# the durable share of the gain, and the gradient's rate ratios for admissions, A&E and GP
# appointments), its reach (uptake of an invitation, completion once started, missed sessions) and
# the prices (a coach WTE, a GP appointment, an emergency admission). Each run has 2 replications.
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 PCNSIM_BINARY OUT_FOLDER" >&2
  exit 2
fi
# The commands run from the repository's root; paths under it stay relative, so that the command
# lines recorded in the manifests (and the report's "Reproduce this") read as typed there.
root=$(cd "$(dirname "$0")/.." && pwd)
pcnsim=$(realpath --relative-base="$root" "$1")
out=$(realpath -m --relative-base="$root" "$2")
[[ $pcnsim == */* ]] || pcnsim=./$pcnsim
cd "$root"

tornado=activation.coaching_gain_completers,activation.causal_share,activation.durable_share
tornado+=,activation.admission_rr_per_10_points,activation.ae_rr_per_10_points,activation.gp_rr_per_10_points
tornado+=,uptake.invitation,coaching.completion_after_start,coaching.dna_rate
tornado+=,cost.coach_wte_year,cost.gp_appointment,cost.emergency_admission

"$pcnsim" compare \
  scenarios/staffing/0-wte.toml scenarios/staffing/1-wte.toml scenarios/staffing/2-wte.toml scenarios/staffing/4-wte.toml \
  scenarios/targeting/low-activation.toml scenarios/targeting/risk-stratification.toml \
  scenarios/targeting/deprivation-first.toml scenarios/targeting/ageing-well.toml \
  --psa 12 --replications 1 --timeseries-bands \
  --break-even activation.coaching_gain_completers --tornado "$tornado" --sensitivity-replications 2 \
  --out "$out/compare" --force
"$pcnsim" validate --out "$out/compare/validation" --force --quiet
"$pcnsim" report "$out/compare" --out "$out/compare/report.html"
