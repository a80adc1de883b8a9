import { dlTsup } from '../../tsup.shared';
import { tfjsGradShim } from './tfjs-grad-shim.mjs';

export default dlTsup({
  external: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu'],
  noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
  esbuildPlugins: [tfjsGradShim()],
});
