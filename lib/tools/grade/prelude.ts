import { CHECK_SOURCE } from "./check-source";

/** One test of a graded run: the ticket its cell presents, the token the grader expects back in that cell's output. */
export interface TestTicket {
  gradeId: string;
  ticket: string;
  token: string;
}

/** Modules a graded notebook may import. Everything else (fs, child_process, net, vm, inspector...) is refused. */
export const ALLOWED_MODULES = ["dl4nlp", "tslab"];

/**
 * The grader's first cell, run in the fresh kernel before any student code. It
 * 1. builds a private `check` from CHECK_SOURCE and a reporter `run(ticket, body)` under a random global name
 *    (non-writable, non-configurable): run() accepts each ticket once, calls body(check) and, only if
 *    the body returned normally, writes that test's token (known only to this closure and the grader) to the cell;
 * 2. locks the environment: dl4nlp's modules deep-frozen, the intrinsics (Object, Array, Function, Math, JSON,
 *    Number, String, Error, typed arrays, Map, Set, Promise, Reflect...) frozen with the override mistake tamed for
 *    toString/name/message, `vm` frozen, require() limited to ALLOWED_MODULES, process.binding, dlopen,
 *    mainModule, getBuiltinModule removed, process.kill limited to the kernel itself;
 * 3. prints `ready`, so the grader knows the lockdown ran.
 * Written in the subset of TypeScript that tslab's TS 5.0 compiles without complaint (explicit any).
 */
export function preludeSource(options: { reporter: string; ready: string; tickets: TestTicket[] }): string {
  const tickets = Object.fromEntries(options.tickets.map((t) => [t.ticket, t.token]));
  return `(() => {
  "use strict";
  const G: any = globalThis;
  const O: any = Object, defineProperty = O.defineProperty, freeze = O.freeze, isFrozen = O.isFrozen;
  const getOwnPropertyDescriptor = O.getOwnPropertyDescriptor, ownKeys = Reflect.ownKeys, getPrototypeOf = O.getPrototypeOf;
  const proc: any = G.process;
  const Err = Error;
  const check = ${CHECK_SOURCE};
  const tickets: any = O.assign(O.create(null), ${JSON.stringify(tickets)});
  const run = (ticket: any, body: any): void => {
    const token = typeof ticket === "string" ? tickets[ticket] : undefined;
    if (typeof token !== "string") throw new Err("grading: unknown or already used test ticket");
    delete tickets[ticket];
    const result = body(check);
    if (result !== undefined) throw new Err("grading: a test body must return nothing (no promises)");
    proc.stdout.write("\\n" + token + "\\n");
  };
  const tslab: any = G.__tslab__;
  const req: any = tslab.require;
  req("dl4nlp");
  // The package's folder as this kernel resolves it (also on a Jupyter server): every module loaded from it is frozen.
  const main: string = req.resolve("dl4nlp");
  const libRoot = main.slice(0, main.lastIndexOf("/") + 1);
  const seen = new WeakSet();
  const deepFreeze = (v: any): void => {
    if (v === null || (typeof v !== "object" && typeof v !== "function") || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) return;
    for (const k of ownKeys(v)) {
      const d = getOwnPropertyDescriptor(v, k);
      if (d && "value" in d) deepFreeze(d.value);
    }
    if (!isFrozen(v)) freeze(v);
  };
  const cache: any = req.cache;
  for (const file of O.keys(cache)) {
    if (file.startsWith(libRoot) && cache[file] && cache[file].exports) deepFreeze(cache[file].exports);
  }
  const tame = (proto: any, keys: any[]): void => {
    for (const k of keys) {
      const d = getOwnPropertyDescriptor(proto, k);
      if (!d || !("value" in d) || !d.configurable) continue;
      const value = d.value;
      defineProperty(proto, k, {
        get() { return value; },
        set(this: any, v: any) {
          if (this === proto) throw new TypeError("grading: " + String(k) + " of a built-in prototype is frozen");
          defineProperty(this, k, { value: v, writable: true, enumerable: true, configurable: true });
        },
        enumerable: d.enumerable, configurable: false,
      });
    }
  };
  // Node's lazy globals set themselves up on first use; under frozen intrinsics the web-API ones (undici) hang the
  // kernel. The network ones are useless here (no network): removed. The others are touched once, before the freeze.
  for (const name of ["fetch", "Headers", "Request", "Response", "FormData", "WebSocket", "EventSource",
    "CompressionStream", "DecompressionStream", "BroadcastChannel"]) {
    try { delete G[name]; } catch {}
  }
  for (const name of O.getOwnPropertyNames(G)) {
    try { G[name]; } catch {}
  }
  const TA = getPrototypeOf(Float64Array);
  const ctors: any[] = [Object, Array, Function, Number, String, Boolean, Symbol, BigInt, Error, TypeError, RangeError,
    SyntaxError, ReferenceError, EvalError, URIError, Promise, Map, Set, WeakMap, WeakSet, RegExp, Date, ArrayBuffer, TA,
    Float64Array, Float32Array, Int8Array, Int16Array, Int32Array, Uint8Array, Uint8ClampedArray, Uint16Array, Uint32Array];
  // "constructor" stays a data property: util.inspect reads it as one (an accessor there prints errors as "{}").
  tame(Object.prototype, ownKeys(Object.prototype).filter((k: any) => k !== "constructor"));
  tame(Error.prototype, ["name", "message", "toString"]);
  for (const C of ctors) if (C.prototype) tame(C.prototype, ["toString"]);
  // Error constructors stay extensible: V8, Node and TypeScript write Error.stackTraceLimit and captureStackTrace.
  for (const C of ctors) { if (!(C === Error || getPrototypeOf(C) === Error)) freeze(C); if (C.prototype) freeze(C.prototype); }
  freeze(Math); freeze(JSON); freeze(Reflect); freeze(getPrototypeOf(function* () {})); 
  freeze(req("vm"));
  const allowed = ${JSON.stringify(ALLOWED_MODULES)};
  const safeRequire = (id: any): any => {
    if (typeof id !== "string" || allowed.indexOf(id) < 0) {
      throw new Err("grading: require(" + JSON.stringify(String(id)) + ") is not allowed in a graded notebook; allowed: " + allowed.join(", "));
    }
    return req(id);
  };
  defineProperty(G, "__tslab__", { value: freeze({ exports: tslab.exports, require: safeRequire }), writable: false, configurable: false });
  const gone = (name: string) => () => { throw new Err("grading: process." + name + " is not available in a graded notebook"); };
  for (const name of ["binding", "_linkedBinding", "dlopen", "getBuiltinModule", "mainModule", "openStdin", "setuid", "setgid", "chdir"]) {
    if (name in proc) defineProperty(proc, name, { value: name === "mainModule" ? undefined : gone(name), writable: false, configurable: false });
  }
  const kill = proc.kill.bind(proc), pid = proc.pid;
  defineProperty(proc, "kill", { value: (target: any, sig?: any) => { if (target !== pid) throw new Err("grading: process.kill only for the kernel itself"); return kill(target, sig); }, writable: false, configurable: false });
  defineProperty(G, ${JSON.stringify(options.reporter)}, { value: freeze({ run }), writable: false, enumerable: false, configurable: false });
  proc.stdout.write(${JSON.stringify(`${options.ready}\n`)});
})();
`;
}

/**
 * A master test cell as the grader sends it: strict code, the body as an arrow function receiving the private check,
 * the ticket as the first argument. The test's top-level names are local to the body.
 */
export function wrapTest(source: string, reporter: string, ticket: string): string {
  return `"use strict";\n(globalThis as any)[${JSON.stringify(reporter)}].run(${JSON.stringify(ticket)}, (check: any) => {\n${source}\n});\n`;
}
