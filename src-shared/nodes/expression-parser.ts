/**
 * mathjs's expression parser, alone (expression.ts checks and compiles what it parses). A module of
 * its own so that the built CLI can load it on first use: mathjs is a third of the CLI's code, and
 * a graph without an expression never parses one (scripts/build-cli.mjs, "lazy modules").
 */
// The number-only build's parser alone, made from its factory: a bundle then holds what parsing
// needs and not the rest of the library (the built CLI's worker loads a third as much code, and
// a thread that never parses an expression loads none of it).
import { create, parseDependencies, type MathNode } from 'mathjs/number';

// (mathjs types its dependency maps as a record, so each may be undefined to the compiler.)
if (parseDependencies === undefined) throw new Error('mathjs/number has no parse factory');
const parser = create({ parseDependencies });

/** Parses an expression into mathjs's tree; throws a SyntaxError on text it cannot read. */
export function parse(text: string): MathNode {
  return parser.parse(text);
}
