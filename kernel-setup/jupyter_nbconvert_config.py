# nbconvert / nbclient / papermill configuration that makes headless execution work with the tslab kernel.
#
#   .venv/bin/jupyter nbconvert --to notebook --execute --config kernel-setup/jupyter_nbconvert_config.py \
#       --ExecutePreprocessor.kernel_name=dl4nlp [--allow-errors] notebooks/01-perceptron.ipynb
#
# Two tslab behaviours need a workaround (see /work/shared/toolchain.md, checked with tslab 1.0.22):
#  1. tslab sends no `execute_input` message, so clients that read the execution count from it leave
#     `execution_count` unset or count on their own. The count the kernel gave is in `execute_reply`: take it from there.
#  2. After an error tslab aborts every execute_request that arrives within ~200 ms (reply status "abort", no output).
#     With --allow-errors the next cell would silently not run: wait PAUSE_AFTER_ERROR_S after an error first.
# Both are nbclient hooks (nbclient >= 0.6: on_cell_executed, on_cell_error), set on NotebookClient so that they apply
# to nbconvert's ExecutePreprocessor, which derives from it. (`jupyter execute` and papermill load no config file.)
# For other kernels the hooks are harmless: their execute_reply carries the same count, and the pause costs 0.3 s per error.
import asyncio
import sys

PAUSE_AFTER_ERROR_S = 0.3


def dl4nlp_count_from_reply(cell, cell_index, execute_reply):
    """on_cell_executed: the cell's execution_count is the one in execute_reply; warns about aborted cells."""
    if execute_reply is None:
        return
    content = execute_reply.get("content", {})
    count = content.get("execution_count")
    if isinstance(count, int) and not isinstance(count, bool):
        cell["execution_count"] = count
    if content.get("status") in ("abort", "aborted"):
        print(
            f"[dl4nlp nbconvert config] cell {cell_index} was aborted by the kernel (status {content['status']!r}): "
            "it did not run",
            file=sys.stderr,
        )


async def dl4nlp_pause_after_error(cell, cell_index, execute_reply):
    """on_cell_error: waits out tslab's abort window so that the next cell is executed, not aborted."""
    await asyncio.sleep(PAUSE_AFTER_ERROR_S)


c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.NotebookClient.on_cell_executed = dl4nlp_count_from_reply
c.NotebookClient.on_cell_error = dl4nlp_pause_after_error
