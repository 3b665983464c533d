;; The f64x2 ceiling of this CPU as V8 runs WebAssembly, for the instruction mix of a matrix product: multiplies whose
;; products are added into independent accumulators, acc += x·s, two doubles at a time, with nothing else in the way
;; (no loads, no stores). 6 accumulators, 3 multipliers x and 2 vectors s that change every step (so no product can be
;; hoisted out of the loop: V8 hoists loop-invariant multiplies). Per step 7 f64x2 multiplies and 7 adds, 28 flops, all
;; counted (flopsPerStep below; until this session the bench counted only the 24 of the six acc += x·s, which put the
;; ceiling 7/6 too low: the packed kernel alone, without the copies, then measured up to 105 % of it).
;;
;; Why this mix and not independent multiplies and adds: on this machine (AMD EPYC, Zen 3, 3.1 GHz) V8's code runs
;; independent f64x2 adds or multiplies 2 per cycle each and both together 4 per cycle (25 GFLOP/s), but an add that
;; takes a multiply's product, which is what every multiply-add of a product does without FMA, about 2.8 per cycle
;; (this loop, 16-18 GFLOP/s), and as a chain (a += p; p *= s) 2 per cycle. The product's 4×4 micro-kernel has the
;; same mix (16 multiplies and adds per step, plus 6 loads). 8 accumulators with 4 multipliers measured slower: V8 then
;; runs out of SIMD registers. Compiled by test/bench/kernels.bench.mjs with wabt.
(module
  (global (export "flopsPerStep") i32 (i32.const 28))
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
