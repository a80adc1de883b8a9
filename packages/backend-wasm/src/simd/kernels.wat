;; dl's SIMD kernels for the wasm backend (the convolution ones are in conv.wat). They
;; run on tfjs-backend-wasm's own memory (imported), on tensors addressed by byte
;; offset, and are compiled to kernels-wasm.ts by scripts/build-simd.mjs (the test
;; checks the two agree).
;;
;; Every arithmetic step is one IEEE single-precision operation (f32x4 lanes or
;; f32 for the tail) in the order dl's composed ops apply them: no fused
;; multiply-add, so the results are bit-identical to the composed update.
(module
  (import "env" "memory" (memory 1))

  ;; RMSprop, no momentum: s' = s·rho + g²·rest; w' = w − g·lr / √(s' + eps).
  (func (export "rmsprop")
    (param $w i32) (param $s i32) (param $g i32) (param $w2 i32) (param $s2 i32) (param $n i32)
    (param $rho f32) (param $rest f32) (param $eps f32) (param $lr f32)
    (local $i i32) (local $o i32) (local $end4 i32)
    (local $vg v128) (local $vs v128) (local $rho4 v128) (local $rest4 v128) (local $eps4 v128) (local $lr4 v128)
    (local $fg f32) (local $fs f32)
    (local.set $rho4 (f32x4.splat (local.get $rho)))
    (local.set $rest4 (f32x4.splat (local.get $rest)))
    (local.set $eps4 (f32x4.splat (local.get $eps)))
    (local.set $lr4 (f32x4.splat (local.get $lr)))
    (local.set $end4 (i32.and (local.get $n) (i32.const -4)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $vg (v128.load (i32.add (local.get $g) (local.get $o))))
      (local.set $vs (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $s) (local.get $o))) (local.get $rho4))
        (f32x4.mul (f32x4.mul (local.get $vg) (local.get $vg)) (local.get $rest4))))
      (v128.store (i32.add (local.get $s2) (local.get $o)) (local.get $vs))
      (v128.store (i32.add (local.get $w2) (local.get $o))
        (f32x4.sub (v128.load (i32.add (local.get $w) (local.get $o)))
          (f32x4.div (f32x4.mul (local.get $vg) (local.get $lr4))
            (f32x4.sqrt (f32x4.add (local.get $vs) (local.get $eps4))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $fg (f32.load (i32.add (local.get $g) (local.get $o))))
      (local.set $fs (f32.add
        (f32.mul (f32.load (i32.add (local.get $s) (local.get $o))) (local.get $rho))
        (f32.mul (f32.mul (local.get $fg) (local.get $fg)) (local.get $rest))))
      (f32.store (i32.add (local.get $s2) (local.get $o)) (local.get $fs))
      (f32.store (i32.add (local.get $w2) (local.get $o))
        (f32.sub (f32.load (i32.add (local.get $w) (local.get $o)))
          (f32.div (f32.mul (local.get $fg) (local.get $lr))
            (f32.sqrt (f32.add (local.get $fs) (local.get $eps))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; RMSprop with momentum: as above, then p' = p·mom + step; w' = w − p'.
  (func (export "rmspropMomentum")
    (param $w i32) (param $s i32) (param $g i32) (param $p i32) (param $w2 i32) (param $s2 i32) (param $p2 i32) (param $n i32)
    (param $rho f32) (param $rest f32) (param $eps f32) (param $lr f32) (param $mom f32)
    (local $i i32) (local $o i32) (local $end4 i32)
    (local $vg v128) (local $vs v128) (local $vp v128) (local $rho4 v128) (local $rest4 v128) (local $eps4 v128) (local $lr4 v128) (local $mom4 v128)
    (local $fg f32) (local $fs f32) (local $fp f32)
    (local.set $rho4 (f32x4.splat (local.get $rho)))
    (local.set $rest4 (f32x4.splat (local.get $rest)))
    (local.set $eps4 (f32x4.splat (local.get $eps)))
    (local.set $lr4 (f32x4.splat (local.get $lr)))
    (local.set $mom4 (f32x4.splat (local.get $mom)))
    (local.set $end4 (i32.and (local.get $n) (i32.const -4)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $vg (v128.load (i32.add (local.get $g) (local.get $o))))
      (local.set $vs (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $s) (local.get $o))) (local.get $rho4))
        (f32x4.mul (f32x4.mul (local.get $vg) (local.get $vg)) (local.get $rest4))))
      (v128.store (i32.add (local.get $s2) (local.get $o)) (local.get $vs))
      (local.set $vp (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $p) (local.get $o))) (local.get $mom4))
        (f32x4.div (f32x4.mul (local.get $vg) (local.get $lr4))
          (f32x4.sqrt (f32x4.add (local.get $vs) (local.get $eps4))))))
      (v128.store (i32.add (local.get $p2) (local.get $o)) (local.get $vp))
      (v128.store (i32.add (local.get $w2) (local.get $o))
        (f32x4.sub (v128.load (i32.add (local.get $w) (local.get $o))) (local.get $vp)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $fg (f32.load (i32.add (local.get $g) (local.get $o))))
      (local.set $fs (f32.add
        (f32.mul (f32.load (i32.add (local.get $s) (local.get $o))) (local.get $rho))
        (f32.mul (f32.mul (local.get $fg) (local.get $fg)) (local.get $rest))))
      (f32.store (i32.add (local.get $s2) (local.get $o)) (local.get $fs))
      (local.set $fp (f32.add
        (f32.mul (f32.load (i32.add (local.get $p) (local.get $o))) (local.get $mom))
        (f32.div (f32.mul (local.get $fg) (local.get $lr))
          (f32.sqrt (f32.add (local.get $fs) (local.get $eps))))))
      (f32.store (i32.add (local.get $p2) (local.get $o)) (local.get $fp))
      (f32.store (i32.add (local.get $w2) (local.get $o))
        (f32.sub (f32.load (i32.add (local.get $w) (local.get $o))) (local.get $fp)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; Adam: m' = m + (g − m)·c1; v' = v + (g² − v)·c2; w' = w − m'·alpha / (√v' + eps).
  ;; With $h (amsgrad, a non-zero offset): h' = max(h, v') replaces v' under the root.
  (func (export "adam")
    (param $w i32) (param $m i32) (param $v i32) (param $h i32) (param $g i32)
    (param $w2 i32) (param $m2 i32) (param $v2 i32) (param $h2 i32) (param $n i32)
    (param $c1 f32) (param $c2 f32) (param $alpha f32) (param $eps f32)
    (local $i i32) (local $o i32) (local $end4 i32)
    (local $vg v128) (local $vm v128) (local $vv v128) (local $vm1 v128) (local $vv1 v128)
    (local $c14 v128) (local $c24 v128) (local $alpha4 v128) (local $eps4 v128)
    (local $fg f32) (local $fm f32) (local $fv f32) (local $fm1 f32) (local $fv1 f32)
    (local.set $c14 (f32x4.splat (local.get $c1)))
    (local.set $c24 (f32x4.splat (local.get $c2)))
    (local.set $alpha4 (f32x4.splat (local.get $alpha)))
    (local.set $eps4 (f32x4.splat (local.get $eps)))
    (local.set $end4 (i32.and (local.get $n) (i32.const -4)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $vg (v128.load (i32.add (local.get $g) (local.get $o))))
      (local.set $vm1 (v128.load (i32.add (local.get $m) (local.get $o))))
      (local.set $vv1 (v128.load (i32.add (local.get $v) (local.get $o))))
      (local.set $vm (f32x4.add (local.get $vm1) (f32x4.mul (f32x4.sub (local.get $vg) (local.get $vm1)) (local.get $c14))))
      (local.set $vv (f32x4.add (local.get $vv1)
        (f32x4.mul (f32x4.sub (f32x4.mul (local.get $vg) (local.get $vg)) (local.get $vv1)) (local.get $c24))))
      (v128.store (i32.add (local.get $m2) (local.get $o)) (local.get $vm))
      (v128.store (i32.add (local.get $v2) (local.get $o)) (local.get $vv))
      (if (local.get $h) (then
        (local.set $vv (f32x4.max (v128.load (i32.add (local.get $h) (local.get $o))) (local.get $vv)))
        (v128.store (i32.add (local.get $h2) (local.get $o)) (local.get $vv))))
      (v128.store (i32.add (local.get $w2) (local.get $o))
        (f32x4.sub (v128.load (i32.add (local.get $w) (local.get $o)))
          (f32x4.div (f32x4.mul (local.get $vm) (local.get $alpha4))
            (f32x4.add (f32x4.sqrt (local.get $vv)) (local.get $eps4)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $fg (f32.load (i32.add (local.get $g) (local.get $o))))
      (local.set $fm1 (f32.load (i32.add (local.get $m) (local.get $o))))
      (local.set $fv1 (f32.load (i32.add (local.get $v) (local.get $o))))
      (local.set $fm (f32.add (local.get $fm1) (f32.mul (f32.sub (local.get $fg) (local.get $fm1)) (local.get $c1))))
      (local.set $fv (f32.add (local.get $fv1)
        (f32.mul (f32.sub (f32.mul (local.get $fg) (local.get $fg)) (local.get $fv1)) (local.get $c2))))
      (f32.store (i32.add (local.get $m2) (local.get $o)) (local.get $fm))
      (f32.store (i32.add (local.get $v2) (local.get $o)) (local.get $fv))
      (if (local.get $h) (then
        (local.set $fv (f32.max (f32.load (i32.add (local.get $h) (local.get $o))) (local.get $fv)))
        (f32.store (i32.add (local.get $h2) (local.get $o)) (local.get $fv))))
      (f32.store (i32.add (local.get $w2) (local.get $o))
        (f32.sub (f32.load (i32.add (local.get $w) (local.get $o)))
          (f32.div (f32.mul (local.get $fm) (local.get $alpha))
            (f32.add (f32.sqrt (local.get $fv)) (local.get $eps)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; dst (cols × rows) = transpose of src (rows × cols), 4-byte elements. 4 × 4
  ;; blocks move as four vectors and four shuffles each way, in column tiles of
  ;; 256 so the output lines a tile writes stay in cache; edges go one by one.
  (func (export "transpose") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $c0 i32) (local $c1 i32) (local $rows4 i32) (local $cols4 i32) (local $cEnd4 i32)
    (local $a i32) (local $d i32) (local $rs i32) (local $cs i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $cs (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $rs (i32.shl (local.get $rows) (i32.const 2)))
    ;; Full 4 × 4 blocks, tile by tile.
    (block $tilesDone (loop $tiles
      (br_if $tilesDone (i32.ge_u (local.get $c0) (local.get $cols4)))
      (local.set $c1 (i32.add (local.get $c0) (i32.const 256)))
      (local.set $cEnd4 (select (local.get $c1) (local.get $cols4) (i32.lt_u (local.get $c1) (local.get $cols4))))
      (local.set $r (i32.const 0))
      (block $rowsDone (loop $rowBlocks
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows4)))
        (local.set $c (local.get $c0))
        (block $colsDone (loop $colBlocks
          (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cEnd4)))
          (local.set $a (i32.add (local.get $src)
            (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2))))
          (local.set $x0 (v128.load (local.get $a)))
          (local.set $x1 (v128.load (i32.add (local.get $a) (local.get $cs))))
          (local.set $x2 (v128.load (i32.add (local.get $a) (i32.shl (local.get $cs) (i32.const 1)))))
          (local.set $x3 (v128.load (i32.add (local.get $a) (i32.mul (local.get $cs) (i32.const 3)))))
          ;; t0 = x0[0] x1[0] x0[1] x1[1]; t1 = x0[2] x1[2] x0[3] x1[3]; t2, t3 likewise for x2, x3.
          (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x0) (local.get $x1)))
          (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x0) (local.get $x1)))
          (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x2) (local.get $x3)))
          (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x2) (local.get $x3)))
          (local.set $d (i32.add (local.get $dst)
            (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2))))
          (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $d) (local.get $rs))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $d) (i32.shl (local.get $rs) (i32.const 1)))
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
          (v128.store (i32.add (local.get $d) (i32.mul (local.get $rs) (i32.const 3)))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
          (local.set $c (i32.add (local.get $c) (i32.const 4)))
          (br $colBlocks)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rowBlocks)))
      (local.set $c0 (local.get $cEnd4))
      (br $tiles)))
    ;; Edges: the last cols % 4 columns of every row, then the last rows % 4 rows.
    (local.set $r (i32.const 0))
    (block $done (loop $edgeRows
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $c (select (i32.const 0) (local.get $cols4) (i32.ge_u (local.get $r) (local.get $rows4))))
      (block $rowDone (loop $edgeCols
        (br_if $rowDone (i32.ge_u (local.get $c) (local.get $cols)))
        (i32.store
          (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2)))
          (i32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $edgeCols)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $edgeRows))))

  ;; dst[i] += src[i] for i < n floats, n a multiple of 4 (partial products summed in tall-product.ts).
  (func (export "addInto") (param $dst i32) (param $src i32) (param $n i32)
    (local $o i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (v128.store (i32.add (local.get $dst) (local.get $o))
        (f32x4.add (v128.load (i32.add (local.get $dst) (local.get $o))) (v128.load (i32.add (local.get $src) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $next))))

  ;; dst (b × a × inner) = src (a × b × inner): the first two axes swapped, 4-byte
  ;; elements, inner a multiple of 4 (batch-major sequences to time-major and back).
  (func (export "swapLeading") (param $src i32) (param $dst i32) (param $a i32) (param $b i32) (param $inner i32)
    (local $i i32) (local $j i32) (local $o i32) (local $bytes i32) (local $from i32) (local $to i32)
    (local.set $bytes (i32.shl (local.get $inner) (i32.const 2)))
    (block $iDone (loop $iNext
      (br_if $iDone (i32.ge_u (local.get $i) (local.get $a)))
      (local.set $j (i32.const 0))
      (block $jDone (loop $jNext
        (br_if $jDone (i32.ge_u (local.get $j) (local.get $b)))
        (local.set $from (i32.add (local.get $src) (i32.mul (i32.add (i32.mul (local.get $i) (local.get $b)) (local.get $j)) (local.get $bytes))))
        (local.set $to (i32.add (local.get $dst) (i32.mul (i32.add (i32.mul (local.get $j) (local.get $a)) (local.get $i)) (local.get $bytes))))
        (local.set $o (i32.const 0))
        (block $oDone (loop $oNext
          (br_if $oDone (i32.ge_u (local.get $o) (local.get $bytes)))
          (v128.store (i32.add (local.get $to) (local.get $o)) (v128.load (i32.add (local.get $from) (local.get $o))))
          (local.set $o (i32.add (local.get $o) (i32.const 16)))
          (br $oNext)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jNext)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $iNext))))

  ;; Byte-range helpers: n bytes, a multiple of 4; 16 at a time, then 4.
  (func $zeroBytes (param $dst i32) (param $n i32)
    (local $k i32) (local $n16 i32)
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u (local.get $k) (local.get $n16)))
      (v128.store (i32.add (local.get $dst) (local.get $k)) (v128.const i32x4 0 0 0 0))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br $l1)))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u (local.get $k) (local.get $n)))
      (i32.store (i32.add (local.get $dst) (local.get $k)) (i32.const 0))
      (local.set $k (i32.add (local.get $k) (i32.const 4)))
      (br $l2))))

  ;; dst[i] += src[i] over n bytes of floats.
  (func $addBytes (param $dst i32) (param $src i32) (param $n i32)
    (local $k i32) (local $n16 i32) (local $a i32)
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u (local.get $k) (local.get $n16)))
      (local.set $a (i32.add (local.get $dst) (local.get $k)))
      (v128.store (local.get $a) (f32x4.add (v128.load (local.get $a)) (v128.load (i32.add (local.get $src) (local.get $k)))))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br $l1)))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $a (i32.add (local.get $dst) (local.get $k)))
      (f32.store (local.get $a) (f32.add (f32.load (local.get $a)) (f32.load (i32.add (local.get $src) (local.get $k)))))
      (local.set $k (i32.add (local.get $k) (i32.const 4)))
      (br $l2))))

  ;; out (cols floats) = the sum of the rows of x (rows × cols), row after row in float32:
  ;; a Sum over the leading axes (bias gradients over batch × pixels).
  (func (export "sumRows") (param $x i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $cb i32)
    (local.set $cb (i32.shl (local.get $cols) (i32.const 2)))
    (call $zeroBytes (local.get $out) (local.get $cb))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (call $addBytes (local.get $out) (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $cb))) (local.get $cb))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $next))))

  ;; UnsortedSegmentSum of float32 rows: out (segments × inner, zero on entry) gets row i of x
  ;; (n × inner) added to row ids[i] (int32), rows whose id is outside [0, segments) dropped.
  (func (export "segmentSum") (param $x i32) (param $ids i32) (param $out i32) (param $n i32) (param $inner i32) (param $segments i32)
    (local $i i32) (local $s i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $inner) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $s (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.lt_u (local.get $s) (local.get $segments))
        (then (call $addBytes
          (i32.add (local.get $out) (i32.mul (local.get $s) (local.get $bytes)))
          (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $bytes)))
          (local.get $bytes))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))
)
