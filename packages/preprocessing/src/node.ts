// @dl/preprocessing/node: the Node-only part (it reads files): datasets from directories.
export { textDatasetFromDirectory, type TextDirectoryOptions } from './node/text-dataset';
export { imageDatasetFromDirectory, type ImageDirectoryOptions } from './node/image-dataset';
export type { DirectoryBatch, DirectoryDataset } from './node/directory-dataset';
export type { DirectoryOptions } from './node/index-directory';
