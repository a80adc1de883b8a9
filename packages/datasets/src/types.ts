import type { NDArray } from '@dl/io';

/** `[x, y]` of one split, as Keras returns it. */
export type Split<X, Y = NDArray> = [x: X, y: Y];

/** `[[xTrain, yTrain], [xTest, yTest]]`, as Keras' `load_data()` returns it. */
export type LoadResult<X, Y = NDArray> = [train: Split<X, Y>, test: Split<X, Y>];

/** Ragged integer sequences (one review or newswire per row; each row a view into one buffer). */
export type Sequences = Int32Array[];
