/**
 * @dl/io/node: the Node-only half of @dl/io: a verified, resumable, cached downloader
 * (Keras' `get_file`), safe archive extraction and atomic file writes.
 */
export { fsyncDir, writeFileAtomic } from './node/atomic';
export { extractArchive, UnsafeArchiveError, type ExtractOptions } from './node/extract';
export { dlHome, getFile, hashFile, type GetFileOptions } from './node/get-file';
