/**
 * Safe expressions for `source.function`: parsed by mathjs, then checked node by node and compiled
 * to a closure of our own. Only numbers, the symbols t, pi and e, arithmetic and comparison
 * operators, parentheses, `a ? b : c` and a fixed list of math functions pass; mathjs's own
 * evaluator is never called, so no assignment, function definition, import or property access can
 * run, whatever the file says (../shared/FORMAT.md: "Loading a file never runs code from it").
 */
import type { MathNode } from 'mathjs/number';
import { parse } from './expression-parser';

export type CompiledExpression = (t: number) => number;

const FUNCTIONS: Readonly<Record<string, (...args: number[]) => number>> = {
  sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan, atan2: Math.atan2,
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh, exp: Math.exp, log: Math.log, log10: Math.log10, log2: Math.log2,
  sqrt: Math.sqrt, cbrt: Math.cbrt, abs: Math.abs, sign: Math.sign, floor: Math.floor, ceil: Math.ceil, round: Math.round,
  min: Math.min, max: Math.max, pow: Math.pow, hypot: Math.hypot,
  mod: (a, b) => a - b * Math.floor(a / b),
  sinc: (x) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x)),
};

const OPERATORS: Readonly<Record<string, (a: number, b: number) => number>> = {
  add: (a, b) => a + b, subtract: (a, b) => a - b, multiply: (a, b) => a * b, divide: (a, b) => a / b,
  pow: (a, b) => a ** b, mod: (a, b) => a - b * Math.floor(a / b),
  larger: (a, b) => +(a > b), smaller: (a, b) => +(a < b), largerEq: (a, b) => +(a >= b), smallerEq: (a, b) => +(a <= b),
  equal: (a, b) => +(a === b), unequal: (a, b) => +(a !== b),
};

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

export const ALLOWED_FUNCTIONS = Object.keys(FUNCTIONS);

class ExpressionError extends Error {}

function compileNode(node: MathNode): CompiledExpression {
  const any = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case 'ConstantNode': {
      const value = any.value;
      if (typeof value !== 'number') throw new ExpressionError(`only numbers are allowed (got ${JSON.stringify(String(value))})`);
      return () => value;
    }
    case 'SymbolNode': {
      const name = any.name as string;
      if (name === 't') return (t) => t;
      const value = Object.hasOwn(CONSTANTS, name) ? CONSTANTS[name] : undefined;
      if (value !== undefined) return () => value;
      throw new ExpressionError(`unknown name ${name}: use t, pi, e and functions such as ${ALLOWED_FUNCTIONS.slice(0, 6).join(', ')}`);
    }
    case 'ParenthesisNode':
      return compileNode(any.content as MathNode);
    case 'OperatorNode': {
      const fn = any.fn as string;
      const args = (any.args as MathNode[]).map(compileNode);
      if (args.length === 1) {
        const x = args[0]!; // one argument, by the length just checked
        if (fn === 'unaryMinus') return (t) => -x(t);
        if (fn === 'unaryPlus') return x;
      }
      const op = Object.hasOwn(OPERATORS, fn) ? OPERATORS[fn] : undefined;
      if (args.length === 2 && op !== undefined) {
        const a = args[0]!, b = args[1]!; // two arguments, by the length just checked
        return (t) => op(a(t), b(t));
      }
      throw new ExpressionError(`operator ${any.op as string} is not allowed: use + - * / ^ % and comparisons`);
    }
    case 'ConditionalNode': {
      const condition = compileNode(any.condition as MathNode);
      const yes = compileNode(any.trueExpr as MathNode);
      const no = compileNode(any.falseExpr as MathNode);
      return (t) => (condition(t) !== 0 ? yes(t) : no(t));
    }
    case 'FunctionNode': {
      const target = any.fn as MathNode & { name?: string };
      const f = target.type === 'SymbolNode' && target.name !== undefined && Object.hasOwn(FUNCTIONS, target.name) ? FUNCTIONS[target.name] : undefined;
      if (f === undefined) {
        const name = target.type === 'SymbolNode' ? target.name : 'this call';
        throw new ExpressionError(`function ${name} is not allowed: use ${ALLOWED_FUNCTIONS.join(', ')}`);
      }
      const args = (any.args as MathNode[]).map(compileNode);
      if (args.length === 1) {
        const x = args[0]!; // one argument, by the length just checked
        return (t) => f(x(t));
      }
      return (t) => f(...args.map((arg) => arg(t)));
    }
    default:
      throw new ExpressionError(`${describeNode(node.type)} is not allowed: write arithmetic in t, e.g. exp(-t) * (t >= 0)`);
  }
}

function describeNode(type: string): string {
  switch (type) {
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      return 'assignment';
    case 'AccessorNode':
    case 'IndexNode':
      return 'property or index access';
    case 'ObjectNode':
      return 'an object';
    case 'ArrayNode':
    case 'RangeNode':
      return 'a list';
    case 'BlockNode':
      return 'more than one statement';
    default:
      return type.replace(/Node$/, '').toLowerCase();
  }
}

/** The parse tree of an expression compileExpression accepts (the Python export translates it). */
export function parseExpression(text: string): MathNode | undefined {
  return compileExpression(text).ok ? parse(text) : undefined;
}

/**
 * What a parse or a walk of the tree says when the text nests deeper than the stack allows (a
 * few hundred parentheses, or thousands of terms in a row, each one level of the tree): the
 * engine's "Maximum call stack size exceeded" tells nobody what to change.
 */
const TOO_DEEP = 'it nests too deeply to read (too many parentheses, or too many terms in one row): write it shorter';

function isTooDeep(error: unknown): boolean {
  return error instanceof RangeError;
}

/** Compiles an expression in t, or returns the one-line reason it is refused. */
export function compileExpression(text: string): { ok: true; f: CompiledExpression } | { ok: false; error: string } {
  let tree: MathNode;
  try {
    tree = parse(text);
  } catch (error) {
    if (isTooDeep(error)) return { ok: false, error: TOO_DEEP };
    return { ok: false, error: `cannot read it: ${error instanceof Error ? error.message : String(error)}` };
  }
  try {
    return { ok: true, f: compileNode(tree) };
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, error: error.message };
    if (isTooDeep(error)) return { ok: false, error: TOO_DEEP };
    throw error;
  }
}

/**
 * A number typed into a param field, with arithmetic ("2+3", "pi/4", "sqrt(2)") read by the same
 * parser and checks as expressions, but without t and without implicit multiplication: "7x" and
 * "1e" are refused rather than read as 7·x or 1·e. Returns the value (possibly not finite: the
 * caller says what range it wants) or the one-line reason.
 */
const ARITHMETIC_NODES = new Set(['ConstantNode', 'SymbolNode', 'ParenthesisNode', 'OperatorNode', 'FunctionNode', 'ConditionalNode']);

export function evaluateArithmetic(text: string): { ok: true; value: number } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: false, error: 'empty' };
  let tree: MathNode;
  let nodes: (MathNode & Record<string, unknown>)[];
  try {
    tree = parse(text);
    nodes = tree.filter(() => true) as (MathNode & Record<string, unknown>)[];
  } catch (error) {
    if (isTooDeep(error)) return { ok: false, error: TOO_DEEP };
    return { ok: false, error: `cannot read it (${error instanceof Error ? error.message : String(error)})` };
  }
  const unknown = nodes.find((node) => node.type === 'SymbolNode' && !Object.hasOwn(CONSTANTS, node.name as string) && !Object.hasOwn(FUNCTIONS, node.name as string));
  const foreign = nodes.find((node) => !ARITHMETIC_NODES.has(node.type));
  const problem = unknown
    ? `${unknown.name as string} is unknown`
    : foreign
      ? `${describeNode(foreign.type)} is not allowed here`
      : nodes.some((node) => node.type === 'OperatorNode' && node.implicit === true)
        ? 'an operator is missing between its parts'
        : undefined;
  if (problem !== undefined) return { ok: false, error: problem };
  try {
    return { ok: true, value: compileNode(tree)(0) };
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, error: error.message };
    if (isTooDeep(error)) return { ok: false, error: TOO_DEEP };
    throw error;
  }
}
