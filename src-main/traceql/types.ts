import type { FieldExpression, ScalarExpression } from './ast';
import { INTRINSIC_TYPES } from './intrinsics';

/**
 * The type an expression is known to have before any span is read (Tempo's impliedType). Attributes are
 * `any`: their type is the stored value's.
 */
export type ValueType = 'string' | 'int' | 'float' | 'bool' | 'duration' | 'nil' | 'status' | 'kind' | 'any';

const BOOLEAN_OPS = new Set(['=', '!=', '<', '<=', '>', '>=', '=~', '!~', '&&', '||']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '^']);

export function typeOf(e: FieldExpression): ValueType {
  switch (e.type) {
    case 'static':
      return e.valueType;
    case 'attribute':
      return 'any';
    case 'intrinsic':
      return INTRINSIC_TYPES[e.name];
    case 'unary':
      return unaryResultType(e.op, typeOf(e.operand));
    case 'binary':
      return binaryResultType(e.op, typeOf(e.lhs), typeOf(e.rhs));
  }
}

export function unaryResultType(op: '-' | '!', operand: ValueType): ValueType {
  return op === '!' ? 'bool' : operand;
}

/** Comparisons and logic give a boolean; arithmetic the type of its first operand of known type. */
export function binaryResultType(op: string, lhs: ValueType, rhs: ValueType): ValueType {
  return BOOLEAN_OPS.has(op) ? 'bool' : firstKnown(lhs, rhs);
}

export function scalarTypeOf(e: ScalarExpression): ValueType {
  switch (e.type) {
    case 'static':
      return e.valueType;
    case 'aggregate':
      return e.fn === 'count' || e.field === null ? 'int' : typeOf(e.field);
    case 'scalarOperation':
      return binaryResultType(e.op, scalarTypeOf(e.lhs), scalarTypeOf(e.rhs));
    case 'pipeline': {
      const last = e.stages[e.stages.length - 1];
      return last.type === 'aggregate' ? scalarTypeOf(last) : 'any';
    }
  }
}

function firstKnown(a: ValueType, b: ValueType): ValueType {
  return a === 'any' ? b : a;
}

export function isNumeric(t: ValueType): boolean {
  return t === 'int' || t === 'float' || t === 'duration';
}

/** Tempo's isMatchingOperand: the same type, both numbers (int, float, duration), or an attribute. */
export function isMatchingOperand(a: ValueType, b: ValueType): boolean {
  return a === 'any' || b === 'any' || a === b || (isNumeric(a) && isNumeric(b));
}

/** Tempo's binaryTypeValid: which operators a type takes. */
export function operatorTakes(op: string, t: ValueType): boolean {
  switch (t) {
    case 'any':
      return true;
    case 'bool':
      return op === '&&' || op === '||' || op === '=' || op === '!=';
    case 'int':
    case 'float':
    case 'duration':
      return ARITHMETIC.has(op) || ['=', '!=', '<', '<=', '>', '>='].includes(op);
    case 'string':
      return ['=', '!=', '=~', '!~', '<', '<=', '>', '>='].includes(op);
    case 'nil':
    case 'status':
    case 'kind':
      return op === '=' || op === '!=';
  }
}

/** A phrase for messages: "a string", "an integer", … */
export function describeType(t: ValueType): string {
  const names: Record<ValueType, string> = {
    string: 'a string', int: 'an integer', float: 'a float', bool: 'a boolean', duration: 'a duration',
    nil: 'nil', status: 'a status', kind: 'a span kind', any: 'an attribute',
  };
  return names[t];
}

/** Whether an expression reads anything of the span (an intrinsic or an attribute), not only literals. */
export function referencesSpan(e: FieldExpression): boolean {
  switch (e.type) {
    case 'static':
      return false;
    case 'attribute':
    case 'intrinsic':
      return true;
    case 'unary':
      return referencesSpan(e.operand);
    case 'binary':
      return referencesSpan(e.lhs) || referencesSpan(e.rhs);
  }
}
