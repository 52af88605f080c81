/**
 * Convolab's numeric core: FFTs of any length, 1-D and 2-D convolution, kernels, CT.
 * Plain TypeScript over typed arrays; no runtime dependencies, no DOM, no Node.
 */
export * from './fft';
export * from './fft2d';
export * from './convolve1d';
export * from './convolve2d';
export * from './fold-kernel';
export * from './kernels';
export * from './ct';
export * from './parallel';
export * from './convolve3d';
