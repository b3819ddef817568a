import type { Cursor } from './cursor';
import type { Token } from './lexer';

/**
 * Binding strength of the binary operators, from Tempo's expr.y (`%left`/`%right`, weakest first):
 * `&& ||` share one level, so `a || b && c` is `(a || b) && c`; the comparisons and the structural
 * operators share the next; then `+ -`; then unary `!` (and unary `-`, which yacc gives the level of `-`);
 * then `* / %`; then `^`, the only right-associative one.
 */
export const LOGICAL = 1;
export const COMPARISON = 2;
export const ADDITIVE = 3;
/** Unary `-` and `!` take in `* / % ^` and stop before `+ -` and the comparisons. */
export const UNARY = 4;
export const MULTIPLICATIVE = 5;
export const POWER = 6;

export const FIELD_OPERATORS: Record<string, number> = {
  '&&': LOGICAL, '||': LOGICAL,
  '=': COMPARISON, '!=': COMPARISON, '<': COMPARISON, '<=': COMPARISON,
  '>': COMPARISON, '>=': COMPARISON, '=~': COMPARISON, '!~': COMPARISON,
  '+': ADDITIVE, '-': ADDITIVE,
  '*': MULTIPLICATIVE, '/': MULTIPLICATIVE, '%': MULTIPLICATIVE,
  '^': POWER,
};

export const ARITHMETIC_OPERATORS: Record<string, number> = {
  '+': ADDITIVE, '-': ADDITIVE,
  '*': MULTIPLICATIVE, '/': MULTIPLICATIVE, '%': MULTIPLICATIVE,
  '^': POWER,
};

export const SPANSET_OPERATORS: Record<string, number> = {
  '&&': LOGICAL, '||': LOGICAL,
  '>': COMPARISON, '<': COMPARISON, '>>': COMPARISON, '<<': COMPARISON, '~': COMPARISON,
  '!>': COMPARISON, '!<': COMPARISON, '!>>': COMPARISON, '!<<': COMPARISON, '!~': COMPARISON,
  '&>': COMPARISON, '&<': COMPARISON, '&>>': COMPARISON, '&<<': COMPARISON, '&~': COMPARISON,
};

export const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

export function isRightAssociative(op: string): boolean {
  return op === '^';
}

export function precedenceOf(table: Record<string, number>, token: Token): number | undefined {
  return token.kind === 'punct' && Object.hasOwn(table, token.text) ? table[token.text] : undefined;
}

/**
 * Precedence climbing: extends `lhs` with every operator of `table` binding at least `min`,
 * reading operands with `operand`. Left-associative but for `^`.
 */
export function climb<T>(
  cursor: Cursor,
  table: Record<string, number>,
  lhs: T,
  min: number,
  operand: (op: Token) => T,
  combine: (op: Token, lhs: T, rhs: T) => T,
): T {
  for (;;) {
    const op = cursor.peek();
    const level = precedenceOf(table, op);
    if (level === undefined || level < min) return lhs;
    cursor.advance();
    let rhs = operand(op);
    for (;;) {
      const next = precedenceOf(table, cursor.peek());
      if (next === undefined) break;
      if (next > level) rhs = climb(cursor, table, rhs, level + 1, operand, combine);
      else if (next === level && isRightAssociative(op.text)) rhs = climb(cursor, table, rhs, level, operand, combine);
      else break;
    }
    lhs = combine(op, lhs, rhs);
  }
}
