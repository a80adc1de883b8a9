// Prints the Node GPU adapter dl would use (`{"adapter":"mesa software"}`), or why there is none.
const dl = await import('@dl/tensor');
await import('@dl/backend-node-gpu/register');
try {
  await dl.setBackend('node-gpu');
  const info = dl.backend().adapterInfo;
  process.stdout.write(`${JSON.stringify({ status: 'ok', adapter: `${info?.vendor ?? '?'} ${info?.architecture ?? '?'}`, software: info?.architecture === 'software' })}\n`);
} catch (e) {
  process.stdout.write(`${JSON.stringify({ status: 'unavailable', reason: String(e.message ?? e).split('\n')[0] })}\n`);
}
process.exit(0);
