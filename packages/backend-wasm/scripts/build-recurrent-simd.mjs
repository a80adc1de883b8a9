// Builds src/simd/recurrent-wasm.ts, the WebAssembly SIMD modules of the
// fused recurrent kernels' step math, one for LSTM and one for GRU and
// SimpleRNN (loaded by src/simd/recurrent.ts on the wasm backend's own
// memory, like kernels.wat). Their text form is written by the helpers below
// rather than by hand: the gates' exp, sigmoid and tanh are
// inlined at every use (no calls, so the engine keeps values in registers),
// which makes the text long and repetitive. Assembled with compile-wat.mjs.
//
//   node packages/backend-wasm/scripts/build-recurrent-simd.mjs        # regenerate
//   node packages/backend-wasm/scripts/build-recurrent-simd.mjs --wat  # print the text form
//
// Pointers and strides are in bytes. The functions work on 4 floats at a time
// (f32x4), so rows must hold a multiple of 4 units. Each module stays under
// 4 KB, the most a browser compiles synchronously on its main thread.
// src/simd/recurrent.test.ts checks the committed bytes are this script's.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileWat } from './compile-wat.mjs';

const out = fileURLToPath(new URL('../src/simd/recurrent-wasm.ts', import.meta.url));

/** A function under construction: parameters, locals, and the statements of the current body. */
class Fn {
  constructor(name, params) {
    this.name = name;
    this.params = params;
    this.locals = [];
    this.body = [];
    this.count = 0;
  }
  /** A new local of `type` set to `expr`; returns the expression that reads it. */
  let(expr, type = 'v128') {
    const name = `$t${this.count++}`;
    this.locals.push(`(local ${name} ${type})`);
    this.body.push(`(local.set ${name} ${expr})`);
    return `(local.get ${name})`;
  }
  /** A named local (declared once). */
  declare(name, type = 'i32') {
    this.locals.push(`(local $${name} ${type})`);
    return `(local.get $${name})`;
  }
  emit(...statements) {
    this.body.push(...statements);
  }
  text() {
    const params = this.params.map((p) => `(param $${p} i32)`).join(' ');
    return `(func (export "${this.name}") ${params}\n  ${this.locals.join(' ')}\n  ${this.body.join('\n  ')})`;
  }
}

const get = (name) => `(local.get $${name})`;
const set = (name, expr) => `(local.set $${name} ${expr})`;
const i32 = (op, a, b) => `(i32.${op} ${a} ${b})`;
const konst = (v) => `(i32.const ${v})`;
const splat = (v) => `(v128.const f32x4 ${v} ${v} ${v} ${v})`;
const f4 = (op, ...args) => `(f32x4.${op} ${args.join(' ')})`;
const add = (...xs) => xs.reduce((a, b) => f4('add', a, b));
const mul = (...xs) => xs.reduce((a, b) => f4('mul', a, b));
const sub = (a, b) => f4('sub', a, b);
const ONE = splat(1);
/** The vector at byte address `base + o` (o: the loop's byte offset in the row). */
const at = (base) => i32('add', get(base), get('o'));
const load = (base) => `(v128.load ${at(base)})`;
const store = (base, expr) => `(v128.store ${at(base)} ${expr})`;

/**
 * e^x for 4 floats (Cephes' expf: x = k·ln 2 + r, |r| ≤ ln 2 / 2, a degree-7
 * polynomial for e^r, 2^k added to the exponent bits; about 1 ulp). x is
 * clamped to [-86, 88.3] so 2^k stays a normal float: e^x is then 4e-38 for
 * x below -86 (exactly 0 is below float32's normal range anyway) and 2e38
 * above 88.3, which 1/(1 + e^x) and 1 − 2/(1 + e^x) turn into 0 or ±1.
 * k is rounded by adding 1.5·2^23 (its bits then hold k in the low mantissa
 * bits, which shift straight into the exponent field).
 */
function exp(f, x) {
  const v = f.let(f4('pmin', splat(88.3), f4('pmax', splat(-86), x)));
  const shifted = f.let(add(mul(v, splat(1.4426950408889634)), splat(12582912)));
  const k = f.let(sub(shifted, splat(12582912)));
  const r = f.let(sub(sub(v, mul(k, splat(0.693359375))), mul(k, splat(-2.12194440e-4))));
  // 1 + r + r²·(c0 + c1·r + c2·r² + c3·r³ + c4·r⁴ + c5·r⁵), the polynomial in Estrin's form (shorter dependency chains than Horner's).
  const [c5, c4, c3, c2, c1, c0] = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1].map(splat);
  const r2 = f.let(mul(r, r));
  const pair = (lo, hi) => add(lo, mul(hi, r));
  const p = add(pair(c0, c1), mul(r2, add(pair(c2, c3), mul(r2, pair(c4, c5)))));
  const y = add(mul(p, r2), r, ONE);
  return `(i32x4.add ${y} (i32x4.shl ${shifted} (i32.const 23)))`;
}

/** 1 / (1 + e^-x). */
function sigmoid(f, x) {
  return f.let(f4('div', ONE, add(ONE, exp(f, f4('neg', x)))));
}

/** tanh(x): 1 − 2 / (1 + e^2x), and its Taylor polynomial to x⁷ below |x| = 0.1 (no cancellation there). */
function tanh(f, x) {
  const v = f.let(x);
  const large = sub(ONE, f4('div', splat(2), add(ONE, exp(f, add(v, v)))));
  const v2 = f.let(mul(v, v));
  let p = splat(-17 / 315);
  for (const c of [2 / 15, -1 / 3]) p = add(mul(p, v2), splat(c));
  const small = add(v, mul(v, v2, p));
  return f.let(`(v128.bitselect ${small} ${large} ${f4('lt', f4('abs', v), splat(0.1))})`);
}

/**
 * Wraps `body` in loops over the rows b < batch and the byte offsets
 * o < units·4 (step 16) of each row; `rowSetup` sets the row's base pointers.
 */
function rowsLoop(f, rowSetup, body) {
  f.declare('b');
  f.declare('o');
  f.declare('u4');
  f.emit(set('u4', i32('shl', get('units'), konst(2))), set('b', konst(0)));
  f.emit('(block $rows (loop $row', `(br_if $rows (i32.ge_u ${get('b')} ${get('batch')}))`);
  rowSetup();
  f.emit(set('o', konst(0)), '(block $cols (loop $col', `(br_if $cols (i32.ge_u ${get('o')} ${get('u4')}))`);
  body();
  f.emit(set('o', i32('add', get('o'), konst(16))), '(br $col)))');
  f.emit(set('b', i32('add', get('b'), konst(1))), '(br $row)))');
}

/** Sets `name` to `base + b·stride + block·units·4` (a row's block pointer). */
function rowPointer(f, name, base, stride, block = 0) {
  f.declare(name);
  const row = i32('add', get(base), i32('mul', get('b'), stride));
  f.emit(set(name, block === 0 ? row : i32('add', row, i32('mul', get('u4'), konst(block)))));
}

/**
 * LSTM forward step over every row: z = x + bias + p (gates i, f, g, o),
 * c = σ(f)·cPrev + σ(i)·tanh(g), h = σ(o)·tanh(c); h to hNext (contiguous)
 * and the sequence row, and i, f, g, o, c, tanh(c) to the cache row.
 */
function lstmForward() {
  const f = new Fn('lstmForward', ['batch', 'units', 'x', 'xStride', 'bias', 'p', 'cPrev', 'cPrevStride', 'hNext', 'seq', 'seqStride', 'cache', 'cacheStride']);
  const gateRows = () => {
    for (let g = 0; g < 4; g++) {
      rowPointer(f, `x${g}`, 'x', get('xStride'), g);
      rowPointer(f, `p${g}`, 'p', i32('shl', get('u4'), konst(2)), g);
      f.declare(`b${g}`);
      f.emit(set(`b${g}`, g === 0 ? get('bias') : i32('add', get('bias'), i32('mul', get('u4'), konst(g)))));
    }
  };
  rowsLoop(f, () => {
    // The bias blocks' pointers are row-independent but are re-derived with the others for simplicity.
    gateRows();
    rowPointer(f, 'c', 'cPrev', get('cPrevStride'));
    rowPointer(f, 'h', 'hNext', get('u4'));
    rowPointer(f, 's', 'seq', get('seqStride'));
    for (let k = 0; k < 6; k++) rowPointer(f, `k${k}`, 'cache', get('cacheStride'), k);
  }, () => {
    const z = [0, 1, 2, 3].map((g) => add(load(`x${g}`), load(`b${g}`), load(`p${g}`)));
    const i = sigmoid(f, z[0]);
    const fg = sigmoid(f, z[1]);
    const g = tanh(f, z[2]);
    const o = sigmoid(f, z[3]);
    const c = f.let(add(mul(fg, load('c')), mul(i, g)));
    const tc = tanh(f, c);
    const h = f.let(mul(o, tc));
    f.emit(store('h', h), store('s', h));
    [i, fg, g, o, c, tc].forEach((v, k) => f.emit(store(`k${k}`, v)));
  });
  return f.text();
}

/**
 * LSTM backward step over every row, from the cache row: with
 * dh = dhIn + dSeq (the gradient reaching h) and dc = dcIn + dh·o·(1 − tanh²c),
 * the gate pre-activation gradients di, df, dg, do go to the dx row and the
 * contiguous dp, dc·f to dcOut, and each is added to dBias.
 */
function lstmBackward() {
  const f = new Fn('lstmBackward', ['batch', 'units', 'dh', 'dSeq', 'dSeqStride', 'dcIn', 'dcOut', 'cPrev', 'cPrevStride', 'cache', 'cacheStride', 'dx', 'dxStride', 'dp', 'dBias']);
  rowsLoop(f, () => {
    rowPointer(f, 'dh0', 'dh', get('u4'));
    rowPointer(f, 'ds', 'dSeq', get('dSeqStride'));
    rowPointer(f, 'dci', 'dcIn', get('u4'));
    rowPointer(f, 'dco', 'dcOut', get('u4'));
    rowPointer(f, 'cp', 'cPrev', get('cPrevStride'));
    for (const k of [0, 1, 2, 3, 5]) rowPointer(f, `k${k}`, 'cache', get('cacheStride'), k);
    for (let g = 0; g < 4; g++) {
      rowPointer(f, `dx${g}`, 'dx', get('dxStride'), g);
      rowPointer(f, `dp${g}`, 'dp', i32('shl', get('u4'), konst(2)), g);
      f.declare(`db${g}`);
      f.emit(set(`db${g}`, g === 0 ? get('dBias') : i32('add', get('dBias'), i32('mul', get('u4'), konst(g)))));
    }
  }, () => {
    const [i, fg, g, o, tc] = [0, 1, 2, 3, 5].map((k) => f.let(load(`k${k}`)));
    const dh = f.let(add(load('dh0'), load('ds')));
    const dc = f.let(add(load('dci'), mul(dh, o, sub(ONE, mul(tc, tc)))));
    const grads = [
      mul(dc, g, i, sub(ONE, i)),
      mul(dc, load('cp'), fg, sub(ONE, fg)),
      mul(dc, i, sub(ONE, mul(g, g))),
      mul(dh, tc, o, sub(ONE, o)),
    ].map((e) => f.let(e));
    grads.forEach((d, k) => f.emit(store(`dx${k}`, d), store(`dp${k}`, d), store(`db${k}`, add(load(`db${k}`), d))));
    f.emit(store('dco', mul(dc, fg)));
  });
  return f.text();
}

/** Pointers `${prefix}0..` to the gate blocks of `base`'s row (row stride `stride`; null: the same row for every b). */
function blocks(f, prefix, base, stride, count) {
  for (let g = 0; g < count; g++) {
    if (stride === null) {
      f.declare(`${prefix}${g}`);
      f.emit(set(`${prefix}${g}`, g === 0 ? get(base) : i32('add', get(base), i32('mul', get('u4'), konst(g)))));
    } else {
      rowPointer(f, `${prefix}${g}`, base, stride, g);
    }
  }
}

/** The stride of a contiguous (batch, gates·units) row: gates·units·4 bytes. */
const contiguous = (gates) => i32('mul', get('u4'), konst(gates));

/**
 * GRU (reset after) forward step over every row: with r_h = p + recurrentBias,
 * z = σ(x_z + b_z + r_z), r = σ(x_r + b_r + r_r), ĥ = tanh(x_h + b_h + r·r_h),
 * h' = z·h + (1 − z)·ĥ to hNext and the sequence row; z, r, ĥ, r_h (its h
 * block) to the cache row.
 */
function gruForward() {
  const f = new Fn('gruForward', ['batch', 'units', 'x', 'xStride', 'bias', 'recurrentBias', 'p', 'h', 'hNext', 'seq', 'seqStride', 'cache', 'cacheStride']);
  rowsLoop(f, () => {
    blocks(f, 'x', 'x', get('xStride'), 3);
    blocks(f, 'p', 'p', contiguous(3), 3);
    blocks(f, 'b', 'bias', null, 3);
    blocks(f, 'rb', 'recurrentBias', null, 3);
    rowPointer(f, 'hp', 'h', get('u4'));
    rowPointer(f, 'hn', 'hNext', get('u4'));
    rowPointer(f, 's', 'seq', get('seqStride'));
    blocks(f, 'k', 'cache', get('cacheStride'), 4);
  }, () => {
    const z = sigmoid(f, add(load('x0'), load('b0'), add(load('p0'), load('rb0'))));
    const r = sigmoid(f, add(load('x1'), load('b1'), add(load('p1'), load('rb1'))));
    const ph = f.let(add(load('p2'), load('rb2')));
    const candidate = tanh(f, add(load('x2'), load('b2'), mul(r, ph)));
    const h = f.let(add(mul(z, load('hp')), mul(sub(ONE, z), candidate)));
    f.emit(store('hn', h), store('s', h));
    [z, r, candidate, ph].forEach((v, k) => f.emit(store(`k${k}`, v)));
  });
  return f.text();
}

/**
 * GRU backward step over every row, from the cache row and the previous h:
 * with dh = dhIn + dSeq, the pre-activation gradients dz, dr, dĥ go to the
 * dx row and dBias, the recurrent product's (dz, dr, dĥ·r) to the contiguous
 * dp and dRecurrentBias, and dh·z (the part reaching the previous h
 * directly) to dhDirect.
 */
function gruBackward() {
  const f = new Fn('gruBackward', ['batch', 'units', 'dh', 'dSeq', 'dSeqStride', 'hPrev', 'hPrevStride', 'cache', 'cacheStride',
    'dx', 'dxStride', 'dp', 'dhDirect', 'dBias', 'dRecurrentBias']);
  rowsLoop(f, () => {
    rowPointer(f, 'dh0', 'dh', get('u4'));
    rowPointer(f, 'ds', 'dSeq', get('dSeqStride'));
    rowPointer(f, 'hp', 'hPrev', get('hPrevStride'));
    rowPointer(f, 'dd', 'dhDirect', get('u4'));
    blocks(f, 'k', 'cache', get('cacheStride'), 4);
    blocks(f, 'dx', 'dx', get('dxStride'), 3);
    blocks(f, 'dp', 'dp', contiguous(3), 3);
    blocks(f, 'db', 'dBias', null, 3);
    blocks(f, 'dr', 'dRecurrentBias', null, 3);
  }, () => {
    const [z, r, candidate, ph] = [0, 1, 2, 3].map((k) => f.let(load(`k${k}`)));
    const dh = f.let(add(load('dh0'), load('ds')));
    const da = f.let(mul(dh, sub(ONE, z), sub(ONE, mul(candidate, candidate))));
    const dz = f.let(mul(dh, sub(load('hp'), candidate), z, sub(ONE, z)));
    const dr = f.let(mul(da, ph, r, sub(ONE, r)));
    const dah = f.let(mul(da, r));
    [dz, dr, da].forEach((d, k) => f.emit(store(`dx${k}`, d), store(`db${k}`, add(load(`db${k}`), d))));
    [dz, dr, dah].forEach((d, k) => f.emit(store(`dp${k}`, d), store(`dr${k}`, add(load(`dr${k}`), d))));
    f.emit(store('dd', mul(dh, z)));
  });
  return f.text();
}

/** SimpleRNN forward step over every row: h' = tanh(x + bias + p) to hNext and the sequence row. */
function simpleForward() {
  const f = new Fn('simpleForward', ['batch', 'units', 'x', 'xStride', 'bias', 'p', 'hNext', 'seq', 'seqStride']);
  rowsLoop(f, () => {
    rowPointer(f, 'x0', 'x', get('xStride'));
    rowPointer(f, 'p0', 'p', get('u4'));
    blocks(f, 'b', 'bias', null, 1);
    rowPointer(f, 'hn', 'hNext', get('u4'));
    rowPointer(f, 's', 'seq', get('seqStride'));
  }, () => {
    const h = tanh(f, add(load('x0'), load('b0'), load('p0')));
    f.emit(store('hn', h), store('s', h));
  });
  return f.text();
}

/** SimpleRNN backward step over every row: da = (dhIn + dSeq)·(1 − h²) to the dx row, the contiguous dp and dBias. */
function simpleBackward() {
  const f = new Fn('simpleBackward', ['batch', 'units', 'dh', 'dSeq', 'dSeqStride', 'h', 'hStride', 'dx', 'dxStride', 'dp', 'dBias']);
  rowsLoop(f, () => {
    rowPointer(f, 'dh0', 'dh', get('u4'));
    rowPointer(f, 'ds', 'dSeq', get('dSeqStride'));
    rowPointer(f, 'y', 'h', get('hStride'));
    rowPointer(f, 'dx0', 'dx', get('dxStride'));
    rowPointer(f, 'dp0', 'dp', get('u4'));
    blocks(f, 'db', 'dBias', null, 1);
  }, () => {
    const y = f.let(load('y'));
    const da = f.let(mul(add(load('dh0'), load('ds')), sub(ONE, mul(y, y))));
    f.emit(store('dx0', da), store('dp0', da), store('db0', add(load('db0'), da)));
  });
  return f.text();
}

const memory = '(import "env" "memory" (memory 1))';

/** The modules' text forms: LSTM's, and GRU's with SimpleRNN's (each under 4 KB compiled). */
export function recurrentWats() {
  return {
    lstm: `(module\n${memory}\n${lstmForward()}\n${lstmBackward()}\n)\n`,
    gruSimple: `(module\n${memory}\n${gruForward()}\n${gruBackward()}\n${simpleForward()}\n${simpleBackward()}\n)\n`,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wats = recurrentWats();
  if (process.argv.includes('--wat')) {
    process.stdout.write(Object.values(wats).join('\n'));
  } else {
    const parts = [];
    for (const [name, text] of Object.entries(wats)) {
      const bytes = await compileWat(text);
      const lines = Buffer.from(bytes).toString('hex').match(/.{1,100}/g).map((l) => `  '${l}'`).join(' +\n');
      const constant = name === 'lstm' ? 'LSTM_WASM_HEX' : 'GRU_SIMPLE_WASM_HEX';
      parts.push(`/** The ${name === 'lstm' ? 'LSTM' : 'GRU and SimpleRNN'} step math module (${bytes.length} bytes), hex. */\nexport const ${constant} =\n${lines};\n`);
      console.log(`${name}: ${bytes.length} bytes`);
    }
    writeFileSync(out, `// Generated by scripts/build-recurrent-simd.mjs; do not edit.\n${parts.join('\n')}`);
  }
}
