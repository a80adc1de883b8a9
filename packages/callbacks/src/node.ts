/**
 * @dl/callbacks/node: the callbacks that write files (Node only).
 *
 * @example
 * ```ts
 * import { BackupAndRestore, CSVLogger, TensorBoard } from '@dl/callbacks/node';
 * ```
 * @packageDocumentation
 */
export { BackupAndRestore, BACKUP_FILE, type BackupAndRestoreOptions } from './node/backup-and-restore';
export { CSVLogger, type CSVLoggerOptions } from './node/csv-logger';
export { TensorBoard, type TensorBoardOptions } from './node/tensorboard';
