/**
 * The watcher thread of a kernel that a dl4nlp tool started (parent-watch.ts): kills the kernel's process group when
 * the tool's pipe on stdin ends. A thread of its own, so that a cell busy on the main thread cannot delay it.
 */
import { killOwnProcessGroup, onStdinClosed } from "./parent-watch";

onStdinClosed(killOwnProcessGroup);
