// The conformance suite in Node: cpu (the reference checked against itself),
// wasm, and node-gpu (WebGPU on Dawn).
import '@dl/backend-wasm/register';
import '@dl/backend-node-gpu/register';
import { conformanceSuite } from './suite';

conformanceSuite('node', ['cpu', 'wasm', 'node-gpu']);
