/**
 * Every gradient of tfjs-core, registered once, for Node: tfjs-core's
 * gradient files are ESM without a `"type": "module"` package (Node cannot load
 * them) and its Node build has none, so this file inlines them, rewired onto
 * tfjs-core's public API (tfjs-grad-shim.mjs). The main entry imports it as
 * `#gradients` (package.json "imports"): this file under the `node` condition;
 * elsewhere (browser bundles) tfjs-gradients.ts, tfjs-core's own
 * `dist/register_all_gradients.js`, which shares tfjs-core's modules with the
 * rest of the bundle instead of going through the public API's namespaces
 * (about 2 KB brotli smaller).
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
