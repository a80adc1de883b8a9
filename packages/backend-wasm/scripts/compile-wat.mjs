// WAT text to wasm bytes with wabt (a devDependency), SIMD enabled.
import wabtInit from 'wabt';

/** The binary of the module `source` (WebAssembly text), as a Uint8Array. */
export async function compileWat(source) {
  const wabt = await wabtInit();
  const module = wabt.parseWat('kernels.wat', source, { simd: true });
  try {
    module.validate();
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}
