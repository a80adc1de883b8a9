import { FBetaScore, type FScoreAverage } from './f-beta-score';
import type { MetricArgs } from './metric';

/** Arguments of {@link F1Score}. */
export interface F1ScoreArgs extends MetricArgs {
  /** `null` (default: one score per class), `'micro'`, `'macro'` or `'weighted'`. */
  average?: FScoreAverage;
  /** Predictions above it count as positive; default: each sample's highest score. */
  threshold?: number | null;
}

/**
 * The F1 score, the harmonic mean of precision and recall (Keras' `F1Score`):
 * {@link FBetaScore} with `beta = 1`, exact over every sample since the last reset.
 *
 * @example
 * ```ts
 * const m = new F1Score({ average: 'macro' });
 * m.updateState(oneHotLabels, probabilities);
 * await m.readResult();
 * ```
 */
export class F1Score extends FBetaScore {
  static override readonly className = 'F1Score';
  constructor(args: F1ScoreArgs = {}) {
    super({ ...args, beta: 1 }, 'f1_score');
  }
}
