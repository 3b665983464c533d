#!/bin/sh
# The command of the Jupyter kernelspec "dl4nlp" on Linux and macOS (written by install.mjs):
#
#   /bin/sh kernel.sh NODE LAUNCHER SELECT kernel --config-path CONNECTION_FILE
#
# Starts the project's kernel launcher (LAUNCHER, lib/dist/tools/kernel/launcher.js) from its V8 start-up snapshot when
# a valid one exists for the kernel's folder and environment (SELECT, lib/dist/tools/kernel/snapshot/select.js, prints
# its file, and starts a build in the background when there is none), else the ordinary way. Both by `exec`: the
# kernel is the very process Jupyter started, so Jupyter's interrupt (SIGINT to the kernel's process or its group),
# restart, shutdown and the exit status reach and come from the kernel itself, with no process in between.
# If SELECT fails or prints nothing, the launcher starts as it always did.
node=$1
launcher=$2
select=$3
shift 3
snapshot=$("$node" "$select" 2>/dev/null) || snapshot=
if [ -n "$snapshot" ] && [ -f "$snapshot" ]; then
  exec "$node" --snapshot-blob "$snapshot" "$@"
fi
exec "$node" "$launcher" "$@"
