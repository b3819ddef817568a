/**
 * The typed syntax tree of a TraceQL query, the language of Grafana Tempo (pkg/traceql/expr.y).
 * Every node carries the offsets of the source text it was read from: `from` inclusive, `to` exclusive,
 * in UTF-16 code units (what an editor such as CodeMirror counts). Parentheses leave no node of their own.
 */

export interface Located {
  from: number;
  to: number;
}

// ---- values -------------------------------------------------------------------------------------

export type StatusValue = 'ok' | 'error' | 'unset';
export type KindValue = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** A literal. Integers and durations are 64-bit (durations in nanoseconds), as in Tempo. */
export type Static = Located & { type: 'static' } & (
  | { valueType: 'string'; value: string }
  | { valueType: 'int'; value: bigint }
  | { valueType: 'float'; value: number }
  | { valueType: 'bool'; value: boolean }
  | { valueType: 'duration'; value: bigint }
  | { valueType: 'nil' }
  | { valueType: 'status'; value: StatusValue }
  | { valueType: 'kind'; value: KindValue }
);

export type StaticValueType = Static['valueType'];

// ---- fields -------------------------------------------------------------------------------------

/** Intrinsics by their scoped name; the unscoped spellings (`duration`, `rootName`, …) map onto these. */
export type IntrinsicName =
  | 'span:duration' | 'span:name' | 'span:status' | 'span:statusMessage' | 'span:kind'
  | 'span:id' | 'span:parentID' | 'span:childCount'
  | 'trace:duration' | 'trace:rootName' | 'trace:rootService' | 'trace:id'
  | 'event:name' | 'event:timeSinceStart'
  | 'link:traceID' | 'link:spanID'
  | 'instrumentation:name' | 'instrumentation:version'
  | 'parent' | 'nestedSetLeft' | 'nestedSetRight' | 'nestedSetParent';

export interface Intrinsic extends Located {
  type: 'intrinsic';
  name: IntrinsicName;
  /** As written: `traceDuration`, `trace:duration`, `duration`, …; the printer writes it back. */
  spelling: string;
}

export type AttributeScope = 'none' | 'span' | 'resource' | 'event' | 'link' | 'instrumentation';

/** `span.http.method`, `.foo` (scope none: span, then resource), `parent.resource.x`, `span."a b"`. */
export interface Attribute extends Located {
  type: 'attribute';
  scope: AttributeScope;
  parent: boolean;
  name: string;
}

export type Field = Intrinsic | Attribute;

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^';
export type FieldBinaryOp = ComparisonOp | ArithmeticOp | '=~' | '!~' | '&&' | '||';

export interface BinaryOperation extends Located {
  type: 'binary';
  op: FieldBinaryOp;
  lhs: FieldExpression;
  rhs: FieldExpression;
}

export interface UnaryOperation extends Located {
  type: 'unary';
  op: '-' | '!';
  operand: FieldExpression;
}

/** What goes inside `{ }`, `by( )` and the aggregates. */
export type FieldExpression = Static | Field | BinaryOperation | UnaryOperation;

// ---- spansets and pipelines -----------------------------------------------------------------------

/** `{ … }`; `expression` is null for `{ }`, which matches every span. */
export interface SpansetFilter extends Located {
  type: 'spansetFilter';
  expression: FieldExpression | null;
}

export type SpansetOp =
  | '&&' | '||'
  | '>' | '<' | '>>' | '<<' | '~'
  | '!>' | '!<' | '!>>' | '!<<' | '!~'
  | '&>' | '&<' | '&>>' | '&<<' | '&~';

/**
 * Two spansets combined. The operands are spanset expressions, or (Tempo's spansetPipelineExpression)
 * pipelines in parentheses: `({ a } | count() > 1) && ({ b } | by(.x))`. Tempo never mixes the two.
 */
export interface SpansetOperation extends Located {
  type: 'spansetOperation';
  op: SpansetOp;
  lhs: SpansetExpression | Pipeline;
  rhs: SpansetExpression | Pipeline;
}

export type SpansetExpression = SpansetFilter | SpansetOperation;

export type AggregateFunction = 'count' | 'avg' | 'min' | 'max' | 'sum';

/** `count()` (field null), `avg(duration)`, `max(span.bytes * 2)`. */
export interface Aggregate extends Located {
  type: 'aggregate';
  fn: AggregateFunction;
  field: FieldExpression | null;
}

export interface ScalarOperation extends Located {
  type: 'scalarOperation';
  op: ArithmeticOp;
  lhs: ScalarExpression;
  rhs: ScalarExpression;
}

/**
 * A number computed per spanset. A `Pipeline` here is a parenthesized pipeline ending in an aggregate,
 * `({ } | count())`, which only Tempo's scalarPipelineExpressionFilter (pipeline against pipeline) has.
 */
export type ScalarExpression = Aggregate | Static | ScalarOperation | Pipeline;

/** `count() > 2`, `avg(duration) >= 1s`. */
export interface ScalarFilter extends Located {
  type: 'scalarFilter';
  op: ComparisonOp;
  lhs: ScalarExpression;
  rhs: ScalarExpression;
}

/** `by(resource.service.name)` as a pipeline stage: one field expression. */
export interface GroupOperation extends Located {
  type: 'groupBy';
  expression: FieldExpression;
}

export interface SelectOperation extends Located {
  type: 'select';
  fields: Field[];
}

export interface CoalesceOperation extends Located {
  type: 'coalesce';
}

export type Stage =
  | SpansetExpression
  | ScalarFilter
  | GroupOperation
  | SelectOperation
  | CoalesceOperation
  /** Only as the last stage of a pipeline inside a ScalarExpression. */
  | Aggregate;

export interface Pipeline extends Located {
  type: 'pipeline';
  stages: Stage[];
}

// ---- metrics ------------------------------------------------------------------------------------

export type MetricsFunctionName =
  | 'rate' | 'count_over_time'
  | 'min_over_time' | 'max_over_time' | 'avg_over_time' | 'sum_over_time'
  | 'quantile_over_time' | 'histogram_over_time';

/** `rate() by (resource.service.name)`, `quantile_over_time(duration, .5, .95)`. */
export interface MetricsAggregate extends Located {
  type: 'metricsAggregate';
  fn: MetricsFunctionName;
  /** The measured field: null for rate() and count_over_time(). */
  field: Field | null;
  /** quantile_over_time's quantiles; empty for the others. */
  quantiles: number[];
  by: Field[];
}

/** `compare({ status = error }, topN, start, end)`: the optional numbers as written, null when left out. */
export interface MetricsCompare extends Located {
  type: 'compare';
  filter: SpansetFilter;
  topN: bigint | null;
  start: bigint | null;
  end: bigint | null;
}

export type MetricsFunction = MetricsAggregate | MetricsCompare;

/** `| topk(10)` or `| bottomk(10)` after a metrics function. */
export interface SecondStage extends Located {
  type: 'topk' | 'bottomk';
  limit: bigint;
}

/** One `key = value` of `with (…)`. */
export interface Hint extends Located {
  type: 'hint';
  key: string;
  value: Static;
}

// ---- the query ------------------------------------------------------------------------------------

/**
 * A whole query: a pipeline, then optionally a metrics function and its second stages, then hints.
 * Pipelines combined by spanset operators, and pipelines compared with each other, are a pipeline
 * of one stage (a SpansetOperation or a ScalarFilter over pipelines), as in Tempo's RootExpr.
 */
export interface ParsedQuery extends Located {
  type: 'query';
  /** The text the query was parsed from; positions in errors and node offsets refer to it. */
  source: string;
  pipeline: Pipeline;
  metrics: MetricsFunction | null;
  secondStages: SecondStage[];
  hints: Hint[];
}

export type Node =
  | ParsedQuery | Pipeline | Stage | SpansetOperation | ScalarOperation | FieldExpression
  | MetricsFunction | SecondStage | Hint;
