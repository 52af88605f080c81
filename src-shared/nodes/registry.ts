/**
 * Every node type Convolab knows. The palette, inspector, validator, engine and CLI read this
 * list and nothing else. Adding a node type: one file in this folder, one line here.
 */
import type { NodeDefinition } from './define';
import { boxKernel } from './kernel.box';
import { customKernel } from './kernel.custom';
import { gaussianKernel } from './kernel.gaussian';
import { identityKernel } from './kernel.identity';
import { laplacianKernel } from './kernel.laplacian';
import { rampKernelNode } from './kernel.ramp';
import { sharpenKernel } from './kernel.sharpen';
import { sobelKernel } from './kernel.sobel';
import { absOperation } from './op.abs';
import { addOperation } from './op.add';
import { backprojectOperation } from './op.backproject';
import { channelOperation } from './op.channel';
import { compareOperation } from './op.compare';
import { conebeamOperation } from './op.conebeam';
import { convBankOperation } from './op.convBank';
import { convolveOperation } from './op.convolve';
import { correlateOperation } from './op.correlate';
import { dataConsistencyOperation } from './op.dataConsistency';
import { fdkOperation } from './op.fdk';
import { fftOperation } from './op.fft';
import { fft2dOperation } from './op.fft2d';
import { flipOperation } from './op.flip';
import { grayOperation } from './op.gray';
import { ifftOperation } from './op.ifft';
import { ifft2dOperation } from './op.ifft2d';
import { magnitudeOperation } from './op.magnitude';
import { maxpoolOperation } from './op.maxpool';
import { multiplyOperation } from './op.multiply';
import { normalizeOperation } from './op.normalize';
import { padOperation } from './op.pad';
import { phaseOperation } from './op.phase';
import { powerOperation } from './op.power';
import { radonOperation } from './op.radon';
import { rampFilterOperation } from './op.rampFilter';
import { reluOperation } from './op.relu';
import { sampleOperation } from './op.sample';
import { scaleOperation } from './op.scale';
import { shiftOperation } from './op.shift';
import { sliceOperation } from './op.slice';
import { statsOperation } from './op.stats';
import { subtractOperation } from './op.subtract';
import { unet3dOperation } from './op.unet3d';
import { audioSink } from './sink.audio';
import { fileSink } from './sink.file';
import { imageSink } from './sink.image';
import { plotSink } from './sink.plot';
import { spectrumSink } from './sink.spectrum';
import { valueSink } from './sink.value';
import { volumeSink } from './sink.volume';
import { audioSource } from './source.audio';
import { diceSource } from './source.dice';
import { functionSource } from './source.function';
import { imageSource } from './source.image';
import { phantom3dSource } from './source.phantom3d';
import { sequenceSource } from './source.sequence';
import { testImageSource } from './source.testImage';
import { testSoundSource } from './source.testSound';
import { volumeSource } from './source.volume';

export const NODE_DEFINITIONS: readonly NodeDefinition[] = [
  audioSource,
  diceSource,
  functionSource,
  imageSource,
  sequenceSource,
  phantom3dSource,
  volumeSource,
  testImageSource,
  testSoundSource,
  boxKernel,
  customKernel,
  gaussianKernel,
  identityKernel,
  laplacianKernel,
  rampKernelNode,
  sharpenKernel,
  sobelKernel,
  absOperation,
  addOperation,
  backprojectOperation,
  channelOperation,
  compareOperation,
  conebeamOperation,
  convBankOperation,
  convolveOperation,
  correlateOperation,
  dataConsistencyOperation,
  fdkOperation,
  fftOperation,
  fft2dOperation,
  flipOperation,
  grayOperation,
  ifftOperation,
  ifft2dOperation,
  magnitudeOperation,
  maxpoolOperation,
  multiplyOperation,
  normalizeOperation,
  padOperation,
  phaseOperation,
  powerOperation,
  radonOperation,
  rampFilterOperation,
  reluOperation,
  sampleOperation,
  scaleOperation,
  shiftOperation,
  sliceOperation,
  statsOperation,
  subtractOperation,
  unet3dOperation,
  audioSink,
  fileSink,
  imageSink,
  plotSink,
  spectrumSink,
  valueSink,
  volumeSink,
];

const byType = new Map<string, NodeDefinition>(NODE_DEFINITIONS.map((definition) => [definition.type, definition]));

export function getNodeDefinition(type: string): NodeDefinition | undefined {
  return byType.get(type);
}

export function nodeTypes(): string[] {
  return [...byType.keys()];
}
