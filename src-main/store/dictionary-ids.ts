/**
 * The writer's dictionaries shared by spans and log records: attribute keys, services, resources and scopes, each
 * stored once and referred to by id, with the ids of the ones seen recently kept in memory.
 */
import type Database from 'better-sqlite3';
import { ByteBudgetMap } from './byte-budget-map';

export const DICTIONARY_CACHE_BYTES = { services: 1 << 20, resources: 4 << 20, scopes: 1 << 20 };

export class DictionaryIds {
  private readonly services = new ByteBudgetMap<string, number>(DICTIONARY_CACHE_BYTES.services);
  private readonly resources = new ByteBudgetMap<string, number>(DICTIONARY_CACHE_BYTES.resources);
  private readonly scopes = new ByteBudgetMap<string, number>(DICTIONARY_CACHE_BYTES.scopes);
  private readonly sql;

  constructor(db: Database.Database) {
    const p = (text: string) => db.prepare(text);
    this.sql = {
      insertKey: p('INSERT OR IGNORE INTO attr_keys (id, key) VALUES (?, ?)'),
      serviceId: p('SELECT id FROM services WHERE name = ?').pluck(),
      insertService: p('INSERT INTO services (name) VALUES (?)'),
      resourceId: p('SELECT id FROM resources WHERE body = ?').pluck(),
      insertResource: p('INSERT INTO resources (service_id, body) VALUES (?, ?)'),
      scopeId: p('SELECT id FROM scopes WHERE body = ?').pluck(),
      insertScope: p('INSERT INTO scopes (body) VALUES (?)'),
    };
  }

  /** Attribute keys a batch used first (the receiving side numbered them). */
  insertKeys(newKeys: [number, string][]): void {
    for (const [id, key] of newKeys) this.sql.insertKey.run(id, key);
  }

  serviceId(name: string): number {
    let id = this.services.get(name);
    if (id === undefined) {
      id = Number(this.sql.serviceId.get(name) ?? this.sql.insertService.run(name).lastInsertRowid);
      this.services.set(name, id, 2 * name.length);
    }
    return id;
  }

  resourceId(service: string, body: Uint8Array): number {
    const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const cacheKey = buf.toString('latin1');
    let id = this.resources.get(cacheKey);
    if (id === undefined) {
      id = Number(this.sql.resourceId.get(buf) ?? this.sql.insertResource.run(this.serviceId(service), buf).lastInsertRowid);
      this.resources.set(cacheKey, id, cacheKey.length);
    }
    return id;
  }

  scopeId(body: Uint8Array): number {
    const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const cacheKey = buf.toString('latin1');
    let id = this.scopes.get(cacheKey);
    if (id === undefined) {
      id = Number(this.sql.scopeId.get(buf) ?? this.sql.insertScope.run(buf).lastInsertRowid);
      this.scopes.set(cacheKey, id, cacheKey.length);
    }
    return id;
  }

  /** After a rollback: ids cached since may name rows that are gone. */
  clear(): void {
    this.services.clear();
    this.resources.clear();
    this.scopes.clear();
  }
}
