"""Drives packaged fuzz targets through ClusterFuzz's own libFuzzer engine and stack analyzer.

Run with the Python of a virtual environment holding the PyPI package clusterfuzz==2.6.0 (the
package ClusterFuzzLite uses): python clusterfuzz_driver.py CONFIG.json. CONFIG names an output
directory made by `bunfuzz package` (out_dir), a scratch directory (work_dir), the targets
(names in out_dir), the seconds each fuzzing run may take, and optionally other fuzzers' reports
(reports: name -> file) for the stack analyzer to read too. Prints one JSON document on stdout:
per target, what each entry point returned; per report, its crash data. Every step is recorded even when one fails, so the
test can say which entry point fails on what; the driver itself judges nothing.

Environment the engine needs outside ClusterFuzz (shared/PLATFORM-NOTES.md): set before importing.
"""

import importlib.util
import json
import os
import shutil
import sys
import traceback


def setup_environment(work_dir):
  pkg = os.path.dirname(importlib.util.find_spec("clusterfuzz").origin)
  root = os.path.join(work_dir, "cf-root")
  for sub in ("inputs", "tmp"):
    os.makedirs(os.path.join(root, sub), exist_ok=True)
  values = {
      "CONFIG_DIR_OVERRIDE": os.path.join(pkg, "lib-config"),
      "ROOT_DIR": root,
      "FUZZ_INPUTS_DISK": os.path.join(root, "inputs"),
      "BOT_TMPDIR": os.path.join(root, "tmp"),
      "PROJECT_NAME": "bunfuzz",
      # libfuzzer_asan_*: the job type whose sanitizer options the engine sets (ASAN_OPTIONS).
      "JOB_NAME": "libfuzzer_asan_bunfuzz",
      "FUZZ_TEST_TIMEOUT": "120",
      "FAIL_RETRIES": "1",
  }
  for key, value in values.items():
    os.environ[key] = value


def step(record, name, fn):
  """Runs fn(); records its result or its exception under record[name]."""
  try:
    record[name] = fn()
  except Exception as e:  # pylint: disable=broad-except
    record[name] = {"error": "%s: %s" % (type(e).__name__, e), "traceback": traceback.format_exc()[-2000:]}
  return record[name]


def crash_data(stack_analyzer, text):
  data = stack_analyzer.get_crash_data(text)
  return {"state": data.crash_state, "type": data.crash_type, "address": data.crash_address}


def tail(text, n=4000):
  return (text or "")[-n:]


def unpack_like_a_bot(build_manager, out_dir, name, dest):
  """Puts in dest the files of out_dir that a ClusterFuzz bot unpacks for fuzz target `name`."""
  os.environ["FUZZ_TARGET"] = name
  try:
    match = build_manager._get_file_match_callback()  # pylint: disable=protected-access
  finally:
    del os.environ["FUZZ_TARGET"]
  kept, skipped = [], []
  for root, _, files in os.walk(out_dir):
    for f in files:
      rel = os.path.relpath(os.path.join(root, f), out_dir)
      if match(rel):
        os.makedirs(os.path.join(dest, os.path.dirname(rel)), exist_ok=True)
        try:  # a link where it can (the runtime is 110 MB), a copy across file systems
          os.link(os.path.join(out_dir, rel), os.path.join(dest, rel))
        except OSError:
          shutil.copy2(os.path.join(out_dir, rel), os.path.join(dest, rel))
        kept.append(rel)
      else:
        skipped.append(rel)
  return {"kept": len(kept), "skipped": sorted(skipped)}


def drive(engine, stack_analyzer, target, work, seconds):
  r = {}
  corpus = os.path.join(work, "corpus")
  repro = os.path.join(work, "repro")
  os.makedirs(corpus)
  os.makedirs(repro)
  options = engine.prepare(corpus, target, os.path.dirname(target))
  r["arguments"] = list(options.arguments)

  fuzz = engine.fuzz(target, options, repro, seconds)
  r["fuzz"] = {
      "command": fuzz.command,
      "stats": fuzz.stats,
      "crashes": [{"input_path": c.input_path, "reproduce_args": c.reproduce_args} for c in fuzz.crashes],
      "logs": tail(fuzz.logs),
      "crash_data": crash_data(stack_analyzer, fuzz.logs),
  }
  r["corpus_files"] = len(os.listdir(corpus))
  if not fuzz.crashes:
    return r
  crash = fuzz.crashes[0]
  r["testcase"] = open(crash.input_path, "rb").read().hex()

  def reproduce(path):
    res = engine.reproduce(target, path, crash.reproduce_args, 60)
    return {"command": res.command, "return_code": res.return_code, "output": tail(res.output),
            "crash_data": crash_data(stack_analyzer, res.output)}

  step(r, "reproduce", lambda: reproduce(crash.input_path))

  def writes_testcase(entry_point, source, path):
    """minimize_testcase and cleanse: run entry_point on source into path, then reproduce what it wrote."""
    def run():
      res = entry_point(target, crash.reproduce_args, source, path, seconds)
      out = {"command": res.command, "return_code": res.return_code, "output": tail(res.output),
             "input": open(source, "rb").read().hex(), "written": os.path.exists(path)}
      if out["written"]:
        out["testcase"] = open(path, "rb").read().hex()
        out["reproduce"] = reproduce(path)
      return out
    return run

  step(r, "minimize_testcase", writes_testcase(engine.minimize_testcase, crash.input_path, os.path.join(work, "minimized")))
  # Cleanse gets the testcase with bytes no planted bug reads appended, so there is always something
  # to cleanse (libFuzzer writes no file when no byte can be replaced).
  padded = os.path.join(work, "padded")
  with open(padded, "wb") as f:
    f.write(open(crash.input_path, "rb").read() + b"<padding>")
  step(r, "cleanse", writes_testcase(engine.cleanse, padded, os.path.join(work, "cleansed")))

  merged = os.path.join(work, "merged")
  os.makedirs(merged)
  def minimize_corpus():
    res = engine.minimize_corpus(target, [], [corpus], merged, repro, seconds)
    return {"command": res.command, "stats": res.stats, "logs": tail(res.logs), "files": len(os.listdir(merged))}
  step(r, "minimize_corpus", minimize_corpus)
  return r


def main():
  config = json.load(open(sys.argv[1]))
  setup_environment(config["work_dir"])
  # pylint: disable=import-outside-toplevel
  import clusterfuzz.fuzz
  from clusterfuzz._internal.bot.fuzzers import utils as fuzzer_utils
  from clusterfuzz._internal.build_management import build_manager
  from clusterfuzz._internal.crash_analysis.stack_parsing import stack_analyzer

  out_dir = config["out_dir"]
  result = {
      "is_fuzz_target": {name: fuzzer_utils.is_fuzz_target_local(os.path.join(out_dir, name)) for name in config["targets"]},
      "found_targets": sorted(os.path.relpath(p, out_dir) for p in fuzzer_utils.get_fuzz_targets_local(out_dir)),
      "targets": {},
      # Other fuzzers' reports (config "reports": name -> file), read by the same stack analyzer.
      "reports": {name: crash_data(stack_analyzer, open(path, errors="replace").read())
                  for name, path in config.get("reports", {}).items()},
  }
  engine = clusterfuzz.fuzz.get_engine("libFuzzer")
  for name in config["targets"]:
    work = os.path.join(config["work_dir"], name)
    build = os.path.join(work, "build")
    record = {}
    result["targets"][name] = record
    step(record, "unpack", lambda: unpack_like_a_bot(build_manager, out_dir, name, build))
    target = os.path.join(build, name)
    step(record, "engine", lambda: drive(engine, stack_analyzer, target, work, config["seconds"]))
  json.dump(result, sys.stdout)


if __name__ == "__main__":
  main()
