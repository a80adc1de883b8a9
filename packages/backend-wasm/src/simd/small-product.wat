;; Small matrix products for the wasm backend (kernels/small-product.ts), on
;; tfjs-backend-wasm's own memory (imported), tensors addressed by byte offset.
;; XNNPACK packs a right operand before multiplying and builds an operator per
;; new operand: for the products of a small Dense layer (16 × 64 · 64 × 64) that
;; setup costs more than the product. These loops need none.
;;
;; Both compute C (m × n, row-major) = A·B, then C + bias (n floats, when
;; $bias is not 0), then relu when $relu is 1 (negatives to 0, NaN kept): the sum first, the bias
;; added after it, as a matmul followed by a bias add rounds.
(module
  (import "env" "memory" (memory 1))

  ;; The epilogue on row $c (n floats): + bias, then relu.
  (func $epilogue (param $c i32) (param $n i32) (param $bias i32) (param $relu i32)
    (local $j i32) (local $o i32) (local $v f32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $o (i32.shl (local.get $j) (i32.const 2)))
      (local.set $v (f32.load (i32.add (local.get $c) (local.get $o))))
      (if (local.get $bias) (then
        (local.set $v (f32.add (local.get $v) (f32.load (i32.add (local.get $bias) (local.get $o)))))))
      (if (local.get $relu) (then
        (local.set $v (select (f32.const 0) (local.get $v) (f32.lt (local.get $v) (f32.const 0))))))
      (f32.store (i32.add (local.get $c) (local.get $o)) (local.get $v))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $next))))

  ;; "Rows" form, B (k × n) row-major: C[i, :] = Σ_kk A(i, kk)·B[kk, :], with A(i, kk)
  ;; at $a + 4·(i·$aRow + kk·$aCol) (A row-major: aRow = k, aCol = 1; A stored
  ;; transposed, k × m: aRow = 1, aCol = m). Columns go 16 at a time (four f32x4
  ;; sums held across the kk loop), then 4 at a time, then one at a time; each
  ;; output sums its k products in kk order.
  (func (export "productRows")
    (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (param $aRow i32) (param $aCol i32) (param $bias i32) (param $relu i32)
    (local $i i32) (local $j i32) (local $kk i32) (local $ai i32) (local $bp i32) (local $cRow i32)
    (local $nb i32) (local $end16 i32) (local $end4 i32)
    (local $s v128) (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $f f32)
    (local.set $nb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end16 (i32.and (local.get $n) (i32.const -16)))
    (local.set $end4 (i32.and (local.get $n) (i32.const -4)))
    (block $rowsDone (loop $row
      (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $cRow (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $nb))))
      (local.set $ai (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $aRow)) (i32.const 2))))
      (local.set $j (i32.const 0))
      ;; 16 columns at a time
      (block $d16 (loop $l16
        (br_if $d16 (i32.ge_u (local.get $j) (local.get $end16)))
        (local.set $c0 (v128.const i32x4 0 0 0 0))
        (local.set $c1 (v128.const i32x4 0 0 0 0))
        (local.set $c2 (v128.const i32x4 0 0 0 0))
        (local.set $c3 (v128.const i32x4 0 0 0 0))
        (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $kk (i32.const 0))
        (block $kd (loop $kl
          (br_if $kd (i32.ge_u (local.get $kk) (local.get $k)))
          (local.set $s (f32x4.splat (f32.load
            (i32.add (local.get $ai) (i32.shl (i32.mul (local.get $kk) (local.get $aCol)) (i32.const 2))))))
          (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (v128.load offset=0 (local.get $bp)))))
          (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $bp)))))
          (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $bp)))))
          (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $bp)))))
          (local.set $bp (i32.add (local.get $bp) (local.get $nb)))
          (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
          (br $kl)))
        (local.set $bp (i32.add (local.get $cRow) (i32.shl (local.get $j) (i32.const 2))))
        (v128.store offset=0 (local.get $bp) (local.get $c0))
        (v128.store offset=16 (local.get $bp) (local.get $c1))
        (v128.store offset=32 (local.get $bp) (local.get $c2))
        (v128.store offset=48 (local.get $bp) (local.get $c3))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $l16)))
      ;; 4 columns at a time
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $j) (local.get $end4)))
        (local.set $c0 (v128.const i32x4 0 0 0 0))
        (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $kk (i32.const 0))
        (block $kd (loop $kl
          (br_if $kd (i32.ge_u (local.get $kk) (local.get $k)))
          (local.set $s (f32x4.splat (f32.load
            (i32.add (local.get $ai) (i32.shl (i32.mul (local.get $kk) (local.get $aCol)) (i32.const 2))))))
          (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (v128.load (local.get $bp)))))
          (local.set $bp (i32.add (local.get $bp) (local.get $nb)))
          (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
          (br $kl)))
        (v128.store (i32.add (local.get $cRow) (i32.shl (local.get $j) (i32.const 2))) (local.get $c0))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $l4)))
      ;; the remaining columns
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $f (f32.const 0))
        (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $kk (i32.const 0))
        (block $kd (loop $kl
          (br_if $kd (i32.ge_u (local.get $kk) (local.get $k)))
          (local.set $f (f32.add (local.get $f) (f32.mul
            (f32.load (i32.add (local.get $ai) (i32.shl (i32.mul (local.get $kk) (local.get $aCol)) (i32.const 2))))
            (f32.load (local.get $bp)))))
          (local.set $bp (i32.add (local.get $bp) (local.get $nb)))
          (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
          (br $kl)))
        (f32.store (i32.add (local.get $cRow) (i32.shl (local.get $j) (i32.const 2))) (local.get $f))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $l1)))
      (if (i32.or (local.get $bias) (local.get $relu)) (then
        (call $epilogue (local.get $cRow) (local.get $n) (local.get $bias) (local.get $relu))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row))))

  ;; "Dots" form, A (m × k) and Bt (n × k) row-major: C[i, j] = A[i, :]·Bt[j, :]
  ;; (A·Btᵀ; a k × 1 B is its own Bt). Four lanes of partial sums over kk, added
  ;; lane 0 + 1 + 2 + 3, then the k mod 4 last products one by one.
  (func (export "productDots")
    (param $a i32) (param $bt i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (param $bias i32) (param $relu i32)
    (local $i i32) (local $j i32) (local $kk i32) (local $ar i32) (local $br i32) (local $cp i32)
    (local $kb i32) (local $end4 i32) (local $acc v128) (local $f f32)
    (local.set $kb (i32.shl (local.get $k) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $k) (i32.const -4)))
    (local.set $cp (local.get $c))
    (block $rowsDone (loop $row
      (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $ar (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $kb))))
      (local.set $j (i32.const 0))
      (block $colsDone (loop $col
        (br_if $colsDone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $br (i32.add (local.get $bt) (i32.mul (local.get $j) (local.get $kb))))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $kk (i32.const 0))
        (block $kd (loop $kl
          (br_if $kd (i32.ge_u (local.get $kk) (local.get $end4)))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul
            (v128.load (i32.add (local.get $ar) (i32.shl (local.get $kk) (i32.const 2))))
            (v128.load (i32.add (local.get $br) (i32.shl (local.get $kk) (i32.const 2)))))))
          (local.set $kk (i32.add (local.get $kk) (i32.const 4)))
          (br $kl)))
        (local.set $f (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
          (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (block $td (loop $tl
          (br_if $td (i32.ge_u (local.get $kk) (local.get $k)))
          (local.set $f (f32.add (local.get $f) (f32.mul
            (f32.load (i32.add (local.get $ar) (i32.shl (local.get $kk) (i32.const 2))))
            (f32.load (i32.add (local.get $br) (i32.shl (local.get $kk) (i32.const 2)))))))
          (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
          (br $tl)))
        (f32.store (local.get $cp) (local.get $f))
        (local.set $cp (i32.add (local.get $cp) (i32.const 4)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $col)))
      (if (i32.or (local.get $bias) (local.get $relu)) (then
        (call $epilogue (i32.sub (local.get $cp) (i32.shl (local.get $n) (i32.const 2))) (local.get $n) (local.get $bias) (local.get $relu))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row))))
)
