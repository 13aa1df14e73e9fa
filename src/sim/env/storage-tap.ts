import type { Clock, Trace } from '../../common/index.js';
import type { IOKind, IOListener } from './instrumented-file-io.js';

const decoder = new TextDecoder();

/**
 * Storage events for the trace, read off the FileIO: a snapshot file claimed by createExclusive is a commit,
 * a tag file written or deleted is a tag change, a deleted snapshot file is an expiry or a rollback. Storage
 * itself stays unaware of the simulator (Paimon's commit order makes these file operations the truth).
 */
export class StorageTap implements IOListener {
  constructor(
    private readonly trace: Trace,
    private readonly clock: Clock,
    private readonly warehouse: string,
  ) {}

  after(kind: IOKind, path: string, effect: { created?: boolean; data?: Uint8Array }): void {
    const at = this.locate(path);
    if (!at) return;
    const { table, dir, name } = at;
    if (dir === 'snapshot' && name.startsWith('snapshot-')) {
      const snapshot = Number(name.slice('snapshot-'.length));
      if (kind === 'create-exclusive' && effect.created && effect.data) {
        const json = decoder.decode(effect.data);
        this.record('storage.commit', {
          table,
          snapshot,
          user: field(json, 'commitUser').slice(0, 8),
          identifier: field(json, 'commitIdentifier'),
          kind: field(json, 'commitKind'),
        });
      } else if (kind === 'delete' && effect.created)
        this.record('storage.snapshot-delete', { table, snapshot });
    } else if (dir === 'tag' && name.startsWith('tag-')) {
      const tag = name.slice('tag-'.length);
      if (kind === 'rename' && effect.data) {
        this.record('storage.tag-create', {
          table,
          tag,
          snapshot: Number(field(decoder.decode(effect.data), 'id')),
        });
      } else if (kind === 'delete' && effect.created) this.record('storage.tag-delete', { table, tag });
    }
  }

  /** `<warehouse>/<db>.db/<table>/<dir>/<name>` → its parts, or undefined for any other path. */
  private locate(path: string): { table: string; dir: string; name: string } | undefined {
    const prefix = this.warehouse.endsWith('/') ? this.warehouse : `${this.warehouse}/`;
    if (!path.startsWith(prefix)) return undefined;
    const parts = path.slice(prefix.length).split('/');
    if (parts.length !== 4 || !parts[0]!.endsWith('.db')) return undefined;
    return { table: `${parts[0]!.slice(0, -3)}.${parts[1]}`, dir: parts[2]!, name: parts[3]! };
  }

  private record(type: `storage.${string}`, details: Record<string, string | number>): void {
    this.trace.record(this.clock.nowMs(), 'storage', type, details);
  }
}

/** A scalar field of Paimon's snapshot JSON, as text (identifiers are longs: no JSON.parse precision loss). */
function field(json: string, name: string): string {
  const m = new RegExp(`"${name}"\\s*:\\s*("([^"]*)"|-?\\d+)`).exec(json);
  return m ? (m[2] ?? m[1]!) : '?';
}
