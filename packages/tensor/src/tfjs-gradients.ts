/**
 * Every gradient of tfjs-core, registered once, in bundles: tfjs-core's own
 * `dist/register_all_gradients.js`, which a bundler resolves alongside the
 * rest of tfjs-core's modules (one copy of each). The main entry imports this
 * file as `#gradients` (package.json "imports") everywhere but Node, which
 * gets gradients.ts (see there). Kept a file of its own, rather than an
 * "imports" target naming tfjs-core directly, so that dependency scanners
 * (Vite's) see the import.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
