/**
 * Convolab's numeric core: FFTs of any length, 1-D and 2-D convolution, kernels, CT.
 * Plain TypeScript over typed arrays; no runtime dependencies, no DOM, no Node.
 */
export * from './fft';
