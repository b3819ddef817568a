/**
 * What a span calls, for its icon: a database, a message broker, HTTP or RPC. The waterfall document carries no
 * attributes, so the server's category (from db.* and messaging.* attributes) is used when it has one, and the
 * kind and name decide otherwise: messaging kinds, SQL statements, HTTP methods, gRPC's "package.Service/Method".
 */
import type { SpanKind } from '../../../src-main/model/span';
import type { SpanCategory } from '../../../src-main/model/api';

const SQL = /^(SELECT|INSERT|UPDATE|DELETE|UPSERT|MERGE|REPLACE|CREATE|DROP|ALTER|TRUNCATE|BEGIN|COMMIT|ROLLBACK|WITH|CALL|EXEC)\b(?!\s*\/)/i;
const DATABASE_WORDS = /^(postgres(ql)?|mysql|mariadb|sqlite|redis|mongo(db)?|cassandra|memcached|dynamodb|elasticsearch|opensearch|db|sql)\b/i;
const HTTP = /^(HTTP )?(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|CONNECT|TRACE)( \/|$| \S*\/)/;
const RPC = /^[\w.]+\.[\w]+\/[\w]+$/;

export function spanCategory(kind: SpanKind, name: string, fromServer?: SpanCategory): SpanCategory | undefined {
  if (fromServer) return fromServer;
  if (kind === 'PRODUCER' || kind === 'CONSUMER') return 'messaging';
  if (HTTP.test(name)) return 'http';
  if (SQL.test(name) || DATABASE_WORDS.test(name)) return 'db';
  if (RPC.test(name)) return 'rpc';
  return undefined;
}
