"""Runs a notebook the way JupyterLab-style Python clients do, against a kernelspec, and prints JSON facts about it.

Usage:
  python jupyter_client_check.py notebook NOTEBOOK KERNEL_NAME
      nbclient executes NOTEBOOK (allow_errors=False, 180 s per cell); prints, per code cell, its stdout line count,
      whether it has a stream marker line, and its seconds (from nbclient's timing metadata); or the
      CellExecutionError's ename/evalue when a cell fails.
  python jupyter_client_check.py reply KERNEL_NAME CODE...
      jupyter_client sends one execute_request per CODE (one kernel) and prints the execute_replies' contents.
"""

import json
import os
import sys
import time
from datetime import datetime

import nbformat
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def seconds(cell):
    t = cell.metadata.get("execution", {})
    start, end = t.get("iopub.status.busy"), t.get("iopub.status.idle") or t.get("shell.execute_reply")
    if not start or not end:
        return None
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
    return (parse(end) - parse(start)).total_seconds()


def notebook(path, kernel_name):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, kernel_name=kernel_name, timeout=180, allow_errors=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )
    failure = None
    try:
        client.execute()
    except CellExecutionError as e:
        failure = {"ename": e.ename, "evalue": e.evalue}
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stdout")
        cells.append({"lines": text.count("\n"), "chars": len(text), "seconds": seconds(cell), "execution_count": cell.get("execution_count")})
    print(json.dumps({"cells": cells, "failure": failure}))


def reply(kernel_name, codes):
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=120)
    replies = []
    try:
        for code in codes:
            msg_id = kc.execute(code)
            while True:
                msg = kc.get_shell_msg(timeout=120)
                if msg["parent_header"].get("msg_id") == msg_id:
                    break
            replies.append(msg["content"])
            time.sleep(0.3)  # tslab aborts requests that arrive within 200 ms after an error
        print(json.dumps({"replies": replies}))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    if sys.argv[1] == "notebook":
        notebook(sys.argv[2], sys.argv[3])
    else:
        reply(sys.argv[2], sys.argv[3:])
