/**
 * A `source.function` expression as numpy code. The expression is parsed and checked by the same
 * code Convolab evaluates it with (nodes/expression.ts); the Python is then written from that tree
 * alone — numbers as literals, `t`, `pi`, `e`, and a fixed table of operators and functions — so
 * no text of the expression reaches the script as code. Every leaf is a numpy float64, so
 * division by zero, 0 ** -1 and (-8) ** (1/3) give inf and nan as JavaScript does, not Python's
 * exceptions or complex numbers.
 */
import type { MathNode } from 'mathjs/number';
import { parseExpression } from '../nodes/expression';

const BINARY: Readonly<Record<string, (a: string, b: string) => string>> = {
  add: (a, b) => `(${a} + ${b})`,
  subtract: (a, b) => `(${a} - ${b})`,
  multiply: (a, b) => `(${a} * ${b})`,
  divide: (a, b) => `(${a} / ${b})`,
  pow: (a, b) => `(${a} ** ${b})`,
  mod: (a, b) => `(${a} - ${b} * np.floor(${a} / ${b}))`,
  // Comparisons give 1 or 0, as in Convolab.
  larger: (a, b) => `np.where(${a} > ${b}, 1.0, 0.0)`,
  smaller: (a, b) => `np.where(${a} < ${b}, 1.0, 0.0)`,
  largerEq: (a, b) => `np.where(${a} >= ${b}, 1.0, 0.0)`,
  smallerEq: (a, b) => `np.where(${a} <= ${b}, 1.0, 0.0)`,
  equal: (a, b) => `np.where(${a} == ${b}, 1.0, 0.0)`,
  unequal: (a, b) => `np.where(${a} != ${b}, 1.0, 0.0)`,
};

const UNARY_FUNCTIONS: Readonly<Record<string, string>> = {
  sin: 'np.sin', cos: 'np.cos', tan: 'np.tan', asin: 'np.arcsin', acos: 'np.arccos', atan: 'np.arctan',
  sinh: 'np.sinh', cosh: 'np.cosh', tanh: 'np.tanh', exp: 'np.exp', log: 'np.log', log10: 'np.log10', log2: 'np.log2',
  sqrt: 'np.sqrt', cbrt: 'np.cbrt', abs: 'np.abs', sign: 'np.sign', floor: 'np.floor', ceil: 'np.ceil',
};

/** Functions of more arguments, or written out: JavaScript's Math.round rounds halves up. */
const OTHER_FUNCTIONS: Readonly<Record<string, (args: string[]) => string | undefined>> = {
  round: (args) => (args.length === 1 ? `np.floor(${args[0]} + 0.5)` : undefined),
  sinc: (args) => (args.length === 1 ? `np.where(${args[0]} == 0, 1.0, np.sin(np.pi * ${args[0]}) / (np.pi * ${args[0]}))` : undefined),
  atan2: (args) => (args.length === 2 ? `np.arctan2(${args[0]}, ${args[1]})` : undefined),
  pow: (args) => (args.length === 2 ? `(${args[0]} ** ${args[1]})` : undefined),
  mod: (args) => (args.length === 2 ? BINARY.mod!(args[0]!, args[1]!) : undefined),
  min: (args) => (args.length > 0 ? args.reduce((a, b) => `np.minimum(${a}, ${b})`) : undefined),
  max: (args) => (args.length > 0 ? args.reduce((a, b) => `np.maximum(${a}, ${b})`) : undefined),
  hypot: (args) => (args.length > 0 ? `np.sqrt(${args.map((arg) => `${arg} ** 2`).join(' + ')})` : undefined),
};

class Untranslatable extends Error {}

function translate(node: MathNode): string {
  const any = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case 'ConstantNode': {
      const value = any.value as number;
      return Number.isFinite(value) ? `np.float64(${String(value)})` : `np.float64(${value > 0 ? 'math.inf' : value < 0 ? '-math.inf' : 'math.nan'})`;
    }
    case 'SymbolNode':
      if (any.name === 't') return 't';
      if (any.name === 'pi') return 'np.float64(math.pi)';
      if (any.name === 'e') return 'np.float64(math.e)';
      break;
    case 'ParenthesisNode':
      return translate(any.content as MathNode);
    case 'OperatorNode': {
      const args = (any.args as MathNode[]).map(translate);
      if (args.length === 1 && any.fn === 'unaryMinus') return `(-${args[0]})`;
      if (args.length === 1 && any.fn === 'unaryPlus') return args[0]!;
      const op = Object.hasOwn(BINARY, any.fn as string) ? BINARY[any.fn as string] : undefined;
      if (args.length === 2 && op) return op(args[0]!, args[1]!);
      break;
    }
    case 'ConditionalNode':
      return `np.where(${translate(any.condition as MathNode)} != 0, ${translate(any.trueExpr as MathNode)}, ${translate(any.falseExpr as MathNode)})`;
    case 'FunctionNode': {
      const name = (any.fn as { name?: string }).name ?? '';
      const args = (any.args as MathNode[]).map(translate);
      if (Object.hasOwn(UNARY_FUNCTIONS, name) && args.length === 1) return `${UNARY_FUNCTIONS[name]}(${args[0]})`;
      const written = Object.hasOwn(OTHER_FUNCTIONS, name) ? OTHER_FUNCTIONS[name]!(args) : undefined;
      if (written !== undefined) return written;
      throw new Untranslatable(`${name} with ${args.length} argument${args.length === 1 ? '' : 's'} has no numpy form here`);
    }
  }
  throw new Untranslatable(`${node.type} has no numpy form here`);
}

/** `lambda t: …` computing the expression over an array t, or the reason it cannot be written. */
export function expressionToPython(text: string): { ok: true; code: string } | { ok: false; error: string } {
  const tree = parseExpression(text);
  if (tree === undefined) return { ok: false, error: 'Convolab refuses this expression, so there is nothing to port' };
  try {
    return { ok: true, code: `lambda t: ${translate(tree)}` };
  } catch (error) {
    if (error instanceof Untranslatable) return { ok: false, error: error.message };
    throw error;
  }
}
