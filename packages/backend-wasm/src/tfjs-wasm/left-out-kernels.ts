/**
 * The kernel families `@dl/backend-wasm/dense/register` leaves out, named as
 * its errors name them ("leaves out the <family> kernels"; each kernel throws
 * a BackendError naming `@dl/backend-wasm/register` there):
 * tfjs-backend-wasm's (extra-kernels.ts) and dl's convolution and pooling
 * kernels. Data only, so that the register entries and the tests
 * share it without the kernels' code.
 */
export const leftOutKernels: Readonly<Record<string, readonly string[]>> = {
  'convolution and pooling': [
    'Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'DepthwiseConv2dNative',
    'FusedDepthwiseConv2D', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'MaxPool',
    'MaxPoolGrad', 'MaxPoolWithArgmax', 'AvgPool', 'AvgPoolGrad', 'Conv3D', 'Conv3DBackpropFilterV2',
    'Conv3DBackpropInputV2', 'AvgPool3D', 'AvgPool3DGrad', 'MaxPool3D', 'MaxPool3DGrad',
  ],
  'dilation (morphology)': ['Dilation2D', 'Dilation2DBackpropFilter', 'Dilation2DBackpropInput'],
  'image (resize, crop, flip, rotate, transform, depth-to-space)': [
    'ResizeBilinear', 'ResizeBilinearGrad', 'ResizeNearestNeighbor', 'ResizeNearestNeighborGrad', 'CropAndResize',
    'FlipLeftRight', 'RotateWithOffset', 'Transform', 'DepthToSpace',
  ],
  'non-max suppression': ['NonMaxSuppressionV3', 'NonMaxSuppressionV4', 'NonMaxSuppressionV5'],
  'sparse': ['SparseFillEmptyRows', 'SparseReshape', 'SparseSegmentMean', 'SparseSegmentSum', 'SparseToDense'],
  'string': ['StringNGrams', 'StringSplit', 'StringToHashBucketFast'],
  'local response normalization': ['LRN', 'LRNGrad'],
};
