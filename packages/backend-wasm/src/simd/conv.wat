;; dl's SIMD convolution kernels for the wasm backend: im2col and col2im (the
;; patch matrix of Conv2DBackpropFilter and Conv2DBackpropInput) and MaxPoolGrad. A module
;; of its own (compiled to conv-wasm.ts by scripts/build-simd.mjs, like kernels.wat), so that
;; `@dl/backend-wasm/dense/register`, which leaves these kernels out, carries none of it.
;;
;; Every arithmetic step is one IEEE single-precision operation, in the order of the JS loops
;; the kernels fall back to: the results are bit-identical.
(module
  (import "env" "memory" (memory 1))

  ;; Byte-range helpers (as in kernels.wat): n bytes, a multiple of 4;
  ;; 16 at a time, then 4.
  (func $copyBytes (param $dst i32) (param $src i32) (param $n i32)
    (local $k i32) (local $n16 i32)
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u (local.get $k) (local.get $n16)))
      (v128.store (i32.add (local.get $dst) (local.get $k)) (v128.load (i32.add (local.get $src) (local.get $k))))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br $l1)))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u (local.get $k) (local.get $n)))
      (i32.store (i32.add (local.get $dst) (local.get $k)) (i32.load (i32.add (local.get $src) (local.get $k))))
      (local.set $k (i32.add (local.get $k) (i32.const 4)))
      (br $l2))))

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

  ;; im2col: writes every element of the patch matrix (zeros where a tap falls in padding).
  ;; NHWC images [b0, b1) of x (H × W × C) against the patch matrix cols, one row per
  ;; output pixel (OH × OW per image), one column per filter tap (FH × FW) and channel.
  (func (export "im2col") (param $x i32) (param $cols i32) (param $b0 i32) (param $b1 i32)
    (param $H i32) (param $W i32) (param $C i32) (param $OH i32) (param $OW i32) (param $FH i32) (param $FW i32)
    (param $sh i32) (param $sw i32) (param $dh i32) (param $dw i32) (param $pt i32) (param $pl i32)
    (local $b i32) (local $oh i32) (local $ow i32) (local $fh i32) (local $fw i32) (local $ih i32) (local $iw i32)
    (local $o i32) (local $cb i32) (local $xb i32)
    (local.set $cb (i32.shl (local.get $C) (i32.const 2)))
    (local.set $o (local.get $cols))
    (local.set $b (local.get $b0))
    (block $bDone (loop $bNext
      (br_if $bDone (i32.ge_u (local.get $b) (local.get $b1)))
      (local.set $xb (i32.add (local.get $x) (i32.mul (local.get $b) (i32.mul (i32.mul (local.get $H) (local.get $W)) (local.get $cb)))))
      (local.set $oh (i32.const 0))
      (block $ohDone (loop $ohNext
        (br_if $ohDone (i32.ge_u (local.get $oh) (local.get $OH)))
        (local.set $ow (i32.const 0))
        (block $owDone (loop $owNext
          (br_if $owDone (i32.ge_u (local.get $ow) (local.get $OW)))
          (local.set $fh (i32.const 0))
          (block $fhDone (loop $fhNext
            (br_if $fhDone (i32.ge_u (local.get $fh) (local.get $FH)))
            (local.set $ih (i32.add (i32.sub (i32.mul (local.get $oh) (local.get $sh)) (local.get $pt)) (i32.mul (local.get $fh) (local.get $dh))))
            (if (i32.or (i32.lt_s (local.get $ih) (i32.const 0)) (i32.ge_s (local.get $ih) (local.get $H)))
              (then
                (call $zeroBytes (local.get $o) (i32.mul (local.get $FW) (local.get $cb)))
                (local.set $o (i32.add (local.get $o) (i32.mul (local.get $FW) (local.get $cb)))))
              (else
                (local.set $fw (i32.const 0))
                (block $fwDone (loop $fwNext
                  (br_if $fwDone (i32.ge_u (local.get $fw) (local.get $FW)))
                  (local.set $iw (i32.add (i32.sub (i32.mul (local.get $ow) (local.get $sw)) (local.get $pl)) (i32.mul (local.get $fw) (local.get $dw))))
                  (if (i32.or (i32.lt_s (local.get $iw) (i32.const 0)) (i32.ge_s (local.get $iw) (local.get $W)))
                    (then (call $zeroBytes (local.get $o) (local.get $cb)))
                    (else (call $copyBytes (local.get $o) (i32.add (local.get $xb) (i32.mul (i32.add (i32.mul (local.get $ih) (local.get $W)) (local.get $iw)) (local.get $cb))) (local.get $cb))))
                  (local.set $o (i32.add (local.get $o) (local.get $cb)))
                  (local.set $fw (i32.add (local.get $fw) (i32.const 1)))
                  (br $fwNext)))))
            (local.set $fh (i32.add (local.get $fh) (i32.const 1)))
            (br $fhNext)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br $owNext)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $ohNext)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bNext))))

  ;; col2im: adds the patch matrix back onto x (the adjoint of im2col; taps in padding are dropped).
  ;; NHWC images [b0, b1) of x (H × W × C) against the patch matrix cols, one row per
  ;; output pixel (OH × OW per image), one column per filter tap (FH × FW) and channel.
  (func (export "col2imAdd") (param $x i32) (param $cols i32) (param $b0 i32) (param $b1 i32)
    (param $H i32) (param $W i32) (param $C i32) (param $OH i32) (param $OW i32) (param $FH i32) (param $FW i32)
    (param $sh i32) (param $sw i32) (param $dh i32) (param $dw i32) (param $pt i32) (param $pl i32)
    (local $b i32) (local $oh i32) (local $ow i32) (local $fh i32) (local $fw i32) (local $ih i32) (local $iw i32)
    (local $o i32) (local $cb i32) (local $xb i32)
    (local.set $cb (i32.shl (local.get $C) (i32.const 2)))
    (local.set $o (local.get $cols))
    (local.set $b (local.get $b0))
    (block $bDone (loop $bNext
      (br_if $bDone (i32.ge_u (local.get $b) (local.get $b1)))
      (local.set $xb (i32.add (local.get $x) (i32.mul (local.get $b) (i32.mul (i32.mul (local.get $H) (local.get $W)) (local.get $cb)))))
      (local.set $oh (i32.const 0))
      (block $ohDone (loop $ohNext
        (br_if $ohDone (i32.ge_u (local.get $oh) (local.get $OH)))
        (local.set $ow (i32.const 0))
        (block $owDone (loop $owNext
          (br_if $owDone (i32.ge_u (local.get $ow) (local.get $OW)))
          (local.set $fh (i32.const 0))
          (block $fhDone (loop $fhNext
            (br_if $fhDone (i32.ge_u (local.get $fh) (local.get $FH)))
            (local.set $ih (i32.add (i32.sub (i32.mul (local.get $oh) (local.get $sh)) (local.get $pt)) (i32.mul (local.get $fh) (local.get $dh))))
            (if (i32.or (i32.lt_s (local.get $ih) (i32.const 0)) (i32.ge_s (local.get $ih) (local.get $H)))
              (then
                (nop)
                (local.set $o (i32.add (local.get $o) (i32.mul (local.get $FW) (local.get $cb)))))
              (else
                (local.set $fw (i32.const 0))
                (block $fwDone (loop $fwNext
                  (br_if $fwDone (i32.ge_u (local.get $fw) (local.get $FW)))
                  (local.set $iw (i32.add (i32.sub (i32.mul (local.get $ow) (local.get $sw)) (local.get $pl)) (i32.mul (local.get $fw) (local.get $dw))))
                  (if (i32.or (i32.lt_s (local.get $iw) (i32.const 0)) (i32.ge_s (local.get $iw) (local.get $W)))
                    (then (nop))
                    (else (call $addBytes (i32.add (local.get $xb) (i32.mul (i32.add (i32.mul (local.get $ih) (local.get $W)) (local.get $iw)) (local.get $cb))) (local.get $o) (local.get $cb))))
                  (local.set $o (i32.add (local.get $o) (local.get $cb)))
                  (local.set $fw (i32.add (local.get $fw) (i32.const 1)))
                  (br $fwNext)))))
            (local.set $fh (i32.add (local.get $fh) (i32.const 1)))
            (br $fhNext)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br $owNext)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $ohNext)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bNext))))

  ;; MaxPoolGrad (NHWC): each output pixel's dy goes to the first maximum of its window
  ;; (strictly greater wins, padding excluded; a window of NaN or −∞ sends nothing), 4
  ;; channels at a time, then one at a time. dx must be zero on entry.
  (func (export "maxPoolGrad") (param $x i32) (param $dy i32) (param $dx i32) (param $B i32)
    (param $H i32) (param $W i32) (param $C i32) (param $OH i32) (param $OW i32) (param $FH i32) (param $FW i32)
    (param $sh i32) (param $sw i32) (param $dh i32) (param $dw i32) (param $pt i32) (param $pl i32)
    (local $b i32) (local $oh i32) (local $ow i32) (local $fh i32) (local $fw i32) (local $ih i32) (local $iw i32)
    (local $cb i32) (local $cb16 i32) (local $c i32) (local $xb i32) (local $dyAt i32) (local $at i32) (local $a i32) (local $delta i32)
    (local $best v128) (local $where v128) (local $v v128) (local $m v128)
    (local $sbest f32) (local $swhere i32) (local $sv f32)
    (local.set $cb (i32.shl (local.get $C) (i32.const 2)))
    (local.set $cb16 (i32.and (local.get $cb) (i32.const -16)))
    (local.set $delta (i32.sub (local.get $dx) (local.get $x)))
    (local.set $dyAt (local.get $dy))
    (block $bDone (loop $bNext
      (br_if $bDone (i32.ge_u (local.get $b) (local.get $B)))
      (local.set $xb (i32.add (local.get $x) (i32.mul (local.get $b) (i32.mul (i32.mul (local.get $H) (local.get $W)) (local.get $cb)))))
      (local.set $oh (i32.const 0))
      (block $ohDone (loop $ohNext
        (br_if $ohDone (i32.ge_u (local.get $oh) (local.get $OH)))
        (local.set $ow (i32.const 0))
        (block $owDone (loop $owNext
          (br_if $owDone (i32.ge_u (local.get $ow) (local.get $OW)))
          (local.set $c (i32.const 0))
          (block $cDone (loop $cNext
            (br_if $cDone (i32.ge_u (local.get $c) (local.get $cb16)))
            (local.set $best (v128.const f32x4 -inf -inf -inf -inf))
            (local.set $where (v128.const i32x4 -1 -1 -1 -1))
            (local.set $fh (i32.const 0))
            (block $fhDone (loop $fhNext
              (br_if $fhDone (i32.ge_u (local.get $fh) (local.get $FH)))
              (local.set $ih (i32.add (i32.sub (i32.mul (local.get $oh) (local.get $sh)) (local.get $pt)) (local.get $fh)))
              (if (i32.and (i32.ge_s (local.get $ih) (i32.const 0)) (i32.lt_s (local.get $ih) (local.get $H)))
                (then
                  (local.set $fw (i32.const 0))
                  (block $fwDone (loop $fwNext
                    (br_if $fwDone (i32.ge_u (local.get $fw) (local.get $FW)))
                    (local.set $iw (i32.add (i32.sub (i32.mul (local.get $ow) (local.get $sw)) (local.get $pl)) (local.get $fw)))
                    (if (i32.and (i32.ge_s (local.get $iw) (i32.const 0)) (i32.lt_s (local.get $iw) (local.get $W)))
                      (then
                        (local.set $at (i32.add (i32.add (local.get $xb) (i32.mul (i32.add (i32.mul (local.get $ih) (local.get $W)) (local.get $iw)) (local.get $cb))) (local.get $c)))
                        (local.set $v (v128.load (local.get $at)))
                        (local.set $m (f32x4.gt (local.get $v) (local.get $best)))
                        (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $m)))
                        (local.set $where (v128.bitselect (i32x4.add (i32x4.splat (local.get $at)) (v128.const i32x4 0 4 8 12)) (local.get $where) (local.get $m)))))
                    (local.set $fw (i32.add (local.get $fw) (local.get $dw)))
                    (br $fwNext)))))
              (local.set $fh (i32.add (local.get $fh) (local.get $dh)))
              (br $fhNext)))
              (local.set $a (i32x4.extract_lane 0 (local.get $where)))
              (if (i32.ne (local.get $a) (i32.const -1))
                (then
                  (local.set $a (i32.add (local.get $a) (local.get $delta)))
                  (f32.store (local.get $a) (f32.add (f32.load (local.get $a)) (f32.load (i32.add (local.get $dyAt) (i32.const 0)))))))
              (local.set $a (i32x4.extract_lane 1 (local.get $where)))
              (if (i32.ne (local.get $a) (i32.const -1))
                (then
                  (local.set $a (i32.add (local.get $a) (local.get $delta)))
                  (f32.store (local.get $a) (f32.add (f32.load (local.get $a)) (f32.load (i32.add (local.get $dyAt) (i32.const 4)))))))
              (local.set $a (i32x4.extract_lane 2 (local.get $where)))
              (if (i32.ne (local.get $a) (i32.const -1))
                (then
                  (local.set $a (i32.add (local.get $a) (local.get $delta)))
                  (f32.store (local.get $a) (f32.add (f32.load (local.get $a)) (f32.load (i32.add (local.get $dyAt) (i32.const 8)))))))
              (local.set $a (i32x4.extract_lane 3 (local.get $where)))
              (if (i32.ne (local.get $a) (i32.const -1))
                (then
                  (local.set $a (i32.add (local.get $a) (local.get $delta)))
                  (f32.store (local.get $a) (f32.add (f32.load (local.get $a)) (f32.load (i32.add (local.get $dyAt) (i32.const 12)))))))
            (local.set $dyAt (i32.add (local.get $dyAt) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $cNext)))
          (block $sDone (loop $sNext
            (br_if $sDone (i32.ge_u (local.get $c) (local.get $cb)))
            (local.set $sbest (f32.const -inf))
            (local.set $swhere (i32.const -1))
            (local.set $fh (i32.const 0))
            (block $fhDone (loop $fhNext
              (br_if $fhDone (i32.ge_u (local.get $fh) (local.get $FH)))
              (local.set $ih (i32.add (i32.sub (i32.mul (local.get $oh) (local.get $sh)) (local.get $pt)) (local.get $fh)))
              (if (i32.and (i32.ge_s (local.get $ih) (i32.const 0)) (i32.lt_s (local.get $ih) (local.get $H)))
                (then
                  (local.set $fw (i32.const 0))
                  (block $fwDone (loop $fwNext
                    (br_if $fwDone (i32.ge_u (local.get $fw) (local.get $FW)))
                    (local.set $iw (i32.add (i32.sub (i32.mul (local.get $ow) (local.get $sw)) (local.get $pl)) (local.get $fw)))
                    (if (i32.and (i32.ge_s (local.get $iw) (i32.const 0)) (i32.lt_s (local.get $iw) (local.get $W)))
                      (then
                        (local.set $at (i32.add (i32.add (local.get $xb) (i32.mul (i32.add (i32.mul (local.get $ih) (local.get $W)) (local.get $iw)) (local.get $cb))) (local.get $c)))
                        (local.set $sv (f32.load (local.get $at)))
                        (if (f32.gt (local.get $sv) (local.get $sbest))
                          (then (local.set $sbest (local.get $sv)) (local.set $swhere (local.get $at))))))
                    (local.set $fw (i32.add (local.get $fw) (local.get $dw)))
                    (br $fwNext)))))
              (local.set $fh (i32.add (local.get $fh) (local.get $dh)))
              (br $fhNext)))
            (if (i32.ne (local.get $swhere) (i32.const -1))
              (then
                (local.set $a (i32.add (local.get $swhere) (local.get $delta)))
                (f32.store (local.get $a) (f32.add (f32.load (local.get $a)) (f32.load (local.get $dyAt))))))
            (local.set $dyAt (i32.add (local.get $dyAt) (i32.const 4)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $sNext)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br $owNext)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $ohNext)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bNext))))
)
