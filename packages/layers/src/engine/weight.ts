import * as dl from '@dl/tensor';
import { ShapeError, type DataType, type Tensor, type Variable } from '@dl/tensor';
import { Constraint, getConstraint, serializeConstraint, type SerializedConstraint } from '../constraints';
import { Regularizer, getRegularizer, serializeRegularizer, type SerializedRegularizer } from '../regularizers';
import { formatShape } from './checks';

/** A regularizer from an identifier, or null. */
export function regularizerOrNull(id: RegularizerIdentifier | null | undefined, who: string): Regularizer | null {
  return id == null ? null : getRegularizer(id, who);
}

/** A constraint from an identifier, or null. */
export function constraintOrNull(id: ConstraintIdentifier | null | undefined, who: string): Constraint | null {
  return id == null ? null : getConstraint(id, who);
}

/** A regularizer or constraint as JSON, or null. */
export function serializeOrNull(x: Regularizer | Constraint | null): SerializedRegularizer | SerializedConstraint | null {
  if (x === null) return null;
  return x instanceof Regularizer ? serializeRegularizer(x) : serializeConstraint(x);
}

/** A regularizer as layers take it. */
export type RegularizerIdentifier = string | SerializedRegularizer | Regularizer;
/** A constraint as layers take it. */
export type ConstraintIdentifier = string | SerializedConstraint | Constraint;

let structureVersion = 0;

/**
 * A counter that changes whenever any layer's set of trainable weights may
 * have changed (a weight added, a sublayer tracked, a `trainable` flag set),
 * so `Layer.trainableWeights` can reuse its last list while it stays the same.
 */
export function layerStructureVersion(): number {
  return structureVersion;
}

/** Marks every cached weight list stale (see {@link layerStructureVersion}). */
export function layerStructureChanged(): void {
  structureVersion++;
}

/**
 * One weight of a layer: a tfjs `Variable` with Keras' metadata (its name
 * within the layer, its path `layer/name`, whether it trains, its regularizer
 * and constraint). Made by `layer.addWeight`.
 *
 * @example
 * ```ts
 * const dense = new Dense(2); dense.build([null, 3]);
 * dense.weights[0].path;  // "dense/kernel"
 * dense.weights[0].shape; // [3, 2]
 * ```
 */
export class LayerWeight {
  constructor(
    /** Its name within the layer: `kernel`, `bias`, `moving_mean`. */
    readonly name: string,
    /** `layer/name`, unique within a model whose layer names are unique. */
    readonly path: string,
    /** The variable holding the values (a Tensor: use it in ops directly). */
    readonly value: Variable,
    trainable: boolean,
    /** A penalty added to the layer's `losses`, or null. */
    readonly regularizer: Regularizer | null,
    /** A projection applied after each optimizer step, or null. */
    readonly constraint: Constraint | null,
  ) {
    this.isTrainable = trainable;
  }

  private isTrainable: boolean;

  /** False for statistics a layer updates itself (BatchNormalization's moving mean and variance). */
  get trainable(): boolean {
    return this.isTrainable;
  }
  set trainable(value: boolean) {
    this.isTrainable = value;
    layerStructureChanged();
  }

  /** The weight's shape. */
  get shape(): number[] {
    return this.value.shape;
  }

  /** The weight's dtype. */
  get dtype(): DataType {
    return this.value.dtype;
  }

  /**
   * Replaces the values (copied; `values` stays the caller's).
   *
   * @throws ShapeError when the shape differs, naming the weight and both shapes.
   */
  assign(values: Tensor): void {
    if (values.shape.length !== this.shape.length || values.shape.some((d, i) => d !== this.shape[i])) {
      throw new ShapeError(
        `Invalid value for weight "${this.path}": expected shape ${formatShape(this.shape)}, received ${formatShape(values.shape)}.`,
      );
    }
    dl.tidy(() => {
      this.value.assign(values.dtype === this.dtype ? values : dl.cast(values, this.dtype));
    });
  }
}
