/**
 * The safetensors codec that saving and loading use, built as a file of its
 * own (dist/codec.js, not an export of the package) and imported only when a
 * model is saved or loaded: a browser bundle of an app that never does keeps
 * @dl/io out of what it loads (a lazy chunk), and an app that does gets only
 * the safetensors code of @dl/io.
 */
export { decodeSafetensors, encodeSafetensors } from '@dl/io';
