// Builds src/simd/matmul-wasm.ts, the WebAssembly SIMD module of dl's matrix
// products (loaded by src/simd/matmul.ts on the wasm backend's own memory,
// like kernels.wat). The text form is written by the helpers below rather
// than by hand: the register tiles and blocks are unrolled, which makes the
// text long and repetitive. Assembled with compile-wat.mjs.
//
//   node packages/backend-wasm/scripts/build-matmul-simd.mjs        # regenerate
//   node packages/backend-wasm/scripts/build-matmul-simd.mjs --wat  # print the text form
//
// Pointers and strides are in bytes, sizes in elements; the output's rows
// hold a multiple of 4 floats. Each product term is one f32 multiply then one
// add (no fused multiply-add), summed in the order of the shared index. The
// module stays under 4 KB, the most a browser compiles synchronously on its
// main thread. src/simd/matmul.test.ts checks the committed bytes are this script's.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileWat } from './compile-wat.mjs';

const get = (name) => `(local.get $${name})`;
const set = (name, expr) => `(local.set $${name} ${expr})`;
const add = (a, b) => `(i32.add ${a} ${b})`;
const mul = (a, b) => `(i32.mul ${a} ${b})`;
const konst = (v) => `(i32.const ${v})`;
const locals = (names, type) => names.map((n) => `(local $${n} ${type})`).join(' ');
const range = (n) => Array.from({ length: n }, (_, i) => i);
/** `while (cond) { body }` */
const loop = (cond, ...body) => `(block $done (loop $next (br_if $done (i32.eqz ${cond}))\n    ${body.join('\n    ')}\n    (br $next)))`;

/**
 * `$tile`: 4 output rows × 8 floats (2 vectors) of accumulators over the
 * whole shared index t < T: out[r, :] = bias + Σ_t A[r, t] · b[t, :], A's
 * element (r, t) at byte `ap + r·sR + t·sT` (so A may be read transposed),
 * b and out rows `bn` bytes apart, bias 0 for none. (More accumulators spill
 * registers: measured slower.)
 */
function tile() {
  const acc = range(4).flatMap((r) => [`c${r}_0`, `c${r}_1`]);
  const update = [
    set('b0', `(v128.load ${get('bp')})`),
    set('b1', `(v128.load offset=16 ${get('bp')})`),
    ...range(4).flatMap((r) => [
      set('s', `(v128.load32_splat ${r === 0 ? get('ap') : add(get('ap'), get(`sR${r}`))})`),
      ...[0, 1].map((q) => set(`c${r}_${q}`, `(f32x4.add ${get(`c${r}_${q}`)} (f32x4.mul ${get('s')} ${get(`b${q}`)}))`)),
    ]),
    set('bp', add(get('bp'), get('bn'))),
    set('ap', add(get('ap'), get('sT'))),
    set('t', `(i32.sub ${get('t')} ${konst(1)})`),
  ];
  return `(func $tile (param $ap i32) (param $sR i32) (param $sT i32) (param $bp i32) (param $bias i32) (param $op i32) (param $t i32) (param $bn i32)
  ${locals([...acc, 'b0', 'b1', 's'], 'v128')} ${locals(['sR1', 'sR2', 'sR3'], 'i32')}
  ${[1, 2, 3].map((r) => set(`sR${r}`, mul(get('sR'), konst(r)))).join(' ')}
  (if ${get('bias')} (then ${acc.map((c) => set(c, `(v128.load offset=${c.endsWith('1') ? 16 : 0} ${get('bias')})`)).join(' ')}))
  ${loop(get('t'), ...update)}
  ${range(4).map((r) => [0, 1].map((q) => `(v128.store offset=${16 * q} ${r === 0 ? get('op') : add(get('op'), mul(get('bn'), konst(r)))} ${get(`c${r}_${q}`)})`).join(' ')).join('\n  ')})`;
}

/**
 * `gemm(a, sR, sT, b, bias, out, M, T, N)`: out (M × N) = bias + A·b, A (M × T)
 * with element (r, t) at byte `a + r·sR + t·sT`, b (T × N) row-major, bias N
 * floats or 0 for none; M ≥ 4, N ≥ 8 a multiple of 4. Tiles of 4 rows × 8
 * floats; the last ones along each axis overlap the one before when M or N
 * is not a multiple of 4 or 8 (they write the same values again).
 */
function gemm() {
  const last = (x, limit, size) => `(select ${get(x)} (i32.sub ${get(limit)} ${konst(size)}) (i32.le_u ${add(get(x), konst(size))} ${get(limit)}))`;
  return `(func (export "gemm") (param $a i32) (param $sR i32) (param $sT i32) (param $b i32) (param $bias i32) (param $out i32)
  (param $M i32) (param $T i32) (param $N i32) (local $bn i32) (local $i i32) (local $v i32) (local $r i32) (local $c i32)
  ${set('bn', mul(get('N'), konst(4)))}
  ${loop(`(i32.lt_u ${get('i')} ${get('M')})`,
    set('r', last('i', 'M', 4)),
    set('v', konst(0)),
    loop(`(i32.lt_u ${get('v')} ${get('bn')})`,
      set('c', last('v', 'bn', 32)),
      `(call $tile ${add(get('a'), mul(get('r'), get('sR')))} ${get('sR')} ${get('sT')} ${add(get('b'), get('c'))}
        (select ${add(get('bias'), get('c'))} ${konst(0)} ${get('bias')}) ${add(get('out'), add(mul(get('r'), get('bn')), get('c')))} ${get('T')} ${get('bn')})`,
      set('v', add(get('v'), konst(32)))),
    set('i', add(get('i'), konst(4))))})`;
}

/**
 * Block `$blockK`: adds K rows of a·b's outer products to out, streaming a's
 * K rows: out[j, :] += Σ_k a[k, j] · b[k, :] for j < m, 2 output vectors at
 * a time (b's K × 2 vectors held in registers, each a[k, j] splat once for
 * both), then 1 for the last 4 floats of a row.
 */
function block(K) {
  const offset = (k) => (k === 0 ? get('x') : add(get('x'), get(`am${k}`)));
  const pass = (V) => [
    ...range(K).flatMap((k) => range(V).map((q) => set(`c${k}_${q}`, `(v128.load offset=${16 * q} ${add(add(get('bp'), get('v')), k === 0 ? konst(0) : mul(get('bn'), konst(k)))})`))),
    set('x', get('ap')),
    set('o', add(get('out'), get('v'))),
    loop(`(i32.lt_u ${get('x')} ${get('end')})`,
      ...range(K).map((k) => set(`s${k}`, `(v128.load32_splat ${offset(k)})`)),
      ...range(V).map((q) => `(v128.store offset=${16 * q} ${get('o')} ${range(K).reduce((e, k) => `(f32x4.add ${e} (f32x4.mul ${get(`s${k}`)} ${get(`c${k}_${q}`)}))`, `(v128.load offset=${16 * q} ${get('o')})`)})`),
      set('o', add(get('o'), get('bn'))),
      set('x', add(get('x'), konst(4)))),
    set('v', add(get('v'), konst(16 * V)))];
  return `(func $block${K} (param $ap i32) (param $am i32) (param $bp i32) (param $bn i32) (param $out i32)
  (local $v i32) (local $x i32) (local $end i32) (local $o i32) ${locals(range(K).flatMap((k) => [`c${k}_0`, `c${k}_1`, `s${k}`]), 'v128')} ${locals(range(K).slice(1).map((k) => `am${k}`), 'i32')}
  ${range(K).slice(1).map((k) => set(`am${k}`, mul(get('am'), konst(k)))).join(' ')}
  ${set('end', add(get('ap'), get('am')))}
  ${loop(`(i32.le_u ${add(get('v'), konst(32))} ${get('bn')})`, ...pass(2))}
  (if (i32.lt_u ${get('v')} ${get('bn')}) (then ${pass(1).join('\n    ')})))`;
}

/**
 * `atbAdd(a, b, out, rows, m, n)`: out (m × n) += aᵀ·b for a (rows × m) and b
 * (rows × n), n a multiple of 4, streaming a's rows 4 at a time (then one at a
 * time) without transposing it; out is read and written once per block, so it
 * should fit in cache.
 */
function atbAdd() {
  const call = (K) => `(call $block${K} ${add(get('a'), mul(get('k'), get('am')))} ${get('am')} ${add(get('b'), mul(get('k'), get('bn')))} ${get('bn')} ${get('out')})`;
  return `(func (export "atbAdd") (param $a i32) (param $b i32) (param $out i32) (param $rows i32) (param $m i32) (param $n i32)
  (local $am i32) (local $bn i32) (local $k i32)
  ${set('am', mul(get('m'), konst(4)))} ${set('bn', mul(get('n'), konst(4)))}
  ${loop(`(i32.le_u ${add(get('k'), konst(4))} ${get('rows')})`, call(4), set('k', add(get('k'), konst(4))))}
  ${loop(`(i32.lt_u ${get('k')} ${get('rows')})`, call(1), set('k', add(get('k'), konst(1))))})`;
}

/**
 * `patchesT(x, cols, b0, b1, H, W, C, OH, OW, FH, FW, sh, sw, dh, dw, pt, pl)`:
 * the transposed patch matrix of NHWC images [b0, b1) of x, one row per
 * filter tap and input channel (k = (fh·FW + fw)·C + c) and one column per
 * output pixel, zero where the tap falls in padding (kernels/im2col.ts has
 * the untransposed one). One float at a time: for a few input channels, where
 * im2col copies too little per step.
 */
function patchesT() {
  const param = (names) => names.map((n) => `(param $${n} i32)`).join(' ');
  const inc = (name, by = konst(1)) => set(name, add(get(name), by));
  const lt = (a, b) => `(i32.lt_s ${get(a)} ${get(b)})`;
  const outside = (i, size) => `(i32.or (i32.lt_s ${get(i)} ${konst(0)}) (i32.ge_s ${get(i)} ${get(size)}))`;
  const zero = (n) => loop(`(i32.lt_u ${get('e')} ${n})`, `(f32.store ${get('o')} (f32.const 0))`, inc('o', konst(4)), inc('e'));
  return `(func (export "patchesT") ${param(['x', 'cols', 'b0', 'b1', 'H', 'W', 'C', 'OH', 'OW', 'FH', 'FW', 'sh', 'sw', 'dh', 'dw', 'pt', 'pl'])}
  ${locals(['fh', 'fw', 'c', 'b', 'oh', 'ih', 'iw', 'o', 'e', 'row', 'step'], 'i32')}
  ${set('o', get('cols'))} ${set('step', mul(konst(4), mul(get('sw'), get('C'))))}
  ${loop(lt('fh', 'FH'), set('fw', konst(0)),
    loop(lt('fw', 'FW'), set('c', konst(0)),
      loop(lt('c', 'C'), set('b', get('b0')),
        loop(lt('b', 'b1'), set('oh', konst(0)),
          loop(lt('oh', 'OH'),
            set('ih', add(`(i32.sub ${mul(get('oh'), get('sh'))} ${get('pt')})`, mul(get('fh'), get('dh')))),
            set('e', konst(0)),
            `(if ${outside('ih', 'H')} (then ${zero(get('OW'))}) (else
              ${set('iw', add(`(i32.sub (i32.const 0) ${get('pl')})`, mul(get('fw'), get('dw'))))}
              ${set('row', add(get('x'), mul(konst(4), add(add(mul(add(mul(get('b'), get('H')), get('ih')), mul(get('W'), get('C'))), mul(get('iw'), get('C'))), get('c')))))}
              ${loop(`(i32.lt_u ${get('e')} ${get('OW')})`,
                `(f32.store ${get('o')} (if (result f32) (i32.lt_u ${get('iw')} ${get('W')}) (then (f32.load ${get('row')})) (else (f32.const 0))))`,
                inc('o', konst(4)), inc('e'), inc('iw', get('sw')), inc('row', get('step')))}))`,
            inc('oh')),
          inc('b')),
        inc('c')),
      inc('fw')),
    inc('fh'))})`;
}

/** The module's text form. */
export function matmulWat() {
  return `(module
(import "env" "memory" (memory 1))
${[tile(), gemm(), block(4), block(1), atbAdd(), patchesT()].join('\n')})
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wat = matmulWat();
  if (process.argv.includes('--wat')) {
    process.stdout.write(wat);
  } else {
    const bytes = await compileWat(wat);
    const hex = Buffer.from(bytes).toString('hex');
    const lines = hex.match(/.{1,100}/g).map((l) => `  '${l}'`).join(' +\n');
    const out = fileURLToPath(new URL('../src/simd/matmul-wasm.ts', import.meta.url));
    writeFileSync(out, `// Generated by scripts/build-matmul-simd.mjs (${bytes.length} bytes); do not edit.
/** The compiled matrix-product module, hex. */
export const MATMUL_WASM_HEX =
${lines};
`);
    console.log(`wrote src/simd/matmul-wasm.ts: ${bytes.length} bytes`);
  }
}
