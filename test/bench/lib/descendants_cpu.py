"""Runs a command and reports the CPU time of every process it started, orphans included: python descendants_cpu.py CMD ARGS…

Prints one line to stdout: {"status": exit code, "cpu": seconds} (user + system of all descendants). The command's own
output goes to the file named by $DL4NLP_BENCH_OUT.

Why not bash's `times`: it counts only the processes waited for up the tree. A Jupyter kernel's figure renderer (a
headless Chromium behind lib/tools/render/live-server.ts) runs detached and outlives the kernel that started it, so its
CPU was never counted for `jupyter nbconvert --execute`: the runner bench showed nbconvert's wall far above its CPU.
Here this process is the child subreaper (Linux prctl PR_SET_CHILD_SUBREAPER): orphaned descendants become its
children, and it waits for all of them before reading RUSAGE_CHILDREN. Elsewhere (no prctl) only the waited-for tree
counts, as with `times`.
"""
import ctypes
import json
import os
import resource
import subprocess
import sys

PR_SET_CHILD_SUBREAPER = 36

try:
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
except (OSError, AttributeError):
    pass

with open(os.environ.get("DL4NLP_BENCH_OUT", os.devnull), "w") as out:
    status = subprocess.call(sys.argv[1:], stdout=out, stderr=subprocess.STDOUT)
# the detached renderers end when their kernel's stdin closes: wait for every orphan adopted meanwhile
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"status": status, "cpu": usage.ru_utime + usage.ru_stime}))
