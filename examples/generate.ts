/**
 * Writes the example graphs shipped with Convolab (`examples/*.convolab.json`) through the
 * graph writer, so they are in the file format's canonical layout. Run after changing one:
 *   npx tsx examples/generate.ts
 * Positions sit on a grid (columns 300 px, rows 270 px: a node with its preview is about 250 px tall) so each graph reads left to right.
 * Every example that makes a claim checks it with op.compare, so `convolab run --check` proves it.
 * Each carries a lesson (meta.lesson): the steps the lesson panel walks through, in the order
 * the convolution story is told (views/lesson/catalog.ts lists the files in that order).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { groupAsBlock, promoteParam, renamePort } from '../src-shared/graph/blocks';
import { GRAPH_VERSION, type GraphDocument, type GraphEdge, type GraphNode, type LessonStep, type Params } from '../src-shared/graph/document';
import { writeGraph } from '../src-shared/graph/write';

const COLUMN = 300;
const ROW = 270;

/** Nodes to group as one block (blocks.ts's groupAsBlock, so the file carries true content keys). */
interface Grouping {
  readonly id: string;
  readonly title: string;
  readonly nodes: readonly string[];
  /** Params put on the block's face: each name binds these inner params (`node.param`). */
  readonly promote: Readonly<Record<string, readonly string[]>>;
  /** Names for the block's inputs, in order, where the inner ports' (in, in2) would not say what they take. */
  readonly inputs?: readonly string[];
}

class Example {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  readonly steps: LessonStep[] = [];
  readonly groupings: Grouping[] = [];
  constructor(
    readonly file: string,
    readonly title: string,
    readonly description: string,
  ) {}

  node(id: string, type: string, column: number, row: number, params?: Params, label?: string): this {
    this.nodes.push({ id, type, position: { x: Math.round(column * COLUMN), y: Math.round(row * ROW) }, ...(label ? { label } : {}), ...(params ? { params } : {}) });
    return this;
  }

  /** `from` is `node` or `node.port` (default port out); `to` is `node.port`. */
  link(from: string, to: string): this {
    const [source, sourceHandle = 'out'] = from.split('.');
    const [target, targetHandle = 'in'] = to.split('.');
    this.edges.push({ id: `e${this.edges.length + 1}`, source: source!, sourceHandle, target: target!, targetHandle });
    return this;
  }

  /**
   * A lesson step (meta.lesson, README "Lessons"): its text, and the nodes it introduces or is
   * about — the first one is selected and its teaching view opened.
   */
  step(text: string, ...nodes: string[]): this {
    this.steps.push({ text, nodes });
    return this;
  }

  /**
   * Groups `nodes` (already added and linked) into block node `id`, as the editor's Group as
   * block does; `promote` puts params on its face. A second node of the same `title`, grouped
   * the same way, shares one definition (its key is its content). Lesson steps naming a grouped
   * node name the block node.
   */
  block(id: string, title: string, nodes: readonly string[], promote: Grouping['promote'] = {}, inputs?: readonly string[]): this {
    this.groupings.push({ id, title, nodes, promote, ...(inputs ? { inputs } : {}) });
    return this;
  }

  /** Sets a block node's promoted params (after `block`). */
  blockParams(id: string, params: Params): this {
    this.instanceParams.set(id, params);
    return this;
  }

  /**
   * Makes node `id` (added as type `block`, and linked by port names) a second instance of the
   * block `of` groups, with its own promoted params: one definition, run twice.
   */
  instance(id: string, of: string, params: Params): this {
    this.instances.push({ id, of });
    this.instanceParams.set(id, params);
    return this;
  }

  private readonly instanceParams = new Map<string, Params>();
  private readonly instances: { id: string; of: string }[] = [];

  document(): GraphDocument {
    const meta = { title: this.title, description: this.description, ...(this.steps.length > 0 ? { lesson: this.steps } : {}) };
    let document: GraphDocument = { format: 'convolab.graph', version: GRAPH_VERSION, meta, nodes: this.nodes, edges: this.edges, viewport: { x: 40, y: 40, zoom: 0.8 } };
    for (const grouping of this.groupings) {
      const grouped = groupAsBlock(document, grouping.nodes, { id: grouping.id, title: grouping.title });
      if (!grouped.ok) throw new Error(`${this.file}: ${grouping.id}: ${grouped.error}`);
      document = grouped.document;
      for (const [name, binds] of Object.entries(grouping.promote)) {
        for (const bind of binds) {
          const [node, param] = bind.split('.') as [string, string];
          const promoted = promoteParam(document, grouping.id, { node, param }, name);
          if (promoted === document) throw new Error(`${this.file}: ${grouping.id}: cannot promote ${bind} as ${name}`);
          document = promoted;
        }
      }
      for (const [index, name] of (grouping.inputs ?? []).entries()) {
        const renamed = renamePort(document, grouping.id, 'input', index, name);
        if (renamed === document) throw new Error(`${this.file}: ${grouping.id}: cannot name input ${index} ${name}`);
        document = renamed;
      }
    }
    const keys = new Map(document.nodes.flatMap((node) => (node.block !== undefined ? [[node.id, node.block] as const] : [])));
    const key = (id: string): string | undefined => keys.get(this.instances.find((instance) => instance.id === id)?.of ?? id);
    const nodes = document.nodes.map((node) => {
      const params = this.instanceParams.get(node.id);
      const block = key(node.id);
      return params && block !== undefined ? { ...node, block, params } : node;
    });
    return { ...document, nodes };
  }
}

const examples: Example[] = [];
const add = (file: string, title: string, description: string): Example => {
  const example = new Example(file, title, description);
  examples.push(example);
  return example;
};

add('two-dice', 'Two dice', 'The PMF of the sum of two dice is the convolution of their PMFs: P(sum = 7) = 6/36 = 1/6.')
  .node('dieA', 'source.dice', 0, 0, { faces: 6 }, 'Die A')
  .node('dieB', 'source.dice', 0, 1, { faces: 6 }, 'Die B')
  .node('sum', 'op.convolve', 1, 0.5, { method: 'direct' }, 'A + B')
  .node('plot', 'sink.plot', 2, 0, { style: 'stem' }, 'P(sum)')
  .node('p7', 'op.sample', 2, 1, { index: 7 }, 'P(sum = 7)')
  .node('sixth', 'source.sequence', 1, 2, { values: [1 / 6] }, '1/6')
  .node('expected', 'op.sample', 2, 2, { index: 0 }, 'expected')
  .node('check', 'op.compare', 3, 1.5, { tolerance: 1e-12 })
  .node('table', 'sink.value', 4, 1.5)
  .link('dieA', 'sum.a')
  .link('dieB', 'sum.b')
  .link('sum', 'plot.in')
  .link('sum', 'p7.in')
  .link('sixth', 'expected.in')
  .link('p7', 'check.a')
  .link('expected', 'check.b')
  .link('check', 'table.in')
  .step('Two fair dice. Each is a list of probabilities, P(1) … P(6) = 1/6, whose first entry sits at index 1, so the index is the face: the node reads k ∈ [1, 6].', 'dieA', 'dieB')
  .step(
    'The sum of two dice is the convolution of their lists: P(sum = t) = Σ P(A = τ)·P(B = t − τ). In Flip & slide, die B is flipped and slid along A; at each t the overlapping bars multiply and add up. Press Play.',
    'sum',
  )
  .step('The result starts at 1 + 1 = 2 and peaks at 7: there are six ways to roll 7 and only one to roll 2 or 12.', 'plot')
  .step('op.sample reads P(sum = 7) and op.compare checks that it is exactly 1/6: the Equivalence view shows the two values and the verdict.', 'check', 'p7', 'sixth', 'expected', 'table');

add('three-dice', 'Three dice', 'Convolve again for a third die: the sum spreads into a bell. P(sum = 10) = 27/216 = 1/8.')
  .node('dieA', 'source.dice', 0, 0, undefined, 'Die A')
  .node('dieB', 'source.dice', 0, 1, undefined, 'Die B')
  .node('dieC', 'source.dice', 0, 2, undefined, 'Die C')
  .node('ab', 'op.convolve', 1, 0.5, { method: 'direct' }, 'A + B')
  .node('abc', 'op.convolve', 2, 1, { method: 'direct' }, 'A + B + C')
  .node('plot', 'sink.plot', 3, 0, { style: 'stem' }, 'P(sum)')
  .node('p10', 'op.sample', 3, 1, { index: 10 }, 'P(sum = 10)')
  .node('eighth', 'source.sequence', 2, 2.2, { values: [0.125] }, '27/216')
  .node('expected', 'op.sample', 3, 2.2, { index: 0 }, 'expected')
  .node('check', 'op.compare', 4, 1.5, { tolerance: 1e-12 })
  .node('table', 'sink.value', 5, 1.5)
  .link('dieA', 'ab.a')
  .link('dieB', 'ab.b')
  .link('ab', 'abc.a')
  .link('dieC', 'abc.b')
  .link('abc', 'plot.in')
  .link('abc', 'p10.in')
  .link('eighth', 'expected.in')
  .link('p10', 'check.a')
  .link('expected', 'check.b')
  .link('check', 'table.in')
  .step('Start from two dice: A + B is their convolution, a triangle from 2 to 12.', 'ab', 'dieA', 'dieB')
  .step('Convolve once more with a third die. Sliding a flat die across the triangle rounds its corners.', 'abc', 'dieC')
  .step('Three dice already look like a bell: convolving again and again tends to a Gaussian (the central limit theorem).', 'plot')
  .step('P(sum = 10) = 27/216 = 1/8, checked by op.compare.', 'check', 'p10', 'eighth', 'expected', 'table');

add('polynomial-multiplication', 'Polynomial multiplication', 'Coefficient lists, lowest power first, multiply by convolution: (1 + 2x + 3x²)(4 + 5x) = 4 + 13x + 22x² + 15x³.')
  .node('p', 'source.sequence', 0, 0, { values: [1, 2, 3] }, '1 + 2x + 3x²')
  .node('q', 'source.sequence', 0, 1, { values: [4, 5] }, '4 + 5x')
  .node('product', 'op.convolve', 1, 0.5, { method: 'direct' }, 'p · q')
  .node('plot', 'sink.plot', 2, 0, { style: 'stem' }, 'coefficients')
  .node('expected', 'source.sequence', 1, 1.7, { values: [4, 13, 22, 15] }, '4 + 13x + 22x² + 15x³')
  .node('check', 'op.compare', 2, 1.2, { tolerance: 1e-12 })
  .node('table', 'sink.value', 3, 1.2)
  .link('p', 'product.a')
  .link('q', 'product.b')
  .link('product', 'plot.in')
  .link('product', 'check.a')
  .link('expected', 'check.b')
  .link('check', 'table.in')
  .step('A polynomial is its list of coefficients, lowest power first: 1 + 2x + 3x² is [1, 2, 3], and 4 + 5x is [4, 5].', 'p', 'q')
  .step(
    'Multiplying polynomials convolves their coefficients: the coefficient of x^t collects every pair of powers τ and t − τ. Step through t in Flip & slide and read the products under the flipped q.',
    'product',
  )
  .step('(1 + 2x + 3x²)(4 + 5x) = 4 + 13x + 22x² + 15x³.', 'plot')
  .step('op.compare checks the product against the coefficients worked out by hand.', 'check', 'expected', 'table');

add('rect-rect-triangle', 'rect * rect = triangle', 'Sliding one unit box over another gives a triangle of base 2. With integral on, the sum is scaled by 1/rate so it approximates the integral; the sampled edges leave an error of about 1/rate.')
  .node('rectA', 'source.function', 0, 0, { shape: 'rect', t0: -1, t1: 1, rate: 100 }, 'rect(t)')
  .node('rectB', 'source.function', 0, 1, { shape: 'rect', t0: -1, t1: 1, rate: 100 }, 'rect(t)')
  // Direct, not auto: auto took the FFT, whose rounding left −2.5e-16 where the boxes do not
  // overlap, and the node's range read [−2.49e-16, 0.995] where a learner expects 0.
  .node('conv', 'op.convolve', 1, 0.5, { method: 'direct', integral: true }, '∫ rect(τ) rect(t − τ) dτ')
  .node('triangle', 'source.function', 1, 1.7, { shape: 'triangle', t0: -2, t1: 2, rate: 100 }, 'tri(t)')
  .node('plot', 'sink.plot', 2, 0.3, { x: 'time' }, 'rect * rect and tri')
  .node('check', 'op.compare', 2, 1.5, { tolerance: 0.01 })
  .node('table', 'sink.value', 3, 1.5)
  .link('rectA', 'conv.a')
  .link('rectB', 'conv.b')
  .link('conv', 'plot.in')
  .link('triangle', 'plot.in2')
  .link('conv', 'check.a')
  .link('triangle', 'check.b')
  .link('check', 'table.in')
  .step('Two unit boxes, rect(t), sampled at 100 samples per second.', 'rectA', 'rectB')
  .step(
    'Slide one over the other: the overlap grows linearly, is largest when they coincide, then shrinks. With integral on, each sum is scaled by 1/rate, so it approximates ∫ f(τ) g(t − τ) dτ.',
    'conv',
  )
  .step(
    'The result is the triangle tri(t): base 2, height 1. The node reads 0.995 at its peak, not 1: each box\'s edge samples are ½ (its value on the edge), and at t = 0 they multiply to ¼.',
    'plot',
    'triangle',
  )
  .step('op.compare agrees within 1/rate: the error left by sampling the boxes\' edges.', 'check', 'table');

{
  const kernels = add(
    'image-kernels',
    'Image kernels on the phantom',
    'The same image through a Gaussian blur and the kernel table: identity (nothing changes), Laplacian (edges), Sobel x and y (gradients), sharpen (identity + Laplacian).',
  )
    .node('phantom', 'source.testImage', 0, 2.5, { pattern: 'phantom', size: 128 }, 'Shepp–Logan phantom');
  const table: [string, string, Params | undefined, string, Params][] = [
    ['gaussian', 'kernel.gaussian', { sigma: 2 }, 'Gaussian blur', { colormap: 'gray' }],
    ['identity', 'kernel.identity', undefined, 'Identity', { colormap: 'gray' }],
    ['laplacian', 'kernel.laplacian', undefined, 'Laplacian', { colormap: 'diverging', range: 'symmetric' }],
    ['sobelX', 'kernel.sobel', { direction: 'x' }, 'Sobel x', { colormap: 'diverging', range: 'symmetric' }],
    ['sobelY', 'kernel.sobel', { direction: 'y' }, 'Sobel y', { colormap: 'diverging', range: 'symmetric' }],
    // On the phantom's own scale, [0, 1]: auto stretched the −2…3 of the edges' overshoot, and the
    // sharpened phantom came out a washed-out grey beside the original.
    ['sharpen', 'kernel.sharpen', { amount: 1 }, 'Sharpen', { colormap: 'gray', range: 'unit' }],
  ];
  table.forEach(([id, type, params, label, view], row) => {
    kernels
      .node(`${id}Kernel`, type, 1, row, params, label)
      .node(id, 'op.convolve', 2, row, { mode: 'same', boundary: 'reflect' }, `phantom * ${label}`)
      .node(`${id}View`, 'sink.image', 3, row, view, label)
      .link('phantom', `${id}.a`)
      .link(`${id}Kernel`, `${id}.b`)
      .link(id, `${id}View.in`);
  });
  kernels.node('unchanged', 'op.compare', 4, 1, { tolerance: 1e-6 }, 'identity changes nothing').node('table', 'sink.value', 5, 1).link('identity', 'unchanged.a').link('phantom', 'unchanged.b').link('unchanged', 'table.in');
  kernels
    .step('An image is a 2-D signal: the Shepp–Logan phantom, 128 × 128 pixels.', 'phantom')
    .step(
      'Convolving with a Gaussian replaces each pixel by a weighted average of its neighbourhood: a blur. Hover over the image in Flip & slide: the kernel over the patch, the products, their sum.',
      'gaussian',
      'gaussianKernel',
      'gaussianView',
    )
    .step('The Gaussian\'s frequency response is largest at DC and falls off smoothly: it is low-pass, keeping slow changes and removing fine detail.', 'gaussianKernel')
    .step(
      'The Laplacian sums to zero: flat regions give 0 and edges light up. Its response is 0 at DC and largest at the highest frequencies: high-pass.',
      'laplacianKernel',
      'laplacian',
      'laplacianView',
    )
    .step(
      'Sobel x and y are smoothed derivatives: zero at DC and at the highest frequency, strongest in between (band-pass). Each responds to edges across its direction.',
      'sobelXKernel',
      'sobelX',
      'sobelXView',
      'sobelYKernel',
      'sobelY',
      'sobelYView',
    )
    .step('Sharpen = identity + Laplacian: it keeps the image (|H(0)| = 1) and boosts the high frequencies.', 'sharpenKernel', 'sharpen', 'sharpenView')
    .step('The identity kernel changes nothing, and op.compare proves it.', 'unchanged', 'identityKernel', 'identity', 'identityView', 'table');
}

add(
  'convolution-theorem',
  'The convolution theorem (1-D)',
  'FFT both signals with the same n ≥ len(a) + len(b) − 1, multiply the spectra, inverse FFT: the result equals direct convolution, in O(n log n) instead of O(n²).',
)
  .node('a', 'source.sequence', 0, 0, { values: [1, 2, 3, 4, 5, 6, 5, 3, 1, 0.5] }, 'a (10 samples)')
  .node('b', 'source.sequence', 0, 1.5, { values: [1, -1, 2, 0.5, 0.25], start: -2 }, 'b (5 samples, centred)')
  .node('direct', 'op.convolve', 1.2, -0.5, { method: 'direct' }, 'direct: Σ a[k] b[n − k]')
  .node('fftA', 'op.fft', 1, 0.5, { size: 'custom', n: 16 }, 'FFT n = 16')
  .node('fftB', 'op.fft', 1, 1.5, { size: 'custom', n: 16 }, 'FFT n = 16')
  .node('product', 'op.multiply', 2, 1, undefined, 'A · B')
  .node('spectrum', 'sink.spectrum', 3, 2, { scale: 'db' }, '|A · B|')
  .node('back', 'op.ifft', 3, 1, undefined, 'IFFT')
  .node('plot', 'sink.plot', 4, -0.5, { style: 'stem' }, 'direct and via FFT')
  .node('check', 'op.compare', 4, 1, { tolerance: 1e-9 })
  .node('table', 'sink.value', 5, 1)
  .link('a', 'direct.a')
  .link('b', 'direct.b')
  .link('a', 'fftA.in')
  .link('b', 'fftB.in')
  .link('fftA', 'product.a')
  .link('fftB', 'product.b')
  .link('product', 'spectrum.in')
  .link('product', 'back.in')
  .link('direct', 'plot.in')
  .link('back', 'plot.in2')
  .link('direct', 'check.a')
  .link('back', 'check.b')
  .link('check', 'table.in')
  .step('Direct convolution of 10 and 5 samples takes 10 × 5 multiply-adds; of two signals of n samples, n².', 'direct', 'a', 'b')
  .step('The convolution theorem: the DFT turns convolution into multiplication. Transform both signals with the same n ≥ 10 + 5 − 1 = 14 (here 16).', 'fftA', 'fftB')
  .step('Multiply the two spectra bin by bin…', 'product', 'spectrum')
  .step('…and transform back: the same samples at the same start, then 16 − 14 = 2 more that are 0 up to rounding (the padding). With FFTs this costs O(n log n).', 'back', 'plot')
  .step(
    'op.compare confirms it. To see the cost, select direct and IFFT together (Shift-click) and open Profile: direct grows with slope 2 on log–log axes, the FFT route with slope 1.',
    'check',
    'table',
  );

add(
  'fft-convolution-block',
  'FFT convolution as a block',
  'The FFT route of the convolution theorem (FFT both, multiply, inverse FFT) kept as one block with n on its face: set n ≥ len(a) + len(b) − 1 once and both FFTs use it. Double-click the block to see inside; op.compare shows it equals direct convolution.',
)
  .node('a', 'source.sequence', 0, 0, { values: [1, 2, 3, 4, 5, 6, 5, 3, 1, 0.5] }, 'a (10 samples)')
  .node('b', 'source.sequence', 0, 1.5, { values: [1, -1, 2, 0.5, 0.25], start: -2 }, 'b (5 samples, centred)')
  .node('direct', 'op.convolve', 2, -0.5, { method: 'direct' }, 'direct: Σ a[k] b[n − k]')
  .node('fftA', 'op.fft', 1, 0.5, { size: 'custom', n: 16 }, 'FFT A')
  .node('fftB', 'op.fft', 1, 1.5, { size: 'custom', n: 16 }, 'FFT B')
  .node('product', 'op.multiply', 2, 1, undefined, 'A · B')
  .node('back', 'op.ifft', 3, 1, undefined, 'IFFT')
  .node('plot', 'sink.plot', 4, -0.5, { style: 'stem' }, 'direct and via the block')
  .node('check', 'op.compare', 4, 1.5, { tolerance: 1e-9 }, 'block = direct')
  .node('table', 'sink.value', 5, 1.5)
  .link('a', 'direct.a')
  .link('b', 'direct.b')
  .link('a', 'fftA.in')
  .link('b', 'fftB.in')
  .link('fftA', 'product.a')
  .link('fftB', 'product.b')
  .link('product', 'back.in')
  .link('direct', 'plot.in')
  .link('back', 'plot.in2')
  .link('direct', 'check.a')
  .link('back', 'check.b')
  .link('check', 'table.in')
  .step('Direct convolution of a (10 samples) and b (5): 10 + 5 − 1 = 14 samples.', 'direct', 'a', 'b')
  .step(
    'The block holds the FFT route: FFT both signals, multiply the spectra, inverse FFT. Its one param n sets both FFTs: here 16 ≥ 14, so nothing wraps around. Double-click it to see inside.',
    'fftA',
    'fftB',
    'product',
    'back',
  )
  .step('Both routes give the same samples at the same start.', 'plot')
  .step('op.compare confirms it. Set n to 10…13 on the block and the check fails: the tail wraps onto the start.', 'check', 'table')
  // Its inputs are a and b, as on the Convolve beside it (the inner FFTs' ports would name them in and in2).
  .block('fftConvolution', 'FFT convolution', ['fftA', 'fftB', 'product', 'back'], { n: ['fftA.n', 'fftB.n'] }, ['a', 'b'])
  .blockParams('fftConvolution', { n: 16 });

add(
  'convolution-theorem-too-small',
  'The convolution theorem with n too small',
  'With n = 6 < len(a) + len(b) − 1 = 9 the product of spectra is a circular convolution: the tail wraps around onto the start. It equals the convolution of the periodic extension of a (valid mode), not the linear one — compare the two plots.',
)
  .node('a', 'source.sequence', 0, 0, { values: [1, 2, 3, 4, 5, 6] }, 'a (6 samples)')
  .node('b', 'source.sequence', 0, 1, { values: [1, -1, 2, 0.5] }, 'b (4 samples)')
  .node('fftA', 'op.fft', 1, 0, { size: 'exact' }, 'FFT n = 6')
  .node('fftB', 'op.fft', 1, 1, { size: 'custom', n: 6 }, 'FFT n = 6')
  .node('product', 'op.multiply', 2, 0.5, undefined, 'A · B')
  .node('wrapped', 'op.ifft', 3, 0.5, undefined, 'IFFT: circular')
  .node('direct', 'op.convolve', 2, -0.7, { method: 'direct' }, 'linear: a * b')
  .node('plot', 'sink.plot', 4, -0.5, { style: 'stem' }, 'linear vs wrapped')
  .node('wrappedPlot', 'sink.plot', 4, 0.5, { style: 'stem' }, 'wrapped')
  .node('periodic', 'source.sequence', 0, 2.2, { values: [4, 5, 6, 1, 2, 3, 4, 5, 6], start: -3 }, 'a, one period extended to the left')
  .node('circular', 'op.convolve', 2, 2, { method: 'direct', mode: 'valid' }, 'circular: valid part')
  .node('check', 'op.compare', 4, 1.5, { tolerance: 1e-9 }, 'IFFT = circular convolution')
  .node('table', 'sink.value', 5, 1.5)
  .link('a', 'fftA.in')
  .link('b', 'fftB.in')
  .link('fftA', 'product.a')
  .link('fftB', 'product.b')
  .link('product', 'wrapped.in')
  .link('a', 'direct.a')
  .link('b', 'direct.b')
  .link('direct', 'plot.in')
  .link('wrapped', 'plot.in2')
  .link('wrapped', 'wrappedPlot.in')
  .link('periodic', 'circular.a')
  .link('b', 'circular.b')
  .link('wrapped', 'check.a')
  .link('circular', 'check.b')
  .link('check', 'table.in')
  .step('a has 6 samples and b has 4: their linear convolution has 6 + 4 − 1 = 9.', 'direct', 'a', 'b')
  .step(
    'Here both FFTs use n = 6. The product of spectra is then a circular convolution of length 6: the 3 samples past the end wrap around onto the start.',
    'wrapped',
    'fftA',
    'fftB',
    'product',
  )
  .step('Compare the plots: the wrapped result differs from the linear one where the tail landed.', 'plot', 'wrappedPlot')
  .step(
    'op.compare proves the IFFT equals the circular convolution (a extended periodically, valid part). Its Equivalence view warns that n is too small: press the button to set n = 9 on both FFTs, one undo entry. The IFFT becomes the linear convolution, and this check fails, as it should.',
    'check',
    'periodic',
    'circular',
    'table',
  );

add(
  'convolution-theorem-2d',
  'The convolution theorem (2-D)',
  'A disk blurred by a Gaussian, directly and through 2-D FFTs padded to 64 × 64 ≥ 32 + 11 − 1: the same image, origin included.',
)
  .node('disk', 'source.testImage', 0, 0, { pattern: 'disk', size: 32 }, 'disk')
  .node('kernel', 'kernel.gaussian', 0, 1.5, { sigma: 1.5, radius: 5 }, 'Gaussian 11 × 11')
  .node('direct', 'op.convolve', 1.2, -0.7, { method: 'direct' }, 'direct, full')
  .node('fftDisk', 'op.fft2d', 1, 0.4, { size: 'custom', width: 64, height: 64 }, 'FFT 64 × 64')
  .node('fftKernel', 'op.fft2d', 1, 1.5, { size: 'custom', width: 64, height: 64 }, 'FFT 64 × 64')
  .node('product', 'op.multiply', 2, 1, undefined, 'product')
  .node('spectrum', 'sink.image', 3, 2, { log: true, colormap: 'viridis' }, '|product|')
  .node('back', 'op.ifft2d', 3, 1, { size: 'custom', width: 42, height: 42 }, 'IFFT, crop 42 × 42')
  .node('directView', 'sink.image', 4, -0.7, undefined, 'direct')
  .node('fftView', 'sink.image', 4, 0.3, undefined, 'via FFT')
  .node('check', 'op.compare', 4, 1.3, { tolerance: 1e-5 })
  .node('table', 'sink.value', 5, 1.3)
  .link('disk', 'direct.a')
  .link('kernel', 'direct.b')
  .link('disk', 'fftDisk.in')
  .link('kernel', 'fftKernel.in')
  .link('fftDisk', 'product.a')
  .link('fftKernel', 'product.b')
  .link('product', 'spectrum.in')
  .link('product', 'back.in')
  .link('direct', 'directView.in')
  .link('back', 'fftView.in')
  .link('direct', 'check.a')
  .link('back', 'check.b')
  .link('check', 'table.in')
  .step('A disk blurred by an 11 × 11 Gaussian, directly: a full 2-D convolution of 42 × 42.', 'direct', 'disk', 'kernel', 'directView')
  .step(
    'The same through 2-D FFTs padded to 64 × 64 ≥ 32 + 11 − 1 on each axis: the blur is a product in the frequency domain — the Gaussian\'s spectrum is a Gaussian. Spectra are drawn as the FFT stores them, 0 frequency at the top-left corner: each peak shows as four quarters in the corners.',
    'product',
    'fftDisk',
    'fftKernel',
    'spectrum',
  )
  .step('Back through the inverse FFT, cropped to 42 × 42 like the full convolution.', 'back', 'fftView')
  .step('op.compare: the two routes agree within 1e−5.', 'check', 'table');

add(
  'cnn-layer',
  'A CNN layer',
  'What a convolutional layer computes: correlate the image with a bank of kernels (one feature map each), ReLU, then 2 × 2 max pooling. The edges bank holds Sobel x, Sobel y, Laplacian and a Gaussian; the random bank is an untrained layer.',
)
  .node('phantom', 'source.testImage', 0, 0.5, { pattern: 'phantom', size: 128 }, 'input')
  .node('edges', 'op.convBank', 1, 0, { bank: 'edges', activation: 'relu' }, 'conv + ReLU (edges)')
  .node('pool', 'op.maxpool', 2, 0, { size: 2 }, 'max pool 2 × 2')
  .node('maps', 'sink.image', 3, 0, { colormap: 'viridis' }, 'feature maps')
  .node('random', 'op.convBank', 1, 1.2, { bank: 'random', count: 8, size: 3, seed: 1, activation: 'relu' }, 'conv + ReLU (random)')
  .node('randomPool', 'op.maxpool', 2, 1.2, { size: 2 }, 'max pool 2 × 2')
  .node('randomMaps', 'sink.image', 3, 1.2, { colormap: 'viridis' }, 'random feature maps')
  .node('linear', 'op.convBank', 1, 2.4, { bank: 'edges', activation: 'none' }, 'conv (no activation)')
  .node('relu', 'op.relu', 2, 2.4, undefined, 'ReLU')
  .node('check', 'op.compare', 3, 2.4, { tolerance: 1e-12 }, 'activation = conv then ReLU')
  .node('table', 'sink.value', 4, 2.4)
  .link('phantom', 'edges.in')
  .link('edges', 'pool.in')
  .link('pool', 'maps.in')
  .link('phantom', 'random.in')
  .link('random', 'randomPool.in')
  .link('randomPool', 'randomMaps.in')
  .link('phantom', 'linear.in')
  .link('linear', 'relu.in')
  .link('edges', 'check.a')
  .link('relu', 'check.b')
  .link('check', 'table.in')
  // Translation equivariance: shifting the input shifts the feature maps (the phantom's border is
  // empty, so a shift with zero fill loses nothing).
  .node('shiftIn', 'op.shift', 1, 3.6, { dx: 10, dy: 3, mode: 'zero' }, 'shift(x)')
  .node('convShifted', 'op.convBank', 2, 3.6, { bank: 'edges', activation: 'relu' }, 'conv(shift(x))')
  .node('shiftOut', 'op.shift', 2, 4.6, { dx: 10, dy: 3, mode: 'zero' }, 'shift(conv(x))')
  .node('equivariance', 'op.compare', 3, 4.1, { tolerance: 1e-6 }, 'conv(shift(x)) = shift(conv(x))')
  .node('equivarianceTable', 'sink.value', 4, 4.1)
  .link('phantom', 'shiftIn.in')
  .link('shiftIn', 'convShifted.in')
  .link('edges', 'shiftOut.in')
  .link('convShifted', 'equivariance.a')
  .link('shiftOut', 'equivariance.b')
  .link('equivariance', 'equivarianceTable.in')
  .step(
    'A convolutional layer correlates its input with a bank of kernels — here Sobel x, Sobel y, Laplacian and a Gaussian — then applies ReLU: one feature map per kernel.',
    'edges',
    'phantom',
  )
  .step('2 × 2 max pooling keeps the strongest response in each block: half the size each way.', 'pool', 'maps')
  .step('An untrained layer has random kernels; its maps are still mixtures of edges and smoothing.', 'random', 'randomPool', 'randomMaps')
  .step('op.compare checks that the layer\'s activation is just ReLU after the correlation.', 'check', 'linear', 'relu', 'table')
  .step(
    'Convolution is translation equivariant: shifting the input shifts the feature maps, conv(shift(x)) = shift(conv(x)). op.compare checks it pixel for pixel. (Max pooling is equivariant only to shifts by multiples of its size.)',
    'equivariance',
    'shiftIn',
    'convShifted',
    'shiftOut',
    'equivarianceTable',
  );

add(
  'ct-reconstruction',
  'CT: filtered backprojection',
  'Project the phantom at 180 angles (the sinogram), ramp-filter each view, backproject: the phantom comes back. With 18 views streaks appear; without the ramp filter the image is blurred.',
)
  .node('phantom', 'source.testImage', 0, 1, { pattern: 'phantom', size: 128 }, 'phantom')
  .node('radon', 'op.radon', 1, 0, { angles: 180 }, 'sinogram, 180 views')
  .node('sinogram', 'sink.image', 2, -1, undefined, 'sinogram')
  .node('filter', 'op.rampFilter', 2, 0, { window: 'ram-lak' }, 'ramp filter')
  .node('recon', 'op.backproject', 3, 0, { size: 128 }, 'backproject')
  .node('reconView', 'sink.image', 4, -0.5, { range: 'unit' }, '180 views')
  .node('blurred', 'op.backproject', 3, 1, { size: 128 }, 'backproject, unfiltered')
  .node('blurredView', 'sink.image', 4, 0.5, undefined, 'no ramp filter')
  .node('sparse', 'op.radon', 1, 2, { angles: 18 }, 'sinogram, 18 views')
  .node('sparseFilter', 'op.rampFilter', 2, 2, { window: 'hann' }, 'ramp filter (Hann)')
  .node('sparseRecon', 'op.backproject', 3, 2, { size: 128 }, 'backproject')
  .node('sparseView', 'sink.image', 4, 1.5, { range: 'unit' }, '18 views')
  .node('check', 'op.compare', 4, 2.5, { tolerance: 0.4 }, 'reconstruction ≈ phantom')
  .node('table', 'sink.value', 5, 2.5)
  .link('phantom', 'radon.in')
  .link('radon', 'sinogram.in')
  .link('radon', 'filter.in')
  .link('filter', 'recon.in')
  .link('recon', 'reconView.in')
  .link('radon', 'blurred.in')
  .link('blurred', 'blurredView.in')
  .link('phantom', 'sparse.in')
  .link('sparse', 'sparseFilter.in')
  .link('sparseFilter', 'sparseRecon.in')
  .link('sparseRecon', 'sparseView.in')
  .link('phantom', 'check.a')
  .link('recon', 'check.b')
  .link('check', 'table.in')
  .node('rampKernel', 'kernel.ramp', 2, 3.2, { size: 257, window: 'ram-lak' }, 'ramp kernel')
  .node('rampPlot', 'sink.plot', 3, 3.2, { style: 'stem' }, 'ramp kernel')
  .link('rampKernel', 'rampPlot.in')
  .step('CT measures line integrals through the body at many angles: the Radon transform. Each row of the sinogram is one view.', 'radon', 'phantom', 'sinogram')
  .step('Smearing every view back across the image (backprojection) gives a blurred picture: low frequencies are counted far too often.', 'blurred', 'blurredView')
  .step(
    'The cure is to filter each view first with the ramp filter: a convolution with this kernel, h[0] = 1/4, h[odd k] = −1/(πk)². Its frequency response is |f| — see the Kernel view.',
    'rampKernel',
    'rampPlot',
  )
  .step('Ramp-filter, then backproject: filtered backprojection brings the phantom back.', 'filter', 'recon', 'reconView')
  .step('With only 18 views the reconstruction shows streaks: too few angles to pin the image down (sparse-view CT).', 'sparse', 'sparseFilter', 'sparseRecon', 'sparseView')
  .step('op.compare: the 180-view reconstruction matches the phantom within its tolerance.', 'check', 'table');

add(
  'ct-reconstruction-block',
  'CT reconstruction as a block',
  'Filtered backprojection (ramp filter, then backproject) kept as one block, run twice: on 180 views of the phantom, and on 18 views with a Hann window. Both instances share one definition; each sets its own window.',
)
  .node('phantom', 'source.testImage', 0, 1, { pattern: 'phantom', size: 128 }, 'phantom')
  .node('radon', 'op.radon', 1, 0, { angles: 180 }, 'sinogram, 180 views')
  .node('sinogram', 'sink.image', 2, -1, undefined, 'sinogram')
  .node('filter', 'op.rampFilter', 2, 0, { window: 'ram-lak' }, 'ramp filter')
  .node('recon', 'op.backproject', 3, 0, { size: 128 }, 'backproject')
  .node('reconView', 'sink.image', 4, 0, { range: 'unit' }, '180 views')
  .node('sparse', 'op.radon', 1, 2, { angles: 18 }, 'sinogram, 18 views')
  .node('sparseReconstruct', 'block', 2.5, 2)
  .node('sparseView', 'sink.image', 4, 2, { range: 'unit' }, '18 views')
  .node('check', 'op.compare', 4, 1, { tolerance: 0.4 }, 'reconstruction ≈ phantom')
  .node('table', 'sink.value', 5, 1)
  .link('phantom', 'radon.in')
  .link('radon', 'sinogram.in')
  .link('radon', 'filter.in')
  .link('filter', 'recon.in')
  .link('recon', 'reconView.in')
  .link('phantom', 'sparse.in')
  .link('sparse', 'sparseReconstruct.in')
  .link('sparseReconstruct', 'sparseView.in')
  .link('phantom', 'check.a')
  .link('recon', 'check.b')
  .link('check', 'table.in')
  .step('The Radon transform of the phantom: one sinogram row per view.', 'radon', 'phantom', 'sinogram')
  .step('The block is filtered backprojection: a ramp filter on each view, then backprojection. Double-click it to see inside; its face shows the filter\'s window.', 'reconstruct', 'reconView')
  .step('The same block again on 18 views, with a Hann window: one definition, two instances, each with its own window.', 'sparseReconstruct', 'sparse', 'sparseView')
  .step('op.compare: the 180-view reconstruction matches the phantom within its tolerance.', 'check', 'table')
  .block('reconstruct', 'CT reconstruction', ['filter', 'recon'], { window: ['filter.window'] })
  .blockParams('reconstruct', { window: 'ram-lak' })
  .instance('sparseReconstruct', 'reconstruct', { window: 'hann' });

{
  // Sparse-view cone-beam CT in 3-D. The phantom is random ellipsoids from the first seed the
  // shipped U-Net never trained on (its training seeds stop at 10,000: models/README.md); the
  // sparse route is the scan the model was trained for (24 views, op.conebeam's defaults, FDK
  // ram-lak at 64³). The 3-D Shepp–Logan was tried too: its bright skull lies outside what the
  // model saw, so the U-Net helps less there and a data-consistency step barely moves it.
  // Every op.compare takes the phantom as a, so relError is relative to the truth's peak; its
  // tolerance is loose on purpose (each route rebuilt the phantom on its scale): the lesson is
  // the rmsError column, which no tolerance here judges, so a retrained model changes no verdict.
  const ct = add(
    'ct-3d-sparse',
    'CT in 3-D: sparse views, a U-Net, data consistency',
    'A 64³ volume scanned by cone-beam CT from 120 views comes back clean through FDK; from 24 views FDK leaves streaks. ' +
      'A 3-D U-Net removes most of them, and a data-consistency step pulls its result back towards the 24 measured views. ' +
      'op.compare measures every route against the phantom (rmsError).',
  )
    .node('phantom', 'source.phantom3d', 0, 1.5, { pattern: 'ellipsoids', size: 64, count: 12, seed: 10001 }, 'phantom: the truth')
    .node('phantomView', 'sink.volume', 0, 2.6, { range: 'unit' }, 'phantom')
    .node('fullScan', 'op.conebeam', 1, 0, { views: 120 }, 'scan: 120 views')
    .node('fullFdk', 'op.fdk', 2, 0, { window: 'ram-lak' }, 'FDK, 120 views')
    .node('sparseScan', 'op.conebeam', 1, 1, { views: 24 }, 'scan: 24 views')
    .node('sparseFdk', 'op.fdk', 2, 1, { window: 'ram-lak' }, 'FDK, 24 views')
    .node('unet', 'op.unet3d', 3, 2, { weights: '', residual: true }, 'U-Net: remove the streaks')
    .node('dc', 'op.dataConsistency', 4, 3, { weight: 1, iterations: 1 }, 'data consistency: back to the 24 views')
    .node('fullView', 'sink.volume', 3, 0, { range: 'unit' }, '120 views: clean')
    .node('sparseView', 'sink.volume', 3, 1, { range: 'unit' }, '24 views: streaks')
    .node('unetView', 'sink.volume', 4, 2, { range: 'unit' }, 'U-Net: streaks gone')
    .node('dcView', 'sink.volume', 5, 3, { range: 'unit' }, 'U-Net + data consistency')
    .node('residualTable', 'sink.value', 5, 4, undefined, 'distance to the measured views')
    .node('fullError', 'op.compare', 6, 0, { tolerance: 0.5 }, 'phantom vs 120 views')
    .node('sparseError', 'op.compare', 6, 1, { tolerance: 0.5 }, 'phantom vs 24 views')
    .node('unetError', 'op.compare', 6, 2, { tolerance: 0.5 }, 'phantom vs U-Net')
    .node('dcError', 'op.compare', 6, 3, { tolerance: 0.5 }, 'phantom vs U-Net + DC')
    .node('table', 'sink.value', 7, 0, undefined, 'error, 120 views')
    .node('sparseTable', 'sink.value', 7, 1, undefined, 'error, 24 views')
    .node('unetTable', 'sink.value', 7, 2, undefined, 'error, U-Net')
    .node('dcTable', 'sink.value', 7, 3, undefined, 'error, U-Net + DC')
    .link('phantom', 'phantomView.in')
    .link('phantom', 'fullScan.in')
    .link('fullScan', 'fullFdk.in')
    .link('phantom', 'sparseScan.in')
    .link('sparseScan', 'sparseFdk.in')
    .link('sparseFdk', 'unet.in')
    .link('unet', 'dc.x')
    .link('sparseScan', 'dc.p')
    .link('fullFdk', 'fullView.in')
    .link('sparseFdk', 'sparseView.in')
    .link('unet', 'unetView.in')
    .link('dc', 'dcView.in')
    .link('dc.residual', 'residualTable.in');
  for (const [route, from, table] of [['full', 'fullFdk', 'table'], ['sparse', 'sparseFdk', 'sparseTable'], ['unet', 'unet', 'unetTable'], ['dc', 'dc', 'dcTable']] as const) {
    ct.link('phantom', `${route}Error.a`).link(from, `${route}Error.b`).link(`${route}Error`, `${table}.in`);
  }
  ct.step(
    'The truth: a 64 × 64 × 64 volume of twelve random ellipsoids (seed 10,001, one the U-Net below never saw in training). A scanner never sees it; it only measures X-ray projections.',
    'phantom',
    'phantomView',
  )
    .step(
      'A cone-beam CT scanner circles the volume and takes 120 projections: each detector pixel is the line integral of the volume from the source to that pixel.',
      'fullScan',
    )
    .step(
      'FDK rebuilds the volume: weight each projection, ramp-filter every detector row (a convolution, done by FFT), then smear each view back along its rays. From 120 views the volume comes back clean.',
      'fullFdk',
      'fullView',
    )
    .step(
      'Scan from only 24 views (a fifth of the dose and time) and the same FDK leaves streaks: too few angles to pin the volume down between them. This is sparse-view CT.',
      'sparseFdk',
      'sparseScan',
      'sparseView',
    )
    .step(
      'A 3-D U-Net trained on pairs (24-view FDK, phantom) takes the streaky volume in: 3-D convolutions at three scales, strided convolutions down and transposed ones up. The streaks are gone; fine detail is softened, because the network paints what such volumes looked like in training.',
      'unet',
      'unetView',
    )
    .step(
      'The U-Net never checked its result against the scan. Data consistency projects it with the same 24 views, subtracts what was measured and feeds the difference back through FDK, with a Hamming window: from so few views the bare ramp would over-correct fine detail. The residual ‖A x − p‖ / ‖p‖ falls: the volume agrees better with the scan.',
      'dc',
      'dcView',
      'residualTable',
    )
    .step(
      'Each route against the phantom: rmsError is the root-mean-square voxel error. 24 views are worse than 120; the U-Net cuts the 24-view error sharply (on volumes like those it trained on it may even beat 120 views); data consistency keeps it true to the scan. The loose tolerance only checks that each route is on the phantom\'s scale.',
      'sparseError',
      'sparseTable',
      'fullError',
      'table',
      'unetError',
      'unetTable',
      'dcError',
      'dcTable',
    );
}

add(
  'convolution-reverb',
  'Convolution reverb',
  'A dry plucked string convolved with a room impulse response (noise decaying as e^(−t/0.3 s)) sounds like the string in that room. convolab run writes the result to reverb.wav next to this file (the editor writes no files); FFT and overlap-add agree.',
)
  .node('dry', 'source.testSound', 0, 0, { kind: 'pluck', duration: 1, rate: 16000 }, 'dry pluck')
  .node('noise', 'source.function', 0, 1, { shape: 'noise', t0: 0, t1: 1, rate: 16000, amplitude: 0.05, seed: 7 }, 'noise')
  .node('decay', 'source.function', 0, 2, { shape: 'exponential', t0: 0, t1: 1, rate: 16000, width: 0.3 }, 'e^(−t/0.3)')
  .node('ir', 'op.multiply', 1, 1.5, undefined, 'impulse response')
  .node('irPlot', 'sink.plot', 2, 2.3, { x: 'time' }, 'impulse response')
  .node('wet', 'op.convolve', 2, 0.5, { method: 'fft' }, 'dry * IR (FFT)')
  .node('wetOla', 'op.convolve', 2, 1.5, { method: 'overlap-add' }, 'dry * IR (overlap-add)')
  .node('file', 'sink.file', 3, 0, { path: 'reverb.wav' }, 'reverb.wav')
  .node('listen', 'sink.audio', 3, 1, { normalize: true }, 'listen')
  .node('check', 'op.compare', 3, 2, { tolerance: 1e-9 }, 'FFT = overlap-add')
  .node('table', 'sink.value', 4, 2)
  .link('noise', 'ir.a')
  .link('decay', 'ir.b')
  .link('ir', 'irPlot.in')
  .link('dry', 'wet.a')
  .link('ir', 'wet.b')
  .link('dry', 'wetOla.a')
  .link('ir', 'wetOla.b')
  .link('wet', 'file.in')
  .link('wet', 'listen.in')
  .link('wet', 'check.a')
  .link('wetOla', 'check.b')
  .link('check', 'table.in')
  .step('A plucked string, dry: one second at 16 kHz.', 'dry')
  .step('A room\'s impulse response — what it does to a click: noise decaying as e^(−t/0.3 s).', 'ir', 'noise', 'decay', 'irPlot')
  .step(
    'Convolving the dry sound with the impulse response puts the string in the room: 16,000 samples by 16,001 (the response includes both 0 s and 1 s) give 16,000 + 16,001 − 1 = 32,000, instant through the FFT. Listen here; the File node writes reverb.wav next to the graph file when convolab run runs it (the editor writes no files, and the node says so).',
    'wet',
    'listen',
    'file',
  )
  .step('Overlap-add works block by block, as real-time reverbs do, and gives the same result as one big FFT.', 'check', 'wetOla', 'table');

add(
  'parseval',
  'Parseval',
  'Energy is the same in time and frequency: Σ|x[n]|² = (1/N) Σ|X[k]|². Each side is read as an autocorrelation at lag 0; op.stats shows the same energy for the signal and its spectrum.',
)
  .node('x', 'source.function', 0, 0.5, { shape: 'noise', t0: 0, t1: 1, rate: 255, seed: 3 }, 'x: 256 noise samples')
  .node('fft', 'op.fft', 1, 1.5, undefined, 'X = FFT(x)')
  .node('magnitude', 'op.magnitude', 2, 1.5, undefined, '|X|')
  .node('scaled', 'op.scale', 3, 1.5, { factor: 1 / 16 }, '|X| / √N')
  .node('timeEnergy', 'op.correlate', 1, 0, { method: 'direct' }, 'x ⋆ x')
  .node('timeLag0', 'op.sample', 2, 0, { index: 0 }, 'Σ|x|²')
  .node('freqEnergy', 'op.correlate', 4, 1.5, { method: 'direct' }, '(|X|/√N) ⋆ (|X|/√N)')
  .node('freqLag0', 'op.sample', 5, 1.5, { index: 0 }, '(1/N) Σ|X|²')
  .node('check', 'op.compare', 5, 0.5, { tolerance: 1e-9 }, 'Parseval')
  .node('table', 'sink.value', 6, 0.5)
  .node('timeStats', 'op.stats', 1, 2.5, undefined, 'stats of x')
  .node('timeTable', 'sink.value', 2, 2.5, undefined, 'energy of x')
  .node('freqStats', 'op.stats', 2, 3.3, undefined, 'stats of X')
  .node('freqTable', 'sink.value', 3, 3.3, undefined, 'energy of X / N')
  .link('x', 'fft.in')
  .link('fft', 'magnitude.in')
  .link('magnitude', 'scaled.in')
  .link('x', 'timeEnergy.a')
  .link('x', 'timeEnergy.b')
  .link('timeEnergy', 'timeLag0.in')
  .link('scaled', 'freqEnergy.a')
  .link('scaled', 'freqEnergy.b')
  .link('freqEnergy', 'freqLag0.in')
  .link('timeLag0', 'check.a')
  .link('freqLag0', 'check.b')
  .link('check', 'table.in')
  .link('x', 'timeStats.in')
  .link('timeStats', 'timeTable.in')
  .link('fft', 'freqStats.in')
  .link('freqStats', 'freqTable.in')
  .step('256 samples of noise and their spectrum X = FFT(x).', 'x', 'fft', 'magnitude')
  .step('The autocorrelation of x at lag 0 is Σ|x[n]|²: the signal\'s energy.', 'timeEnergy', 'timeLag0')
  .step('The same for |X|/√N gives (1/N) Σ|X[k]|²: the energy counted in frequency.', 'freqEnergy', 'scaled', 'freqLag0')
  .step('They are equal (Parseval\'s theorem); op.stats shows the same energy for the signal and its spectrum.', 'check', 'table', 'timeStats', 'timeTable', 'freqStats', 'freqTable');

export const EXAMPLE_FILES = examples.map((example) => `${example.file}.convolab.json`);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const example of examples) {
    writeFileSync(new URL(`./${example.file}.convolab.json`, import.meta.url), writeGraph(example.document()));
  }
  process.stdout.write(`wrote ${examples.length} examples\n`);
}
