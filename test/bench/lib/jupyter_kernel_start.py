"""One kernel started as Jupyter starts it: python jupyter_kernel_start.py KERNEL_NAME CWD

jupyter_client's KernelManager starts the kernelspec KERNEL_NAME (found through $JUPYTER_PATH) in CWD, as JupyterLab,
Notebook 7 and nbconvert do. Prints one JSON line: wall milliseconds from start_kernel to the first kernel_info reply
(`ready`) and to the reply of the import cell (`imported`), the kernel's own CPU milliseconds (process.cpuUsage) at its
first cell and after `import … from "dl4nlp"`, and whether it runs from the start-up snapshot.
"""
import json
import sys
import time

from jupyter_client.manager import KernelManager

CPU = "console.log(JSON.stringify({ cpu: ((u) => (u.user + u.system) / 1000)(process.cpuUsage()), " \
      "snapshot: process.execArgv.includes('--snapshot-blob') }))"
IMPORT = 'import { Tensor, matmul, softmax } from "dl4nlp";'


def run(kc, code):
    out = []

    def hook(msg):
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            out.append(msg["content"]["text"])

    reply = kc.execute_interactive(code, output_hook=hook, timeout=300)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"cell failed: {reply['content']}")
    return "".join(out)


km = KernelManager(kernel_name=sys.argv[1])
t0 = time.perf_counter()
km.start_kernel(cwd=sys.argv[2])
kc = km.client()
kc.start_channels()
try:
    kc.wait_for_ready(timeout=300)
    ready = (time.perf_counter() - t0) * 1000
    first = json.loads(run(kc, CPU))
    run(kc, IMPORT)
    imported = (time.perf_counter() - t0) * 1000
    after = json.loads(run(kc, CPU))
    print(json.dumps({"ready": ready, "imported": imported, "cpuFirst": first["cpu"], "cpuImport": after["cpu"],
                      "snapshot": first["snapshot"]}))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=False)
