// @dl/models: Keras 3's models over @dl/layers, trained with @dl/losses,
// @dl/metrics, @dl/optimizers and @dl/callbacks.
export { Model, type ModelArgs } from './model';
export { Sequential, type SequentialArgs } from './sequential';
export type { CompileArgs, Compiled, LossIdentifier, MetricIdentifier } from './compile';
export type { Batch, Dataset, DatasetElement, TensorData } from './data';
export type { EvaluateArgs, FitArgs, PredictArgs, Verbose } from './training';
export type { SummaryOptions } from './summary';
export { saveModel, modelToJSON, type SaveOptions } from './saving';
export { cloneModel, loadModel, loadModelFile, modelFromJSON, type LoadOptions } from './loading';
export { loadTfjsModel, loadTfjsModelFile, type TfjsModelJSON } from './tfjs';
export { modelToDot, plotModel, type PlotOptions } from './plot';
export {
  INDEXEDDB_DATABASE, deleteFromIndexedDB, downloadModel, listIndexedDB, loadFromIndexedDB, loadModelFromFile, saveToIndexedDB,
  type IndexedDBSaveOptions, type StoredModelInfo,
} from './browser-storage';
