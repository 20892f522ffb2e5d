#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (fuzz/corpus/<target>/) from the shipped files.

Multi-file inputs (scenario chains, sweeps, calibration configs) are joined with the separator line
of fuzz/fuzz_input.hpp, their references rewritten to the names the targets give the parts. Large
data files are cut to their first lines (libFuzzer mutates small inputs best). The resume seeds and
the dictionary of declared keys come from fuzz_seeds (built by the fuzz preset): pass its path as the
first argument. Dictionaries go to fuzz/dict/<target>.dict.
"""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
SEP = "\n#~~~\n"
MAX_LINES = 60


def put(target, name, text):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)


def seed_name(path):
    return str(path.relative_to(ROOT)).replace("/", "_")


def head(path, lines=MAX_LINES):
    return "".join(path.read_text().splitlines(keepends=True)[:lines])


EXTENDS = re.compile(r'^extends\s*=\s*"([^"]*)"', re.M)


def chain(path, first_index):
    """The file and the files it extends, `extends` rewritten to f<i>.toml."""
    parts, i = [], first_index
    while path is not None and i < first_index + 8:
        text = path.read_text()
        m = EXTENDS.search(text)
        nxt = (path.parent / m.group(1)).resolve() if m else None
        if m:
            text = EXTENDS.sub(f'extends = "f{i + 1}.toml"', text, count=1)
        parts.append(text)
        path, i = nxt, i + 1
    return parts


def scenarios():
    for p in sorted((ROOT / "scenarios").rglob("*.toml")):
        if "sweeps" in p.parts or p.name == "small-sweep.toml":
            continue
        put("scenario", seed_name(p), SEP.join(chain(p, 0)))
    # A cycle, a missing parent and overrides, so the fuzzer starts from each.
    put("scenario", "cycle", 'extends = "f1.toml"' + SEP + 'extends = "f0.toml"\n')
    put("scenario", "missing-parent", 'extends = "f5.toml"\n[run]\nweeks = 4\n')
    put("scenario", "set-overrides", '[run]\nweeks = 4' + SEP + '#set\nrun.seed=3\ncoaching.wte=2\n')


def sweeps():
    for p in [*sorted((ROOT / "scenarios" / "sweeps").glob("*.toml")), ROOT / "scenarios" / "tests" / "small-sweep.toml"]:
        text = p.read_text()
        files = re.findall(r'"([^"]+\.toml)"', text)
        for i, f in enumerate(files[:4]):
            text = text.replace(f'"{f}"', f'"f{i + 1}.toml"')
        parts = [text] + [(p.parent / f).read_text() for f in files[:4]]
        put("sweep", seed_name(p), SEP.join(parts))


def calibration_configs():
    for p in sorted((ROOT / "calibration").rglob("*.toml")):
        text = p.read_text()
        scen = re.search(r'^scenario\s*=\s*"([^"]*)"', text, re.M)
        targ = re.search(r'^targets\s*=\s*"([^"]*)"', text, re.M)
        if not scen or not targ:
            continue
        text = text.replace(scen.group(0), 'scenario = "scenario.toml"').replace(targ.group(0), 'targets = "targets.csv"')
        scenario = chain((p.parent / scen.group(1)).resolve(), 2)
        targets = head(p.parent / targ.group(1))
        put("calibration_config", seed_name(p), SEP.join([text, scenario[0], targets, *scenario[1:]]))


def csvs():
    data = ROOT / "scenarios" / "data"
    for p in sorted(data.glob("*registered-patients.csv")):
        put("registered_patients", p.name, head(p, 90))
    put("prevalence", "fictional-pcn-prevalence.csv", head(data / "fictional-pcn-prevalence.csv"))
    for p in sorted(data.glob("*deprivation*.csv")):
        put("deprivation", p.name, head(p))
    put("membership", "fictional-icb-pcn-membership.csv", head(data / "fictional-icb-pcn-membership.csv"))
    for p in sorted((ROOT / "calibration").rglob("targets.csv")):
        put("targets", seed_name(p), head(p))
    header = "sample,weight,gp.base_rate_per_year,ae.base_rate_per_year\n"
    put("posterior", "two-rows.csv", header + "0,0.25,5.9,0.44\n1,0.75,6.1,0.40\n")
    put("posterior", "one-row.csv", "sample,weight,gp.base_rate_per_year\n0,1,5.9\n")


def resume(seeds_program):
    subprocess.run([seeds_program, "resume", str(CORPUS / "resume")], check=True)


CSV_WORDS = {
    "registered_patients": ["PUBLICATION", "EXTRACT_DATE", "TYPE", "SUB_ICB_LOCATION_CODE", "ONS_SUB_ICB_LOCATION_CODE",
                            "ORG_CODE", "POSTCODE", "SEX", "AGE_GROUP_5", "NUMBER_OF_PATIENTS", "ALL", "FEMALE", "MALE",
                            "Z00001", "Z00002", "95+", "90_94", "0_4"],
    "prevalence": ["ORG_CODE", "CONDITION", "REGISTER", "LIST_SIZE", "Z00001", "obesity", "anxiety_depression",
                   "respiratory", "diabetes", "chronic_pain"],
    "deprivation": ["ORG_CODE", "IMD_Q1", "IMD_Q2", "IMD_Q3", "IMD_Q4", "IMD_Q5", "IMD_SCORE", "Z00001"],
    "membership": ["ORG_CODE", "PCN_CODE", "PCN_NAME", "Partner Organisation Code", "PCN Code", "ZPCN01", "ZPCN02"],
    "targets": ["metric", "group_by", "group", "reference_group", "measure", "first_week", "last_week", "value", "sd",
                "lower_95", "upper_95", "total", "per_1000_per_year", "all", "practice", "age_band"],
    "posterior": ["sample", "weight"],
}
NUMBERS = ["0", "-1", "1e308", "nan", "inf", "18446744073709551616", "9223372036854775807", "0x10", "1.5", "\\x00"]


def dictionaries(seeds_program):
    folder = ROOT / "fuzz" / "dict"
    folder.mkdir(exist_ok=True)
    keys = folder / "declared-keys.dict"  # scenario, sweep, calibration config and posterior share it
    subprocess.run([seeds_program, "keys", str(keys)], check=True)
    declared = keys.read_text()
    keys.unlink()
    for target in ["scenario", "sweep", "calibration_config"]:
        extra = CSV_WORDS["targets"] if target == "calibration_config" else []
        (folder / f"{target}.dict").write_text(declared + "".join(f'"{w}"\n' for w in extra))
    for target, words in CSV_WORDS.items():
        text = "".join(f'"{w}"\n' for w in words + NUMBERS) + '","\n"\\x0A"\n"\\x22"\n'
        (folder / f"{target}.dict").write_text(text + (declared if target in ("posterior", "targets") else ""))


if __name__ == "__main__":
    scenarios()
    sweeps()
    calibration_configs()
    csvs()
    if len(sys.argv) > 1:
        resume(sys.argv[1])
        dictionaries(sys.argv[1])
