// The package's own `#` imports (package.json "imports"), side effects only: every gradient
// (`#gradients`, imported by index.ts) and the spatial ops' gradients (`#spatial-gradients`,
// imported by setBackend); gradients.ts in Node, tfjs-core's gradient files in bundles.
declare module '#gradients';
declare module '#spatial-gradients';
