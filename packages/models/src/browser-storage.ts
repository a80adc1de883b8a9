// Browser storage targets for saved models: IndexedDB, a file download, and a
// user-picked file. The bytes are the one safetensors file of `saveModel`.
import { ConfigError, describeValue } from '@dl/tensor';
import { loadModel, type LoadOptions } from './loading';
import { saveModel, type SaveOptions } from './saving';
import type { Model } from './model';

/** The IndexedDB database that holds saved models. */
export const INDEXEDDB_DATABASE = 'dl-models';
/** Its one object store, keyed by `key`. */
const STORE = 'models';

/** Options of `saveToIndexedDB` (the bytes are `saveModel`'s). */
export type IndexedDBSaveOptions = Pick<SaveOptions, 'includeOptimizer'>;

/** What `listIndexedDB` tells about one saved model. */
export interface StoredModelInfo {
  /** The key it was saved under. */
  key: string;
  /** When it was saved (milliseconds since the epoch, `Date.now()`). */
  savedAt: number;
  /** Its size in bytes. */
  size: number;
}

/** A record of the object store. */
interface StoredModel extends StoredModelInfo {
  bytes: Uint8Array;
}

function idbFactory(what: string): IDBFactory {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined) {
    throw new ConfigError(`Cannot ${what}: IndexedDB is a browser API and \`indexedDB\` is not defined here (Node?); in Node, save to a file with \`model.save(path)\` and load it with \`loadModelFile(path)\`.`);
  }
  return factory;
}

function checkKey(key: unknown, fn: string): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new ConfigError(`Invalid \`key\` for ${fn}: expected a non-empty string, received ${describeValue(key)}.`);
  }
}

/** A request's result, or its error. */
function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Opens the database, creating its store on first use. */
function openDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(INDEXEDDB_DATABASE, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'key' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new ConfigError(`Cannot open IndexedDB database "${INDEXEDDB_DATABASE}": another tab holds an older version open; close it and retry.`));
  });
}

/**
 * Runs `body` in one transaction on the store and resolves with its result
 * once the transaction commits (rejects if it aborts: nothing is written).
 */
async function withStore<T>(what: string, mode: IDBTransactionMode, body: (store: IDBObjectStore) => Promise<T>): Promise<T> {
  const db = await openDatabase(idbFactory(what));
  try {
    const tx = db.transaction(STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new ConfigError(`Cannot ${what}: the IndexedDB transaction was aborted.`));
      tx.onerror = () => reject(tx.error);
    });
    // Keep `done` from reporting an unhandled rejection while `body` runs.
    done.catch(() => undefined);
    const result = await body(tx.objectStore(STORE));
    await done;
    return result;
  } finally {
    db.close();
  }
}

/** The keys in the store, sorted. */
async function storedKeys(store: IDBObjectStore): Promise<string[]> {
  return ((await request(store.getAllKeys())) as string[]).sort();
}

function formatKeys(keys: string[]): string {
  return keys.length === 0 ? 'none' : keys.map((k) => `"${k}"`).join(', ');
}

/**
 * Saves the model (config, weights, compile arguments and, unless
 * `includeOptimizer: false`, the optimizer's state) to the browser's
 * IndexedDB, in the database `dl-models`, under `key`. The bytes are those
 * of `model.save()`, written with one `put` in one transaction: a save that
 * fails leaves the model saved before under the same key, and a new save
 * replaces it.
 *
 * @param model The model to save.
 * @param key The name to save it under (a non-empty string).
 * @param options `includeOptimizer` (default true).
 * @returns What was stored: key, time (`Date.now()`) and size in bytes.
 * @throws ConfigError for an empty key, or where IndexedDB does not exist (Node).
 * @example
 * ```ts
 * await saveToIndexedDB(model, 'mnist-mlp');
 * const again = await loadFromIndexedDB('mnist-mlp');
 * ```
 */
export async function saveToIndexedDB(model: Model, key: string, options: IndexedDBSaveOptions = {}): Promise<StoredModelInfo> {
  checkKey(key, 'saveToIndexedDB');
  idbFactory(`save "${key}" to IndexedDB`);
  const encoded = await saveModel(model, options);
  // Store a buffer of exactly these bytes (a view would clone its whole buffer).
  const bytes = encoded.byteOffset === 0 && encoded.byteLength === encoded.buffer.byteLength ? encoded : encoded.slice();
  const record: StoredModel = { key, bytes, savedAt: Date.now(), size: bytes.byteLength };
  await withStore(`save "${key}" to IndexedDB`, 'readwrite', (store) => request(store.put(record)));
  return { key, savedAt: record.savedAt, size: record.size };
}

/**
 * Loads a model saved by `saveToIndexedDB`: rebuilt from its config, its
 * weights loaded strictly, compiled again with its optimizer state when they
 * were saved (as `loadModel`).
 *
 * @param key The name it was saved under.
 * @param options `loadModel`'s options (`registry`, `compile`).
 * @throws ConfigError naming the key and listing the stored keys when nothing is saved under `key`; ConfigError where IndexedDB does not exist (Node); FormatError for a stored value that is not a dl model.
 * @example
 * ```ts
 * const model = await loadFromIndexedDB('mnist-mlp');
 * model.predict(x);
 * ```
 */
export async function loadFromIndexedDB(key: string, options: LoadOptions = {}): Promise<Model> {
  checkKey(key, 'loadFromIndexedDB');
  const what = `load "${key}" from IndexedDB`;
  const { record, keys } = await withStore(what, 'readonly', async (store) => {
    const found = (await request(store.get(key))) as StoredModel | undefined;
    return { record: found, keys: found === undefined ? await storedKeys(store) : [] };
  });
  if (record === undefined) {
    throw new ConfigError(`Cannot ${what}: no model is saved under \`key\` "${key}" in database "${INDEXEDDB_DATABASE}"; stored keys: ${formatKeys(keys)}.`);
  }
  return loadModel(record.bytes, options, `IndexedDB "${key}"`);
}

/**
 * Deletes the model saved under `key` in IndexedDB.
 *
 * @returns true when a model was saved under `key`, false when there was none.
 * @throws ConfigError where IndexedDB does not exist (Node).
 * @example
 * ```ts
 * await deleteFromIndexedDB('mnist-mlp');
 * ```
 */
export async function deleteFromIndexedDB(key: string): Promise<boolean> {
  checkKey(key, 'deleteFromIndexedDB');
  return withStore(`delete "${key}" from IndexedDB`, 'readwrite', async (store) => {
    const existed = (await request(store.count(key))) > 0;
    await request(store.delete(key));
    return existed;
  });
}

/**
 * The models saved in IndexedDB (key, save time and size), sorted by key.
 * Reads one record at a time, so listing never holds every model's bytes.
 *
 * @throws ConfigError where IndexedDB does not exist (Node).
 * @example
 * ```ts
 * for (const { key, size } of await listIndexedDB()) console.log(key, size);
 * ```
 */
export async function listIndexedDB(): Promise<StoredModelInfo[]> {
  return withStore('list the models in IndexedDB', 'readonly', (store) => new Promise<StoredModelInfo[]>((resolve, reject) => {
    const out: StoredModelInfo[] = [];
    const req = store.openCursor();
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const cursor = req.result;
      if (cursor === null) {
        resolve(out);
        return;
      }
      const { key, savedAt, size } = cursor.value as StoredModel;
      out.push({ key, savedAt, size });
      cursor.continue();
    };
  }));
}

/**
 * Saves the model (as `model.save()`) and has the browser download it as
 * `filename`: it makes a Blob, and clicks a temporary `<a download>` link.
 * `loadModelFromFile` reads the file back (from an `<input type="file">`).
 *
 * @param model The model to save (config, weights, compile arguments, optimizer state).
 * @param filename The download's file name. Default `model.safetensors`.
 * @returns The Blob that was offered for download.
 * @throws ConfigError without a DOM (`document`; in Node, use `model.save(path)`), or for an empty filename.
 * @example
 * ```ts
 * button.onclick = () => downloadModel(model, 'mnist.safetensors');
 * ```
 */
export async function downloadModel(model: Model, filename = 'model.safetensors'): Promise<Blob> {
  if (typeof filename !== 'string' || filename.length === 0) {
    throw new ConfigError(`Invalid \`filename\` for downloadModel: expected a non-empty string, received ${describeValue(filename)}.`);
  }
  const doc = (globalThis as { document?: Document }).document;
  if (doc === undefined) {
    throw new ConfigError(`Cannot download "${filename}": downloadModel needs a browser page (\`document\` is not defined here); in Node, use \`model.save(path)\`.`);
  }
  // saveModel's bytes live in a fresh ArrayBuffer (never a SharedArrayBuffer).
  const bytes = (await saveModel(model)) as Uint8Array<ArrayBuffer>;
  const blob = new Blob([bytes], { type: 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  doc.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Revoke after the click has been handled (revoking at once can cancel the download in some browsers).
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
  return blob;
}

/**
 * Loads a model from a Blob or File holding `model.save()`'s bytes: a file
 * the user picked in an `<input type="file">`, a fetched response's
 * `blob()`, or the Blob of `downloadModel`. Works in Node 20 too (`Blob`).
 *
 * @param file The Blob or File.
 * @param options `loadModel`'s options (`registry`, `compile`).
 * @throws ConfigError when `file` is not a Blob; FormatError (naming the file) for bytes that are not a dl model.
 * @example
 * ```ts
 * input.onchange = async () => {
 *   const model = await loadModelFromFile(input.files![0]!);
 * };
 * ```
 */
export async function loadModelFromFile(file: Blob | File, options: LoadOptions = {}): Promise<Model> {
  if (file === null || typeof file !== 'object' || typeof (file as Blob).arrayBuffer !== 'function') {
    throw new ConfigError(`Invalid \`file\` for loadModelFromFile: expected a Blob or File, received ${describeValue(file)}.`);
  }
  const name = (file as { name?: unknown }).name;
  const source = typeof name === 'string' && name.length > 0 ? `"${name}"` : 'Blob';
  return loadModel(new Uint8Array(await file.arrayBuffer()), options, source);
}
