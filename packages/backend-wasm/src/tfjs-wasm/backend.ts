/**
 * @license
 * Copyright 2019 Google LLC. All Rights Reserved.
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 * http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 * =============================================================================
 *
 * tfjs-backend-wasm 4.22.0's backend (dist/backend_wasm.js and dist/base.js),
 * adapted by dl to the single-threaded build only. The provider loads it in
 * browser bundles (through tfjs-wasm-dense.ts, the package's `#tfjs-wasm` and
 * `#tfjs-wasm-dense` imports; Node loads @tensorflow/tfjs-backend-wasm
 * itself): tfjs-backend-wasm's own entry always imports its multithreaded glue
 * and worker source (~36 KB minified), which dl never runs. Changes from the
 * original: no threaded build (no `mainScriptUrlOrBlob`, worker blob,
 * `PThread`), no deprecated `setWasmPath`, no platform-fetch option
 * (`instantiateWasm`), no `setThreadsCount`/`getThreadsCount`; TypeScript.
 * Kernels, flags and the Emscripten glue are tfjs-backend-wasm's own files,
 * imported unchanged.
 */
import {
  DataStorage, KernelBackend, engine, env, registerBackend, util,
  type BackendTimingInfo, type DataType, type TensorInfo, type backend_util,
} from '@tensorflow/tfjs-core';
import * as wasmFactoryImport from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.js';
import type { BackendWasmModule as TfjsModule, WasmFactoryConfig } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.js';

/** The Emscripten module with the members this file uses (its types extend Emscripten's, which dl does not install). */
type BackendWasmModule = TfjsModule & {
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => unknown;
};

type Factory = (config: WasmFactoryConfig) => Promise<BackendWasmModule>;
// The Emscripten glue is a CommonJS module: its factory is the default export or the namespace itself.
const wasmFactory = ((wasmFactoryImport as unknown as { default?: Factory }).default ?? wasmFactoryImport) as unknown as Factory;

type DataId = object;

interface TensorData {
  id: number;
  memoryOffset: number | null;
  shape: number[];
  dtype: DataType;
  refCount: number;
  /** Only used for string tensors, storing encoded bytes. */
  stringBytes?: Uint8Array[];
}

/** tfjs-backend-wasm's `BackendWasm` (the same fields and methods), on the single-threaded build. */
export class BackendWasm extends KernelBackend {
  // 0 is reserved for null data ids.
  private dataIdNextNumber = 1;
  dataIdMap: DataStorage<TensorData>;

  constructor(public wasm: BackendWasmModule) {
    super();
    this.wasm.tfjs.initWithThreadsCount(-1);
    this.dataIdMap = new DataStorage(this, engine());
  }

  override write(values: backend_util.BackendValues | null, shape: number[], dtype: DataType): DataId {
    const dataId = { id: this.dataIdNextNumber++ };
    this.move(dataId, values, shape, dtype, 1);
    return dataId;
  }

  override numDataIds(): number {
    return this.dataIdMap.numDataIds();
  }

  override async time(f: () => void): Promise<BackendTimingInfo> {
    const start = util.now();
    f();
    return { kernelMs: util.now() - start };
  }

  override move(dataId: DataId, values: backend_util.BackendValues | null, shape: number[], dtype: DataType, refCount: number): void {
    const id = this.dataIdNextNumber++;
    if (dtype === 'string') {
      this.dataIdMap.set(dataId, { id, stringBytes: values as Uint8Array[], shape, dtype, memoryOffset: null, refCount });
      return;
    }
    const size = util.sizeFromShape(shape);
    const numBytes = size * util.bytesPerElement(dtype);
    // `>>> 0`: _malloc returns a signed int32, negative above 2 GB.
    const memoryOffset = this.wasm._malloc(numBytes) >>> 0;
    this.dataIdMap.set(dataId, { id, memoryOffset, shape, dtype, refCount });
    this.wasm.tfjs.registerTensor(id, size, memoryOffset);
    if (values != null) {
      const v = values as backend_util.TypedArray;
      this.wasm.HEAPU8.set(new Uint8Array(v.buffer, v.byteOffset, numBytes), memoryOffset);
    }
  }

  override async read(dataId: DataId): Promise<backend_util.BackendValues> {
    return this.readSync(dataId);
  }

  override readSync(dataId: DataId, start?: number, end?: number): backend_util.BackendValues {
    const { memoryOffset, dtype, shape, stringBytes } = this.dataIdMap.get(dataId)!;
    if (dtype === 'string') {
      // Slice all elements.
      if ((start == null || start === 0) && (end == null || end >= stringBytes!.length)) return stringBytes!;
      return stringBytes!.slice(start, end);
    }
    start = start || 0;
    end = end || util.sizeFromShape(shape);
    const bytesPerElement = util.bytesPerElement(dtype);
    const bytes = this.wasm.HEAPU8.slice(memoryOffset! + start * bytesPerElement, memoryOffset! + end * bytesPerElement);
    return typedArrayFromBuffer(bytes.buffer, dtype);
  }

  /** Frees the memory when the dataId's reference count reaches 0 (or with `force`); true when freed. */
  override disposeData(dataId: DataId, force = false): boolean {
    if (this.dataIdMap.has(dataId)) {
      const data = this.dataIdMap.get(dataId)!;
      data.refCount--;
      if (!force && data.refCount > 0) return false;
      this.wasm._free(data.memoryOffset!);
      this.wasm.tfjs.disposeData(data.id);
      this.dataIdMap.delete(dataId);
    }
    return true;
  }

  /** The reference count of a dataId's data. */
  override refCount(dataId: DataId): number {
    return this.dataIdMap.has(dataId) ? this.dataIdMap.get(dataId)!.refCount : 0;
  }

  override incRef(dataId: DataId): void {
    const data = this.dataIdMap.get(dataId);
    if (data != null) data.refCount++;
  }

  override floatPrecision(): 32 {
    return 32;
  }

  /** Where a tensor's data starts on the heap (debugging and tests). */
  getMemoryOffset(dataId: DataId): number {
    return this.dataIdMap.get(dataId)!.memoryOffset!;
  }

  override dispose(): void {
    this.wasm.tfjs.dispose();
    (this as { wasm: BackendWasmModule | null }).wasm = null;
  }

  override memory(): { unreliable: boolean } {
    return { unreliable: false };
  }

  /**
   * Makes the tensor info of an op's output: allocates it on the heap, or,
   * with `memoryOffset`, records memory that C++ allocated.
   */
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number, values?: backend_util.BackendValues): TensorInfo {
    let dataId: DataId;
    if (memoryOffset == null) {
      dataId = this.write(values ?? null, shape, dtype);
    } else {
      const id = this.dataIdNextNumber++;
      dataId = { id };
      this.dataIdMap.set(dataId, { id, memoryOffset, shape, dtype, refCount: 1 });
      this.wasm.tfjs.registerTensor(id, util.sizeFromShape(shape), memoryOffset);
    }
    return { dataId, shape, dtype };
  }

  typedArrayFromHeap({ shape, dtype, dataId }: TensorInfo): backend_util.TypedArray {
    const buffer = this.wasm.HEAPU8.buffer;
    const { memoryOffset } = this.dataIdMap.get(dataId)!;
    const size = util.sizeFromShape(shape);
    switch (dtype) {
      case 'float32':
        return new Float32Array(buffer, memoryOffset!, size);
      case 'int32':
        return new Int32Array(buffer, memoryOffset!, size);
      case 'bool':
        return new Uint8Array(buffer, memoryOffset!, size);
      default:
        throw new Error(`Unknown dtype ${dtype}`);
    }
  }
}

function typedArrayFromBuffer(buffer: ArrayBuffer, dtype: DataType): backend_util.TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(buffer);
    case 'int32':
      return new Int32Array(buffer);
    case 'bool':
      return new Uint8Array(buffer);
    default:
      throw new Error(`Unknown dtype ${dtype}`);
  }
}

const wasmBinaryNames = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;
type WasmBinaryName = (typeof wasmBinaryNames)[number];

let wasmPathPrefix: string | null = null;
let wasmFileMap: Partial<Record<WasmBinaryName, string>> = {};
let initAborted = false;

/** The URL of the binary to load: the SIMD build where wasm SIMD exists, else the plain one. */
function pathToWasmBinary(simdSupported: boolean, folder: string): string {
  const name: WasmBinaryName = simdSupported ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  return wasmFileMap[name] ?? folder + name;
}

/** Instantiates the Emscripten module (tfjs-backend-wasm's `init`, single-threaded). */
async function init(): Promise<{ wasm: BackendWasmModule }> {
  const simdSupported = (await env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  return new Promise((resolve, reject) => {
    const factoryConfig: WasmFactoryConfig = {
      locateFile: (path, prefix) => (path.endsWith('.wasm') ? pathToWasmBinary(simdSupported, wasmPathPrefix ?? prefix) : prefix + path),
    };
    let initialized = false;
    factoryConfig.onAbort = () => {
      // Emscripten logs the error itself, and may call onAbort twice.
      if (initialized || initAborted) return;
      initAborted = true;
      reject({
        message: 'Make sure the server can serve the `.wasm` file relative to the bundled js file, or call setWasmPaths ' +
          '(from @dl/backend-wasm) with where it is served.',
      });
    };
    // The promise resolves to the module, or rejects (a failed fetch, for example); most other errors reach onAbort.
    wasmFactory(factoryConfig).then((module) => {
      initialized = true;
      initAborted = false;
      // The tfjs namespace avoids conflicts with Emscripten's API.
      module.tfjs = {
        init: module.cwrap('init', null, []),
        initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
        getThreadsCount: module.cwrap('get_threads_count', 'number', []),
        registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
        disposeData: module.cwrap('dispose_data', null, ['number']),
        dispose: module.cwrap('dispose', null, []),
      } as BackendWasmModule['tfjs'];
      resolve({ wasm: module });
    }).catch(reject);
  });
}

/**
 * tfjs-backend-wasm's `setWasmPaths`: a folder (URL prefix) for the `.wasm`
 * binaries, or a URL for each of the three binaries.
 */
export function setWasmPaths(prefixOrFileMap: string | Partial<Record<WasmBinaryName, string>>): void {
  if (initAborted) {
    throw new Error('The WASM backend was already initialized. Make sure you call `setWasmPaths()` before you call `setBackend()` or `ready()`.');
  }
  if (typeof prefixOrFileMap === 'string') {
    wasmPathPrefix = prefixOrFileMap;
    return;
  }
  const missing = wasmBinaryNames.filter((name) => prefixOrFileMap[name] == null);
  if (missing.length > 0) {
    throw new Error(`There were no entries found for the following binaries: ${missing.join(',')}. Please either call setWasmPaths with a ` +
      'map providing a path for each binary, or with a string indicating the directory where all the binaries can be found.');
  }
  wasmFileMap = prefixOrFileMap;
}

/** Registers the 'wasm' backend factory with tfjs-core (priority 2, as tfjs-backend-wasm does). */
export function registerWasmBackend(): void {
  registerBackend('wasm', async () => {
    const { wasm } = await init();
    return new BackendWasm(wasm);
  }, 2);
}
