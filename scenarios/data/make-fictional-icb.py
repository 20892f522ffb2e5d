#!/usr/bin/env python3
"""Writes the FICTIONAL integrated care board example (10 PCNs, 60 practices) used by
scenarios/icb/example-icb.toml: registered patients in the NHS Digital five-year layout, IMD
quintile shares and a practice-to-PCN membership list. Deterministic (fixed seed); rerun only to
change the example. Nothing here describes a real practice, PCN or ICB."""
import csv
import math
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
BANDS = ["0_4", "5_9", "10_14", "15_19", "20_24", "25_29", "30_34", "35_39", "40_44", "45_49", "50_54",
         "55_59", "60_64", "65_69", "70_74", "75_79", "80_84", "85_89", "90_94", "95+"]
# England-like registered-list shape per five-year band (share of the list, female and male alike).
SHAPE = [5.2, 5.8, 6.1, 5.8, 6.0, 6.9, 7.4, 7.1, 6.6, 6.4, 6.8, 6.7, 5.9, 5.0, 4.7, 3.6, 2.5, 1.5, 0.7, 0.3]

rng = random.Random(20261123)
practices, membership, deprivation = [], [], []
code = 10001
for pcn in range(1, 11):
    pcn_code = f"ZPCN{pcn:02d}"
    depr_tilt = -1.0 + 2.0 * (pcn - 1) / 9  # ZPCN01 the most deprived, ZPCN10 the least
    for _ in range(rng.randint(4, 8)):
        org = f"Z{code}"
        code += 1
        size = int(rng.lognormvariate(math.log(7500), 0.35))
        age_tilt = rng.uniform(-0.5, 0.5)  # > 0: older list
        weights = [s * math.exp(age_tilt * (b - 9) / 9) for b, s in enumerate(SHAPE)]
        total_w = sum(weights)
        counts = {}
        for sex, share in (("FEMALE", 0.505), ("MALE", 0.495)):
            for b, w in zip(BANDS, weights):
                counts[(sex, b)] = max(0, round(size * share * w / total_w * rng.uniform(0.9, 1.1)))
        practices.append((org, counts))
        membership.append((org, pcn_code, f"Fictional PCN {pcn}"))
        t = depr_tilt + rng.uniform(-0.4, 0.4)
        q = [math.exp(1.2 * t * (k - 2)) for k in range(5)]
        deprivation.append((org, [round(x / sum(q), 3) for x in q]))

with open(HERE / "fictional-icb-registered-patients.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["PUBLICATION", "EXTRACT_DATE", "TYPE", "SUB_ICB_LOCATION_CODE", "ONS_SUB_ICB_LOCATION_CODE", "ORG_CODE",
                "POSTCODE", "SEX", "AGE_GROUP_5", "NUMBER_OF_PATIENTS"])
    for i, (org, counts) in enumerate(practices):
        pre = ["Patients Registered at a GP Practice", "01OCT2026", "GP", "99Z", "E38999999", org, f"ZZ9 {i % 10}AA"]
        w.writerow(pre + ["ALL", "ALL", sum(counts.values())])
        for sex in ("FEMALE", "MALE"):
            for b in BANDS:
                w.writerow(pre + [sex, b, counts[(sex, b)]])
with open(HERE / "fictional-icb-pcn-membership.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["ORG_CODE", "PCN_CODE", "PCN_NAME"])
    w.writerows(membership)
with open(HERE / "fictional-icb-deprivation.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["ORG_CODE", "IMD_Q1", "IMD_Q2", "IMD_Q3", "IMD_Q4", "IMD_Q5"])
    for org, q in deprivation:
        q[-1] = round(1 - sum(q[:-1]), 3)
        w.writerow([org] + q)
