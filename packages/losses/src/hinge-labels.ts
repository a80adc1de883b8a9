import { all, equal, logicalOr, mul, sub, where, type Tensor } from '@dl/tensor';

/**
 * Keras' `convert_binary_labels_to_hinge`: labels that are all 0 or 1 become
 * -1 or 1; other labels are used as given. Decided on the device (no read).
 */
export function hingeLabels(t: Tensor): Tensor {
  const isBinary = all(logicalOr(equal(t, 0), equal(t, 1)));
  return where(isBinary, sub(mul(t, 2), 1), t);
}
