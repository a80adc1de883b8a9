// The conformance suite in headless Chromium: wasm (SIMD), webgl (WebGL2) and
// webgpu, each against cpu. tests/setup/browser.ts sets the wasm paths.
import '@dl/backend-wasm/register';
import '@dl/backend-webgl/register';
import '@dl/backend-webgpu/register';
import { conformanceSuite } from './suite';

conformanceSuite('browser', ['wasm', 'webgl', 'webgpu']);
