;; The fused multiply-add ceiling of this CPU as V8 runs WebAssembly (relaxed SIMD's f64x2.relaxed_madd, one FMA
;; instruction where the CPU has FMA): acc = x·s + acc into 10 independent accumulators (an FMA takes 4 cycles here and
;; 2 start per cycle, so at least 8 must be in flight), with 2 multipliers x and a vector s that one add changes every
;; step (so no product can be hoisted out of the loop). Per step 10 fused multiply-adds and one add, 42 flops, all
;; counted. The ceiling of the product kernels' fused variant (lib/tensor/kernels/gemm.wat, rewritten by
;; lib/build/wasm.mjs); measured by test/bench/kernels.bench.mjs where the runtime takes relaxed SIMD.
(module
  (global (export "flopsPerStep") i32 (i32.const 42))
  (func (export "peak") (param $steps i32) (result f64)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128)
    (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $a8 v128) (local $a9 v128)
    (local $x0 v128) (local $x1 v128) (local $s v128) (local $d v128)
    (local.set $x0 (f64x2.splat (f64.const 1.0000001)))
    (local.set $x1 (f64x2.splat (f64.const 0.9999999)))
    (local.set $s (f64x2.splat (f64.const 1e-9)))
    (local.set $d (f64x2.splat (f64.const 1e-15)))
    (loop $L
      (local.set $a0 (f64x2.relaxed_madd (local.get $x0) (local.get $s) (local.get $a0)))
      (local.set $a1 (f64x2.relaxed_madd (local.get $x1) (local.get $s) (local.get $a1)))
      (local.set $a2 (f64x2.relaxed_madd (local.get $x0) (local.get $s) (local.get $a2)))
      (local.set $a3 (f64x2.relaxed_madd (local.get $x1) (local.get $s) (local.get $a3)))
      (local.set $a4 (f64x2.relaxed_madd (local.get $x0) (local.get $s) (local.get $a4)))
      (local.set $a5 (f64x2.relaxed_madd (local.get $x1) (local.get $s) (local.get $a5)))
      (local.set $a6 (f64x2.relaxed_madd (local.get $x0) (local.get $s) (local.get $a6)))
      (local.set $a7 (f64x2.relaxed_madd (local.get $x1) (local.get $s) (local.get $a7)))
      (local.set $a8 (f64x2.relaxed_madd (local.get $x0) (local.get $s) (local.get $a8)))
      (local.set $a9 (f64x2.relaxed_madd (local.get $x1) (local.get $s) (local.get $a9)))
      (local.set $s (f64x2.add (local.get $s) (local.get $d)))
      (br_if $L (local.tee $steps (i32.sub (local.get $steps) (i32.const 1)))))
    (f64x2.extract_lane 0
      (f64x2.add (f64x2.add (f64x2.add (f64x2.add (local.get $a0) (local.get $a1)) (f64x2.add (local.get $a2) (local.get $a3)))
        (f64x2.add (f64x2.add (local.get $a4) (local.get $a5)) (f64x2.add (local.get $a6) (local.get $a7))))
        (f64x2.add (local.get $a8) (local.get $a9))))))
