// The bundles' two gradient lists (tfjs-gradients.ts, tfjs-spatial-gradients.ts) against
// tfjs-core 4.22.0's register_all_gradients.js: together exactly its gradient files, each once.
// (Read as text: those files are tfjs-core's ESM build, which Node does not load.)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist');
const files = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[1]!);
const ours = (file: string) =>
  files(readFileSync(new URL(file, import.meta.url), 'utf8'), /^import \{ \w+ \} from '@tensorflow\/tfjs-core\/dist\/gradients\/(\w+)_grad\.js';$/gm);

it('core and spatial gradients are register_all_gradients.js\' gradients, each once', () => {
  const all = files(readFileSync(path.join(dist, 'register_all_gradients.js'), 'utf8'), /^import \{ \w+ \} from '\.\/gradients\/(\w+)_grad';$/gm);
  expect(all.length).toBe(101);
  const core = ours('./tfjs-gradients.ts');
  const spatial = ours('./tfjs-spatial-gradients.ts');
  expect(spatial.sort()).toEqual(['AvgPool', 'AvgPool3D', 'Conv2D', 'Conv2DBackpropInput', 'Conv3D', 'DepthwiseConv2dNative', 'Dilation2D', 'LRN',
    'MaxPool', 'MaxPool3D', 'ResizeBilinear', 'ResizeNearestNeighbor']);
  expect([...core, ...spatial].sort()).toEqual([...all].sort());
});
