import { nextInt, type Random } from '../../../src/common/random.js';
import {
  type JsonValue,
  parseJson,
  RawJsonNumber,
  stringifyJackson,
} from '../../../src/storage/spec/json.js';
import { type FileKind, fileKindOf } from './fixture.js';

/**
 * Seeded corruptions of one warehouse file. A mutation is a pure function of the fixture's files, so a
 * failing case is reproduced from its description alone (kind, file, parameters).
 */
export type MutationKind =
  // any file
  | 'delete'
  | 'empty'
  | 'truncate'
  | 'append-garbage'
  // binary files
  | 'flip-bytes'
  | 'zero-range'
  // JSON files (schema, snapshot, tag)
  | 'json-delete-field'
  | 'json-null'
  | 'json-wrong-type'
  | 'json-negative'
  | 'json-huge'
  | 'json-fraction'
  | 'json-non-canonical'
  | 'json-nan-string'
  | 'invalid-utf8'
  // hints
  | 'hint-value'
  // copies
  | 'copy-as-other-id';

export interface Mutation {
  readonly kind: MutationKind;
  readonly path: string;
  readonly fileKind: FileKind;
  /** What exactly was done, for the report. */
  readonly detail: string;
  /** The paths whose bytes or existence the mutation changes. */
  readonly changed: readonly string[];
  /** Whether a file disappears (then its directories may too). */
  readonly removes: boolean;
  /** Applies the mutation to a copy of the files. */
  apply(files: ReadonlyMap<string, Uint8Array>): Map<string, Uint8Array>;
}

const JSON_KINDS: readonly FileKind[] = ['schema', 'snapshot', 'tag'];

/** The mutation kinds that make sense for a file kind. */
export function mutationKindsFor(kind: FileKind): readonly MutationKind[] {
  const common: MutationKind[] = ['delete', 'empty', 'truncate', 'append-garbage'];
  if (kind === 'hint') return [...common, 'hint-value', 'invalid-utf8'];
  if (JSON_KINDS.includes(kind))
    return [
      ...common,
      'json-delete-field',
      'json-null',
      'json-wrong-type',
      'json-negative',
      'json-huge',
      'json-fraction',
      'json-non-canonical',
      'json-nan-string',
      'invalid-utf8',
      ...(kind === 'tag' ? [] : (['copy-as-other-id'] as const)),
    ];
  return [...common, 'flip-bytes', 'zero-range'];
}

function replaced(
  files: ReadonlyMap<string, Uint8Array>,
  path: string,
  data: Uint8Array | undefined,
): Map<string, Uint8Array> {
  const out = new Map(files);
  if (data === undefined) out.delete(path);
  else out.set(path, data);
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Every (object key path) of a JSON value whose value is a scalar, an array or an object. */
function jsonPaths(value: JsonValue, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      out.push(...jsonPaths(v, [...prefix, i]));
    });
  } else if (value !== null && typeof value === 'object' && !(value instanceof RawJsonNumber)) {
    for (const [k, v] of Object.entries(value as Record<string, JsonValue>)) {
      out.push([...prefix, k]);
      out.push(...jsonPaths(v, [...prefix, k]));
    }
  }
  return out;
}

function getAt(root: JsonValue, path: readonly (string | number)[]): JsonValue {
  let v: JsonValue = root;
  for (const p of path) v = (v as Record<string | number, JsonValue>)[p]!;
  return v;
}

/** A copy of `root` with the value at `path` replaced (`undefined`: the key removed). */
function setAt(root: JsonValue, path: readonly (string | number)[], value: JsonValue | undefined): JsonValue {
  if (path.length === 0) return value ?? null;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    if (rest.length === 0 && value === undefined) copy.splice(head as number, 1);
    else copy[head as number] = setAt(copy[head as number]!, rest, value);
    return copy;
  }
  const copy = { ...(root as Record<string, JsonValue>) };
  if (rest.length === 0 && value === undefined) delete copy[head as string];
  else copy[head as string] = setAt(copy[head as string]!, rest, value);
  return copy;
}

/** A value of another JSON type than `v`. */
function wrongTypeOf(v: JsonValue): JsonValue {
  if (typeof v === 'string') return 12;
  if (typeof v === 'number' || typeof v === 'bigint') return 'twelve';
  if (typeof v === 'boolean') return 'yes';
  if (Array.isArray(v)) return { not: 'an array' };
  if (v === null) return [];
  return ['not', 'an', 'object'];
}

/** The same value written differently: numbers as strings, strings with other case and padding. */
function nonCanonicalOf(v: JsonValue): JsonValue {
  if (typeof v === 'number' || typeof v === 'bigint') return `0${String(v)}`;
  if (typeof v === 'string')
    return v.length === 0 ? ' ' : ` ${v.toLowerCase() === v ? v.toUpperCase() : v.toLowerCase()}`;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'false';
  return v;
}

const pick = <T>(random: Random, items: readonly T[]): T => items[nextInt(random, items.length)]!;

/** One mutation of `kind` on the file at `path`, parameters drawn from `random`. */
export function makeMutation(
  files: ReadonlyMap<string, Uint8Array>,
  path: string,
  kind: MutationKind,
  random: Random,
): Mutation {
  const fileKind = fileKindOf(path);
  const bytes = files.get(path)!;
  const base = { kind, path, fileKind };
  const simple = (detail: string, data: Uint8Array | undefined): Mutation => ({
    ...base,
    detail,
    changed: [path],
    removes: data === undefined,
    apply: (f) => replaced(f, path, data),
  });
  switch (kind) {
    case 'delete':
      return simple('deleted', undefined);
    case 'empty':
      return simple('emptied', new Uint8Array(0));
    case 'truncate': {
      const length = bytes.length <= 1 ? 0 : nextInt(random, bytes.length - 1) + 1;
      return simple(`truncated to ${length} of ${bytes.length} bytes`, bytes.slice(0, length));
    }
    case 'append-garbage': {
      const n = 1 + nextInt(random, 32);
      const garbage = Uint8Array.from({ length: n }, () => nextInt(random, 256));
      const out = new Uint8Array(bytes.length + n);
      out.set(bytes);
      out.set(garbage, bytes.length);
      return simple(`appended ${n} random bytes`, out);
    }
    case 'flip-bytes': {
      const out = bytes.slice();
      const flips = 1 + nextInt(random, 3);
      const at: string[] = [];
      for (let i = 0; i < flips; i++) {
        const pos = nextInt(random, out.length);
        const mask = 1 + nextInt(random, 255);
        out[pos] = out[pos]! ^ mask;
        at.push(`${pos}^0x${mask.toString(16)}`);
      }
      return simple(`flipped bytes ${at.join(',')} of ${bytes.length}`, out);
    }
    case 'zero-range': {
      const out = bytes.slice();
      const start = nextInt(random, out.length);
      const length = Math.min(out.length - start, 1 + nextInt(random, 64));
      out.fill(0, start, start + length);
      return simple(`zeroed bytes [${start}, ${start + length}) of ${bytes.length}`, out);
    }
    case 'invalid-utf8': {
      const pos = nextInt(random, bytes.length + 1);
      const out = new Uint8Array(bytes.length + 1);
      out.set(bytes.subarray(0, pos));
      out[pos] = 0xff;
      out.set(bytes.subarray(pos), pos + 1);
      return simple(`byte 0xff inserted at ${pos}`, out);
    }
    case 'hint-value': {
      const value = pick(random, [
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '99',
        '0',
        '-1',
        'abc',
        ' 3',
        '3\n',
        '1.5',
        '9223372036854775807',
      ]);
      return simple(`hint set to ${JSON.stringify(value)}`, encoder.encode(value));
    }
    case 'copy-as-other-id': {
      const dir = path.slice(0, path.lastIndexOf('/') + 1);
      const prefix = fileKind === 'schema' ? 'schema-' : 'snapshot-';
      const ids = [...files.keys()]
        .filter((p) => p.startsWith(dir + prefix))
        .map((p) => Number(p.slice(dir.length + prefix.length)));
      const target = pick(random, [
        Math.max(...ids) + 1,
        Math.max(...ids) + 2,
        ...ids.filter((id) => `${dir}${prefix}${id}` !== path),
      ]);
      const to = `${dir}${prefix}${target}`;
      return {
        ...base,
        detail: `copied to ${prefix}${target}${files.has(to) ? ' (replacing it)' : ''}`,
        changed: [to],
        removes: false,
        apply: (f) => replaced(f, to, bytes),
      };
    }
    default:
      return jsonMutation(base, bytes, kind, random);
  }
}

function jsonMutation(
  base: Pick<Mutation, 'kind' | 'path' | 'fileKind'>,
  bytes: Uint8Array,
  kind: MutationKind,
  random: Random,
): Mutation {
  const root = parseJson(decoder.decode(bytes));
  const numeric = (v: JsonValue) => typeof v === 'number' || typeof v === 'bigint';
  const candidates = jsonPaths(root).filter((p) => {
    const v = getAt(root, p);
    if (kind === 'json-negative' || kind === 'json-huge' || kind === 'json-fraction') return numeric(v);
    if (kind === 'json-nan-string') return numeric(v);
    return true;
  });
  const path = pick(random, candidates);
  const old = getAt(root, path);
  let value: JsonValue | undefined;
  switch (kind) {
    case 'json-delete-field':
      value = undefined;
      break;
    case 'json-null':
      value = null;
      break;
    case 'json-wrong-type':
      value = wrongTypeOf(old);
      break;
    case 'json-negative':
      value = typeof old === 'bigint' ? -old - 1n : -(old as number) - 1;
      break;
    case 'json-huge':
      value = pick(random, [2 ** 31, 2 ** 53 + 2, 9223372036854775807n, 1e300]);
      break;
    case 'json-fraction':
      value = 1.5;
      break;
    case 'json-non-canonical':
      value = nonCanonicalOf(old);
      break;
    case 'json-nan-string':
      value = pick(random, ['NaN', 'Infinity', '-Infinity', '']);
      break;
    default:
      throw new Error(`not a JSON mutation: ${kind}`);
  }
  const text = stringifyJackson(setAt(root, path, value));
  const shown = value === undefined ? 'removed' : `= ${stringifyJackson(value).replace(/\s+/g, ' ')}`;
  return {
    ...base,
    detail: `${path.join('.')} ${shown}`,
    changed: [base.path],
    removes: false,
    apply: (f) => replaced(f, base.path, encoder.encode(text)),
  };
}
