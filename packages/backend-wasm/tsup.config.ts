import { dlTsup } from '../../tsup.shared';

// tfjs-wasm.ts is the browser side of the provider's `#tfjs-wasm` import (package.json "imports").
export default dlTsup({
  entry: { index: 'src/index.ts', register: 'src/register.ts', 'dense/register': 'src/dense/register.ts', 'tfjs-wasm': 'src/tfjs-wasm.ts' },
  external: ['#tfjs-wasm'],
});
