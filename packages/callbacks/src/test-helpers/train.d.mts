// Types of train.mjs (the tests' training loop).
import type { Callback, CallbackModel, Logs, ResumePoint, ResumeRandomState } from '@dl/callbacks';
import type { Adam } from '@dl/optimizers';
import type { RandomState, Tensor, Variable } from '@dl/tensor';

export declare class TinyModel implements CallbackModel {
  constructor(options?: { seed?: number; units?: number; dropoutRate?: number; learningRate?: number });
  vars: Variable[];
  optimizer: Adam;
  stopTraining: boolean;
  saves: { path: string; kind: 'model' | 'weights'; options?: { overwrite?: boolean } }[];
  resumeFrom?: ResumePoint | undefined;
  resumeRandomState?: ResumeRandomState | undefined;
  getWeights(): Tensor[];
  setWeights(weights: Tensor[]): void;
  getMetricState(): Tensor[];
  setMetricState(state: Tensor[]): void;
  resetMetrics(): void;
  save(path: string, options?: { overwrite?: boolean }): Promise<void>;
  saveWeights(path: string): Promise<void>;
}

export declare function makeData(n?: number, seed?: number): { x: Tensor; y: Tensor };

export declare function fit(
  model: TinyModel, x: Tensor, y: Tensor,
  options: { epochs: number; batchSize: number; callbacks?: Callback[]; shuffle?: boolean; metrics?: string[] },
): Promise<({ epoch: number } & Logs)[]>;

export declare function snapshot(model: TinyModel): Promise<{
  weights: number[][]; slots: Record<string, number[]>; iterations: number; random: RandomState;
}>;
