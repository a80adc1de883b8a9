import {
  ConfigError, add, cast, equal, floor, logicalAnd, logicalNot, readScalar, sum, tidy, greaterEqual, less, type Tensor,
} from '@dl/tensor';
import { MeanMetricWrapper, type MetricFunction } from './mean-metric-wrapper';
import type { MetricArgs } from './metric';
import { sparseLabels } from './utils';

/**
 * A mean of a per-sample function of sparse labels that also counts, on the
 * device, labels outside `[0, numClasses)` or not integers, and raises when the
 * result is read (`readResult`): checking values in `updateState` would need a
 * device-to-host read in every step.
 */
export class SparseMeanMetricWrapper extends MeanMetricWrapper {
  private readonly invalid = this.addWeight('invalid_labels');

  constructor(fn: MetricFunction, args: MetricArgs) {
    super(fn, args);
  }

  override updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): void {
    super.updateState(yTrue, yPred, sampleWeight);
    tidy(() => {
      const t = sparseLabels(yTrue, yPred, this.className);
      const numClasses = yPred.shape[yPred.rank - 1] ?? 0;
      const ok = logicalAnd(logicalAnd(greaterEqual(t, 0), less(t, numClasses)), equal(t, floor(t)));
      this.invalid.assign(add(this.invalid, sum(cast(logicalNot(ok), 'float32'))));
    });
  }

  /** @throws ConfigError when some label since the last reset was outside [0, numClasses). */
  protected override async validate(): Promise<void> {
    const bad = await readScalar(this.invalid);
    if (bad > 0) {
      throw new ConfigError(
        `Invalid \`yTrue\` for ${this.className} "${this.name}": expected integer class ids in [0, numClasses), received ${bad} label${bad === 1 ? '' : 's'} outside that range since the last resetState(). Check the labels with checkSparseLabels from @dl/losses.`,
      );
    }
  }
}
