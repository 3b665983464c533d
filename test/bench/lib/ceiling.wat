;; The f64x2 ceiling of this CPU as V8 runs WebAssembly: multiplies and adds on two doubles at a time with nothing
;; else in the way (no loads, no stores), issued the way gemm.wat's micro-kernel issues them: independent
;; accumulators, acc += x·s per step. 6 accumulators, 3 multipliers x and 2 vectors s that change every step (so no
;; product can be hoisted out of the loop). Per step: 6 multiplies and 6 adds of useful work (24 flops) plus one
;; multiply and one add that vary s; the GFLOP/s counts the 24 useful flops only, so the machine's true f64x2 peak
;; is at most 7/6 of it. (8 accumulators with 4 multipliers measured slower: V8 then runs out of SIMD registers.)
;; Compiled by test/bench/kernels.bench.mjs with wabt.
(module
  (func (export "peak") (param $steps i32) (result f64)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $s0 v128) (local $s1 v128)
    (local.set $x0 (f64x2.splat (f64.const 1.0000001)))
    (local.set $x1 (f64x2.splat (f64.const 0.9999999)))
    (local.set $x2 (f64x2.splat (f64.const 1.0000002)))
    (local.set $s0 (f64x2.splat (f64.const 1e-9)))
    (local.set $s1 (f64x2.splat (f64.const 2e-9)))
    (loop $L
      (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $x0) (local.get $s0))))
      (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $x1) (local.get $s0))))
      (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $x2) (local.get $s0))))
      (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $x0) (local.get $s1))))
      (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $x1) (local.get $s1))))
      (local.set $a5 (f64x2.add (local.get $a5) (f64x2.mul (local.get $x2) (local.get $s1))))
      (local.set $s0 (f64x2.add (local.get $s0) (local.get $x0)))
      (local.set $s1 (f64x2.mul (local.get $s1) (local.get $x1)))
      (br_if $L (local.tee $steps (i32.sub (local.get $steps) (i32.const 1)))))
    (f64x2.extract_lane 0 (f64x2.add (f64x2.add (f64x2.add (local.get $a0) (local.get $a1)) (f64x2.add (local.get $a2) (local.get $a3)))
      (f64x2.add (local.get $a4) (local.get $a5))))))
