;; C = A·B (+ a bias row), (m×k)·(k×n) → m×n in float64, with 128-bit SIMD (two doubles per f64x2 lane pair).
;;
;; The large-product kernel behind lib/tensor/matmul.ts (loaded by kernels/gemm-wasm.ts; compiled to gemm.wasm by
;; lib/build/wasm.mjs with wabt). The loops are the BLIS ones, written out, with a register tile of MR×NR = 4×4:
;;
;;   for jc in steps of NC columns of B and C
;;     for pc in steps of KC along k
;;       pack B[pc..pc+kc, jc..jc+nc] into panels of NR columns      (stays in L2: KC×NC doubles = 512 KiB)
;;       for ic in steps of MR rows of A and C
;;         pack A[ic..ic+MR, pc..pc+kc]                              (stays in L1: MR×KC doubles = 8 KiB)
;;         for jr in steps of NR columns
;;           C[ic..ic+MR, jr..jr+NR] += A panel · B panel           (the micro-kernel below)
;;
;; Addresses are byte offsets into the one imported memory; strides are in elements, so one function serves A·B,
;; Aᵀ·B and A·Bᵀ: element (i, p) of A is at a + 8·(i·ars + p·acs), element (p, j) of B at b + 8·(p·brs + j·bcs).
;; C is written into a padded buffer of ⌈m/MR⌉·MR rows × ⌈n/NR⌉·NR columns (row stride np), so no tile is ever
;; partial: packing pads A and B with zeros, and the caller copies the m×n corner out. gemm-wasm.ts reads MR, NR, KC
;; and NC from the exports below; NC must be a multiple of NR. Its layout of C and of the bands is written for 4×4 (it
;; refuses another tile: change both together; session 9's commit b64597e had them follow MR and NR).
;;
;; lib/build/wasm.mjs also builds a fused variant, which gemm-wasm.ts runs where the runtime takes relaxed SIMD: every
;; (f64x2.add ACC (f64x2.mul X B)) below becomes one (f64x2.relaxed_madd X B ACC), an FMA instruction. Write every
;; multiply-add of the kernels in that form (the build refuses a multiply it does not rewrite).
;;
;; Why 4×4 (issue 18, session 9; Zen 3, Node 20, V8 11.3; CPU time beside the f64x2 FMA ceiling, interleaved rounds):
;; TurboFan loads every operand of a step of k into a register before the step's first multiply-add, so the
;; accumulators plus one step's loads must fit the 15 SIMD registers it allocates (xmm0-14; xmm15 is its scratch).
;; 4×4 needs 8 + 2 + 4 = 14; the inner loop compiles to 2 loads of B, 4 splat loads of A, 8 vfmadd231pd, a stack-guard
;; check and ~5 integer instructions, and runs alone (operands in L1) at 79-80 % of the ceiling. Tried:
;; - 3×6 (9 + 3 + 3 = 15, no spill): 90-91 % alone, but the whole product only −2 % to +7 % (256³, 1024³: within the
;;   noise), −5 % at 64×784·784×128, and C padded to 6 columns (n = 128, 256 get 4, 2 columns of waste);
;; - 2×8 (8 + 4 + 2 = 14): 85-90 % alone, the whole product no faster (its B panels stream 64 bytes per step from L2);
;;   with the loops in BLIS's order (a block of MC = 64 or 128 rows of A in L2, one panel of B in L1) also no faster;
;; - 6×4, 5×4, and 4×4 with k unrolled by 2 (one step's loads hoisted above the other's multiply-adds): 20 registers
;;   or more, spilled, 40-50 % alone.
;; The whole product reaches about what the micro-kernel does alone (77-82 % in quiet rounds of this machine). The
;; rest, timed with an empty micro-kernel: 6.4 % of a 256³ product (packing B 2.5 %, A 1 %, C's bias rows and the
;; calls 3 %), 5.2 % of 1024³ (A 2.6 %: packed again for each of the 4 blocks of NC columns; B 1.1 %), 11-12 % of
;; 64×784·784×128 (B 6 %) and 784×64·64×128, before B was packed two panels per pass (that part then ~1.2× faster)
;; and the first block of k started from the bias row instead of a pass copying it into C (that part then 1.36× faster
;; at 256³, 1.4× at 784×64·64×128, 1.16× at 1024³; whole products 0-4 % faster, within this machine's noise).
;;
;; Packing copies whole MR-row blocks of A with MR source pointers and whole NR-column panels of row-major B as pairs of
;; values; transposed views of B and ragged edges go through $panel (element by element, no per-element branch:
;; packing through a bounds-checking call per element once took 12 % of a 1024² product). KC = 256: changing it
;; changes which partial sums are rounded, so the bits. Block sizes (KC, NC) of 256 × 128, 256, 512 and 128 × 256, 512
;; measured within a few per cent of each other at 512² and 1024² (and NC 64, 128 again in session 9); 256 × 256
;; fills a 512 KiB L2 with the block of B.

(module
  (memory (import "env" "memory") 1)

;; Block sizes and the register tile (MR rows × NR columns of C), read by gemm-wasm.ts to size C's padding and the
  ;; packing buffers.
  (global $KC (export "KC") i32 (i32.const 256))
  (global $NC (export "NC") i32 (i32.const 256))
  (global $MR (export "MR") i32 (i32.const 4))
  (global $NR (export "NR") i32 (i32.const 4))

  ;; C[4×4 tile at c, row stride ldc bytes] = F + (packed A: kc steps of 4) · (packed B: kc steps of 4), F the 4×4
  ;; tile at `from`, rows ldfrom bytes apart: C itself (from = c, ldfrom = ldc) or, for the first block of k, the bias
  ;; row (ldfrom = 0), so C needs no pass that fills it with the bias first (the same sums: bias + block 0 + ...).
  ;; 8 accumulators of two doubles, row r, columns 2v-2v+1 in $c<r><v>. Per step of k: 2 loads of B, 4 splats of A,
  ;; 8 multiplies and 8 adds, 32 flops. V8 loads every operand of a step into a register before the first multiply, so
  ;; the accumulators and one step's operands must fit the 15 SIMD registers it allocates (xmm0-14): 8 + 2 + 4.
  (func $kernel (param $kc i32) (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32) (param $from i32)
                (param $ldfrom i32)
    (local $c00 v128) (local $c01 v128)
    (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128)
    (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128) (local $end i32)
    (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $kc) (i32.const 32))))
    (loop $k
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $x (v128.load64_splat (local.get $pa)))
      (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat offset=8 (local.get $pa)))
      (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat offset=16 (local.get $pa)))
      (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat offset=24 (local.get $pa)))
      (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br_if $k (i32.lt_u (local.get $pa) (local.get $end))))
    (v128.store (local.get $c) (f64x2.add (v128.load (local.get $from)) (local.get $c00)))
    (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $from)) (local.get $c01)))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (local.set $from (i32.add (local.get $from) (local.get $ldfrom)))
    (v128.store (local.get $c) (f64x2.add (v128.load (local.get $from)) (local.get $c10)))
    (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $from)) (local.get $c11)))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (local.set $from (i32.add (local.get $from) (local.get $ldfrom)))
    (v128.store (local.get $c) (f64x2.add (v128.load (local.get $from)) (local.get $c20)))
    (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $from)) (local.get $c21)))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (local.set $from (i32.add (local.get $from) (local.get $ldfrom)))
    (v128.store (local.get $c) (f64x2.add (v128.load (local.get $from)) (local.get $c30)))
    (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $from)) (local.get $c31))))

  ;; dst[p·w + s] = src[p·ks + s·ws] for p < kc, s < w (bytes: src, dst; strides ws, ks in bytes), zeros for s ≥ valid:
  ;; a block of `valid` rows (or columns) of a strided matrix, along k, into a panel of width w (padding with zeros).
  ;; Reads the w neighbouring values of each step of k together (one cache line where they are contiguous).
  (func $panel (param $src i32) (param $ws i32) (param $ks i32) (param $w i32) (param $valid i32) (param $kc i32)
               (param $dst i32)
    (local $from i32) (local $stop i32) (local $row i32) (local $end i32)
    (local.set $valid (i32.shl (local.get $valid) (i32.const 3)))
    (local.set $w (i32.shl (local.get $w) (i32.const 3)))
    (local.set $end (i32.add (local.get $dst) (i32.mul (local.get $kc) (local.get $w))))
    (loop $P
      (local.set $from (local.get $src))
      (local.set $stop (i32.add (local.get $dst) (local.get $valid)))
      (local.set $row (i32.add (local.get $dst) (local.get $w)))
      (block $zeros
        (br_if $zeros (i32.ge_u (local.get $dst) (local.get $stop)))
        (loop $S
          (f64.store (local.get $dst) (f64.load (local.get $from)))
          (local.set $from (i32.add (local.get $from) (local.get $ws)))
          (br_if $S (i32.lt_u (local.tee $dst (i32.add (local.get $dst) (i32.const 8))) (local.get $stop)))))
      (block $full
        (br_if $full (i32.ge_u (local.get $dst) (local.get $row)))
        (loop $Z
          (f64.store (local.get $dst) (f64.const 0))
          (br_if $Z (i32.lt_u (local.tee $dst (i32.add (local.get $dst) (i32.const 8))) (local.get $row)))))
      (local.set $src (i32.add (local.get $src) (local.get $ks)))
      (br_if $P (i32.lt_u (local.get $dst) (local.get $end)))))

  ;; The rows of s0..s0+w−1 present in a matrix of `count` rows (or columns): min(w, count − s0), 0 past the end.
  (func $valid (param $s0 i32) (param $w i32) (param $count i32) (result i32)
    (if (result i32) (i32.ge_u (local.get $s0) (local.get $count)) (then (i32.const 0))
      (else (select (local.get $w) (i32.sub (local.get $count) (local.get $s0))
        (i32.le_u (i32.add (local.get $s0) (local.get $w)) (local.get $count))))))

  ;; pa[p·MR + r] = A[i0 + r, p0 + p] for p < kc, r < MR (p0 + kc ≤ k always; rows past m are zeros). Four whole rows
  ;; (MR = 4) with a source pointer each; the last, partial block through $panel.
  (func $packA (param $a i32) (param $ars i32) (param $acs i32) (param $m i32) (param $k i32)
               (param $i0 i32) (param $p0 i32) (param $kc i32) (param $pa i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $end i32)
    (local.set $ars (i32.shl (local.get $ars) (i32.const 3)))
    (local.set $acs (i32.shl (local.get $acs) (i32.const 3)))
    (local.set $s0 (i32.add (local.get $a)
      (i32.add (i32.mul (local.get $i0) (local.get $ars)) (i32.mul (local.get $p0) (local.get $acs)))))
    (if (i32.gt_u (i32.add (local.get $i0) (i32.const 4)) (local.get $m))
      (then
        (call $panel (local.get $s0) (local.get $ars) (local.get $acs) (global.get $MR)
          (call $valid (local.get $i0) (global.get $MR) (local.get $m)) (local.get $kc) (local.get $pa))
        (return)))
    (local.set $s1 (i32.add (local.get $s0) (local.get $ars)))
    (local.set $s2 (i32.add (local.get $s1) (local.get $ars)))
    (local.set $s3 (i32.add (local.get $s2) (local.get $ars)))
    (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $kc) (i32.const 32))))
    (loop $P
      (f64.store (local.get $pa) (f64.load (local.get $s0)))
      (f64.store offset=8 (local.get $pa) (f64.load (local.get $s1)))
      (f64.store offset=16 (local.get $pa) (f64.load (local.get $s2)))
      (f64.store offset=24 (local.get $pa) (f64.load (local.get $s3)))
      (local.set $s0 (i32.add (local.get $s0) (local.get $acs)))
      (local.set $s1 (i32.add (local.get $s1) (local.get $acs)))
      (local.set $s2 (i32.add (local.get $s2) (local.get $acs)))
      (local.set $s3 (i32.add (local.get $s3) (local.get $acs)))
      (br_if $P (i32.lt_u (local.tee $pa (i32.add (local.get $pa) (i32.const 32))) (local.get $end)))))

  ;; pb[q·kc·NR + p·NR + s] = B[p0 + p, j0 + NR·q + s] for q < ⌈nc/NR⌉, p < kc, s < NR: panels of NR columns (p0 + kc ≤
  ;; k always; columns past n are zeros).
  (func $packB (param $b i32) (param $brs i32) (param $bcs i32) (param $k i32) (param $n i32)
               (param $p0 i32) (param $j0 i32) (param $kc i32) (param $nc i32) (param $pb i32)
    (local $j i32) (local $src i32) (local $dst i32) (local $end i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local $brs8 i32)
    (loop $Q
      (local.set $src (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $p0) (local.get $brs))
        (i32.mul (i32.add (local.get $j0) (local.get $j)) (local.get $bcs))) (i32.const 3))))
      (if (i32.and (i32.eq (local.get $bcs) (i32.const 1)) (i32.and
            (i32.le_u (i32.add (i32.add (local.get $j0) (local.get $j)) (i32.const 8)) (local.get $n))
            (i32.le_u (i32.add (local.get $j) (i32.const 8)) (local.get $nc))))
        (then
          ;; two whole panels of row-major B in one pass down the rows: each row's 8 values are 64 contiguous bytes (a
          ;; cache line where aligned), so no line is read twice; panel by panel, rows 1 KiB or more apart crowd the
          ;; same few L1 sets and each line came from L2 twice (packing took ~6 % of 64×784·784×128)
          (local.set $dst (local.get $pb))
          (local.set $end (i32.add (local.get $pb) (i32.mul (local.get $kc) (i32.const 32))))
          (local.set $brs8 (i32.shl (local.get $brs) (i32.const 3)))
          (loop $P2
            (v128.store (local.get $dst) (v128.load (local.get $src)))
            (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
            (v128.store (local.get $end) (v128.load offset=32 (local.get $src)))
            (v128.store offset=16 (local.get $end) (v128.load offset=48 (local.get $src)))
            (local.set $src (i32.add (local.get $src) (local.get $brs8)))
            (local.set $end (i32.add (local.get $end) (i32.const 32)))
            (br_if $P2 (i32.lt_u (local.tee $dst (i32.add (local.get $dst) (i32.const 32)))
              (i32.add (local.get $pb) (i32.mul (local.get $kc) (i32.const 32))))))
          ;; the second panel: one more step of the loop's advance below
          (local.set $pb (local.get $dst))
          (local.set $j (i32.add (local.get $j) (global.get $NR))))
        (else
      (if (i32.and (i32.eq (local.get $bcs) (i32.const 1))
            (i32.le_u (i32.add (i32.add (local.get $j0) (local.get $j)) (i32.const 4)) (local.get $n)))
        (then
          ;; a whole panel of row-major B: each row's 4 values are contiguous, copied as 2 pairs (NR = 4)
          (local.set $dst (local.get $pb))
          (local.set $end (i32.add (local.get $pb) (i32.mul (local.get $kc) (i32.const 32))))
          (loop $P
            (v128.store (local.get $dst) (v128.load (local.get $src)))
            (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
            (local.set $src (i32.add (local.get $src) (i32.shl (local.get $brs) (i32.const 3))))
            (br_if $P (i32.lt_u (local.tee $dst (i32.add (local.get $dst) (i32.const 32))) (local.get $end)))))
        (else (if (i32.le_u (i32.add (i32.add (local.get $j0) (local.get $j)) (i32.const 4)) (local.get $n))
          (then
            ;; a whole panel of a transposed view: four source pointers stepping down the rows
            (local.set $s1 (i32.add (local.get $src) (i32.shl (local.get $bcs) (i32.const 3))))
            (local.set $s2 (i32.add (local.get $s1) (i32.shl (local.get $bcs) (i32.const 3))))
            (local.set $s3 (i32.add (local.get $s2) (i32.shl (local.get $bcs) (i32.const 3))))
            (local.set $dst (local.get $pb))
            (local.set $end (i32.add (local.get $pb) (i32.mul (local.get $kc) (i32.const 32))))
            (local.set $brs8 (i32.shl (local.get $brs) (i32.const 3)))
            (loop $T
              (f64.store (local.get $dst) (f64.load (local.get $src)))
              (f64.store offset=8 (local.get $dst) (f64.load (local.get $s1)))
              (f64.store offset=16 (local.get $dst) (f64.load (local.get $s2)))
              (f64.store offset=24 (local.get $dst) (f64.load (local.get $s3)))
              (local.set $src (i32.add (local.get $src) (local.get $brs8)))
              (local.set $s1 (i32.add (local.get $s1) (local.get $brs8)))
              (local.set $s2 (i32.add (local.get $s2) (local.get $brs8)))
              (local.set $s3 (i32.add (local.get $s3) (local.get $brs8)))
              (br_if $T (i32.lt_u (local.tee $dst (i32.add (local.get $dst) (i32.const 32))) (local.get $end)))))
          (else
          ;; the last, partial panel: zeros past n
          (call $panel (local.get $src) (i32.shl (local.get $bcs) (i32.const 3)) (i32.shl (local.get $brs) (i32.const 3))
            (global.get $NR) (call $valid (i32.add (local.get $j0) (local.get $j)) (global.get $NR) (local.get $n))
            (local.get $kc) (local.get $pb))))))))
      (local.set $pb (i32.add (local.get $pb) (i32.shl (i32.mul (local.get $kc) (global.get $NR)) (i32.const 3))))
      (local.set $j (i32.add (local.get $j) (global.get $NR)))
      (br_if $Q (i32.lt_u (local.get $j) (local.get $nc)))))

  ;; x rounded up to a multiple of `to`.
  (func $roundUp (param $x i32) (param $to i32) (result i32)
    (i32.mul (i32.div_u (i32.add (local.get $x) (i32.sub (local.get $to) (i32.const 1))) (local.get $to)) (local.get $to)))

  ;; C (padded ⌈m/MR⌉·MR × np, np = ⌈n/NR⌉·NR, at c) = bias + A·B, the bias a row of np doubles at `bias` (zeros
  ;; for a plain product) the start of every row's sums (the first block of k adds to it, the next ones to C); pa holds
  ;; MR·KC doubles, pb KC·NC.
  (func (export "gemm") (param $m i32) (param $n i32) (param $k i32)
        (param $a i32) (param $ars i32) (param $acs i32)
        (param $b i32) (param $brs i32) (param $bcs i32)
        (param $c i32) (param $pa i32) (param $pb i32) (param $bias i32)
    (call $blocks (local.get $m) (local.get $n) (local.get $k) (local.get $a) (local.get $ars) (local.get $acs)
      (local.get $b) (local.get $brs) (local.get $bcs) (local.get $c) (local.get $pa) (local.get $pb) (local.get $bias)
      (i32.const 0)))

  ;; The same product from a B packed beforehand by packBPanels into `pb` (all of it: k × np doubles), so the bands of a
  ;; split product share one packing of B (gemm-threads.ts); b, brs and bcs are not read. The same sums in the same
  ;; order as gemm, so the same bits.
  (func (export "gemmPrepacked") (param $m i32) (param $n i32) (param $k i32)
        (param $a i32) (param $ars i32) (param $acs i32)
        (param $c i32) (param $pa i32) (param $pb i32) (param $bias i32)
    (call $blocks (local.get $m) (local.get $n) (local.get $k) (local.get $a) (local.get $ars) (local.get $acs)
      (i32.const 0) (i32.const 0) (i32.const 0) (local.get $c) (local.get $pa) (local.get $pb) (local.get $bias)
      (i32.const 1)))

  ;; Packs columns j0..j1 of B (j0 a multiple of NR; j1 a multiple of NR or n rounded up to one) for every block of k
  ;; into `pb`, laid out as gemmPrepacked reads it: the block of k rows from p0 (kc rows, KC or the rest) at doubles
  ;; p0·np, in it the panel of columns j..j+NR−1 at j·kc (np = ⌈n/NR⌉·NR). Threads pack disjoint column ranges at once.
  (func (export "packBPanels") (param $b i32) (param $brs i32) (param $bcs i32) (param $k i32) (param $n i32)
        (param $j0 i32) (param $j1 i32) (param $pb i32)
    (local $np i32) (local $pc i32) (local $kc i32)
    (if (i32.ge_u (local.get $j0) (local.get $j1)) (then (return)))
    (local.set $np (call $roundUp (local.get $n) (global.get $NR)))
    (loop $PC
      (local.set $kc (i32.sub (local.get $k) (local.get $pc)))
      (if (i32.gt_u (local.get $kc) (global.get $KC)) (then (local.set $kc (global.get $KC))))
      (call $packB (local.get $b) (local.get $brs) (local.get $bcs) (local.get $k) (local.get $n)
        (local.get $pc) (local.get $j0) (local.get $kc) (i32.sub (local.get $j1) (local.get $j0))
        (i32.add (local.get $pb) (i32.shl (i32.add (i32.mul (local.get $pc) (local.get $np))
          (i32.mul (local.get $j0) (local.get $kc))) (i32.const 3))))
      (local.set $pc (i32.add (local.get $pc) (local.get $kc)))
      (br_if $PC (i32.lt_u (local.get $pc) (local.get $k)))))

  ;; The loops of gemm; with $prepacked, B's blocks are read from the packing of packBPanels at pb instead of packed
  ;; into pb here.
  (func $blocks (param $m i32) (param $n i32) (param $k i32)
        (param $a i32) (param $ars i32) (param $acs i32)
        (param $b i32) (param $brs i32) (param $bcs i32)
        (param $c i32) (param $pa i32) (param $pb i32) (param $bias i32) (param $prepacked i32)
    (local $np i32) (local $ldc i32) (local $jc i32) (local $nc i32) (local $pc i32) (local $kc i32)
    (local $ic i32) (local $jr i32) (local $crow i32) (local $pbBlock i32)
    (local.set $np (call $roundUp (local.get $n) (global.get $NR)))
    (local.set $ldc (i32.shl (local.get $np) (i32.const 3)))
    (loop $JC
      (local.set $nc (i32.sub (local.get $np) (local.get $jc)))
      (if (i32.gt_u (local.get $nc) (global.get $NC)) (then (local.set $nc (global.get $NC))))
      (local.set $pc (i32.const 0))
      (loop $PC
        (local.set $kc (i32.sub (local.get $k) (local.get $pc)))
        (if (i32.gt_u (local.get $kc) (global.get $KC)) (then (local.set $kc (global.get $KC))))
        (if (local.get $prepacked)
          (then
            (local.set $pbBlock (i32.add (local.get $pb) (i32.shl (i32.add (i32.mul (local.get $pc) (local.get $np))
              (i32.mul (local.get $jc) (local.get $kc))) (i32.const 3)))))
          (else
            (call $packB (local.get $b) (local.get $brs) (local.get $bcs) (local.get $k) (local.get $n)
              (local.get $pc) (local.get $jc) (local.get $kc) (local.get $nc) (local.get $pb))
            (local.set $pbBlock (local.get $pb))))
        (local.set $ic (i32.const 0))
        (loop $IC
          (call $packA (local.get $a) (local.get $ars) (local.get $acs) (local.get $m) (local.get $k)
            (local.get $ic) (local.get $pc) (local.get $kc) (local.get $pa))
          ;; the C tile of row ic, column jc
          (local.set $crow (i32.add (local.get $c)
            (i32.add (i32.mul (local.get $ic) (local.get $ldc)) (i32.shl (local.get $jc) (i32.const 3)))))
          (local.set $jr (i32.const 0))
          (loop $JR
            (call $kernel (local.get $kc) (local.get $pa)
              (i32.add (local.get $pbBlock) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 3)))
              (i32.add (local.get $crow) (i32.shl (local.get $jr) (i32.const 3)))
              (local.get $ldc)
              ;; the first block of k starts from the bias row, the others from C
              (i32.add (select (local.get $crow) (i32.add (local.get $bias) (i32.shl (local.get $jc) (i32.const 3)))
                (local.get $pc)) (i32.shl (local.get $jr) (i32.const 3)))
              (select (local.get $ldc) (i32.const 0) (local.get $pc)))
            (local.set $jr (i32.add (local.get $jr) (global.get $NR)))
            (br_if $JR (i32.lt_u (local.get $jr) (local.get $nc))))
          (local.set $ic (i32.add (local.get $ic) (global.get $MR)))
          (br_if $IC (i32.lt_u (local.get $ic) (local.get $m))))
        (local.set $pc (i32.add (local.get $pc) (local.get $kc)))
        (br_if $PC (i32.lt_u (local.get $pc) (local.get $k))))
      (local.set $jc (i32.add (local.get $jc) (local.get $nc)))
      (br_if $JC (i32.lt_u (local.get $jc) (local.get $np)))))

  ;; ---------------------------------------------------------------------------------------------------------------
  ;; Small products without packing (Iris's 150×4·4×16, a mini-batch's 64×128·128×10): packing costs more than it
  ;; saves when k or n is tiny. B and C are row-major with the same row stride ld, a multiple of 4 (the caller pads
  ;; columns with zeros); A is read through its strides, one row per accumulator row. The accumulators start from a
  ;; bias row, so a dense layer's X·W + b costs no extra pass (the caller passes a row of zeros for a plain product).

  ;; C[4 rows × 4 columns at c] = bias[4 columns] + A[4 rows from a] · B[4 columns from b], k steps; rows ars bytes
  ;; apart in A, columns acs bytes apart; B and C rows ld bytes apart.
  (func $tile4x4 (param $k i32) (param $a i32) (param $ars i32) (param $acs i32) (param $b i32) (param $c i32) (param $ld i32)
                 (param $bias i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local.set $c00 (v128.load (local.get $bias)))
    (local.set $c01 (v128.load offset=16 (local.get $bias)))
    (local.set $c10 (local.get $c00))
    (local.set $c11 (local.get $c01))
    (local.set $c20 (local.get $c00))
    (local.set $c21 (local.get $c01))
    (local.set $c30 (local.get $c00))
    (local.set $c31 (local.get $c01))
    (local.set $a1 (i32.add (local.get $a) (local.get $ars)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $ars)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $ars)))
    (loop $p
      (local.set $b0 (v128.load (local.get $b)))
      (local.set $b1 (v128.load offset=16 (local.get $b)))
      (local.set $x (v128.load64_splat (local.get $a)))
      (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat (local.get $a1)))
      (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat (local.get $a2)))
      (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat (local.get $a3)))
      (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $a (i32.add (local.get $a) (local.get $acs)))
      (local.set $a1 (i32.add (local.get $a1) (local.get $acs)))
      (local.set $a2 (i32.add (local.get $a2) (local.get $acs)))
      (local.set $a3 (i32.add (local.get $a3) (local.get $acs)))
      (local.set $b (i32.add (local.get $b) (local.get $ld)))
      (br_if $p (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (local.set $c (i32.add (local.get $c) (local.get $ld)))
    (v128.store (local.get $c) (local.get $c10))
    (v128.store offset=16 (local.get $c) (local.get $c11))
    (local.set $c (i32.add (local.get $c) (local.get $ld)))
    (v128.store (local.get $c) (local.get $c20))
    (v128.store offset=16 (local.get $c) (local.get $c21))
    (local.set $c (i32.add (local.get $c) (local.get $ld)))
    (v128.store (local.get $c) (local.get $c30))
    (v128.store offset=16 (local.get $c) (local.get $c31)))

  ;; The same for one row: C[1 × 4 at c] = bias[4 columns] + A[1 row from a] · B[4 columns from b].
  (func $tile1x4 (param $k i32) (param $a i32) (param $acs i32) (param $b i32) (param $c i32) (param $ld i32)
                 (param $bias i32)
    (local $c00 v128) (local $c01 v128) (local $x v128)
    (local.set $c00 (v128.load (local.get $bias)))
    (local.set $c01 (v128.load offset=16 (local.get $bias)))
    (loop $p
      (local.set $x (v128.load64_splat (local.get $a)))
      (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (v128.load (local.get $b)))))
      (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (v128.load offset=16 (local.get $b)))))
      (local.set $a (i32.add (local.get $a) (local.get $acs)))
      (local.set $b (i32.add (local.get $b) (local.get $ld)))
      (br_if $p (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01)))

  ;; C (m × ld/8, row-major at c) = bias (a row of ld/8) + A (m×k, strides ars, acs in elements, at a) · B (k × ld/8,
  ;; row-major at b); ld in bytes.
  (func (export "gemmDirect") (param $m i32) (param $k i32) (param $a i32) (param $ars i32) (param $acs i32)
        (param $b i32) (param $c i32) (param $ld i32) (param $bias i32)
    (local $i i32) (local $j i32) (local $arow i32) (local $crow i32) (local $m4 i32)
    (local.set $ars (i32.shl (local.get $ars) (i32.const 3)))
    (local.set $acs (i32.shl (local.get $acs) (i32.const 3)))
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    ;; blocks of 4 rows
    (block $rows4done
      (br_if $rows4done (i32.eqz (local.get $m4)))
      (loop $I
        (local.set $arow (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars))))
        (local.set $crow (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ld))))
        (local.set $j (i32.const 0))
        (loop $J
          (call $tile4x4 (local.get $k) (local.get $arow) (local.get $ars) (local.get $acs)
            (i32.add (local.get $b) (local.get $j)) (i32.add (local.get $crow) (local.get $j)) (local.get $ld)
            (i32.add (local.get $bias) (local.get $j)))
          (local.set $j (i32.add (local.get $j) (i32.const 32)))
          (br_if $J (i32.lt_u (local.get $j) (local.get $ld))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $I (i32.lt_u (local.get $i) (local.get $m4)))))
    ;; the last 0-3 rows one at a time
    (block $done
      (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
      (loop $R
        (local.set $arow (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars))))
        (local.set $crow (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ld))))
        (local.set $j (i32.const 0))
        (loop $J1
          (call $tile1x4 (local.get $k) (local.get $arow) (local.get $acs)
            (i32.add (local.get $b) (local.get $j)) (i32.add (local.get $crow) (local.get $j)) (local.get $ld)
            (i32.add (local.get $bias) (local.get $j)))
          (local.set $j (i32.add (local.get $j) (i32.const 32)))
          (br_if $J1 (i32.lt_u (local.get $j) (local.get $ld))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $R (i32.lt_u (local.get $i) (local.get $m))))))

  ;; relu in place over `count` doubles at p (a multiple of 4: whole rows of C, padded to 4 columns): x → max(x, 0),
  ;; NaN stays NaN and −0 becomes +0, the values of JavaScript's Math.max(x, 0). A dense relu layer's epilogue, run
  ;; after the product's C is copied out (gemm-wasm.ts copyOut), so relu(C) is copied out by memcpy too, with no
  ;; compare per value in JavaScript. As pmax(x, 0) + 0: pmax(x, 0) = (x < 0 ? 0 : x) keeps a NaN and maps −0 to −0,
  ;; which + 0 makes +0 (and leaves every other value as it is); one maxpd and one addpd per two values, where
  ;; f64x2.max's NaN and signed-zero rules compile to about eight instructions.
  (func (export "reluInPlace") (param $p i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (loop $L
        (v128.store (local.get $p)
          (f64x2.add (f64x2.pmax (v128.load (local.get $p)) (v128.const f64x2 0 0)) (v128.const f64x2 0 0)))
        (v128.store offset=16 (local.get $p)
          (f64x2.add (f64x2.pmax (v128.load offset=16 (local.get $p)) (v128.const f64x2 0 0)) (v128.const f64x2 0 0)))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br_if $L (i32.lt_u (local.get $p) (local.get $end))))))

  ;; relu's backward from its output y over `count` doubles (rounded up to an even count: the regions are padded):
  ;; out = g where y > 0, +0 where y = 0, y itself where y is NaN, the values of activations.ts `reluBackwardInto`
  ;; (g's bits pass unchanged where y > 0: −0, ±Infinity and NaN too). One compare, one and, one bitselect per two
  ;; values, no branch.
  (func (export "reluBackward") (param $y i32) (param $g i32) (param $out i32) (param $count i32)
    (local $end i32) (local $yv v128)
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
      (loop $L
        (local.set $yv (v128.load (local.get $y)))
        (v128.store (local.get $out)
          (v128.bitselect (local.get $yv)
            (v128.and (v128.load (local.get $g)) (f64x2.gt (local.get $yv) (v128.const f64x2 0 0)))
            (f64x2.ne (local.get $yv) (local.get $yv))))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $L (i32.lt_u (local.get $y) (local.get $end))))))
)
