"""Runs many generated recipe scripts in one Python process (one Ray cluster for all Ray jobs).

Usage: python run_python.py pandas|ray jobs.json results.json
jobs.json: [{"name": ..., "script": ..., "input": ..., "output": ...}, ...]
Each script runs as `python script input output` would (sys.argv and __main__), unchanged.
"""
import json
import os
import runpy
import sys
import time
import traceback


def main():
    mode, jobs_file, results_file = sys.argv[1:4]
    with open(jobs_file, encoding="utf-8") as f:
        jobs = json.load(f)
    started = time.time()
    if mode == "ray":
        import ray
        import ray.data

        # A local cluster with worker processes, started once: every job submits to it. Ray waits
        # a fixed 30 s for its node to register; on an overloaded machine that can pass, and the
        # only remedy is to start again (each attempt is reported).
        for attempt in range(1, 4):
            try:
                ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
                break
            except Exception as error:  # Ray raises a bare Exception for this timeout
                if "timed out during startup" not in str(error) or attempt == 3:
                    raise
                print(f"ray: the node did not register in Ray's 30 s (load {os.getloadavg()[0]:.1f}); starting again", flush=True)
                ray.shutdown()
        ray.data.DataContext.get_current().enable_progress_bars = False
        print(f"ray: local cluster up in {time.time() - started:.1f} s", flush=True)
    results = {}
    for job in jobs:
        sys.argv = [job["script"], job["input"], job["output"]]
        t0 = time.time()
        try:
            runpy.run_path(job["script"], run_name="__main__")
            results[job["name"]] = {"ok": True, "seconds": time.time() - t0}
        except BaseException as error:  # a script's SystemExit too: report it, keep going
            last = traceback.format_exception_only(type(error), error)[-1].strip()
            results[job["name"]] = {"ok": False, "error": last[:2000], "seconds": time.time() - t0}
    if mode == "ray":
        ray.shutdown()
    with open(results_file, "w", encoding="utf-8") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
