import type { TableOptions } from '../options.js';
import { KEY_FIELD_PREFIX } from '../spec/key-value.js';
import type { StatsMode, StatsSource } from '../spec/simple-stats.js';

/** The statistics settings a data-file writer needs, read once from the table's options. */
export interface StatsSettings {
  /** `metadata.stats-mode`. */
  readonly tableMode: StatsMode;
  /** `metadata.stats-dense-store`: value stats keep only the columns that have any (`_VALUE_STATS_COLS`). */
  readonly denseStore: boolean;
  /** `fields.<column>.stats-mode` of a column of the written row, or null when not set. */
  readonly fieldMode: (column: string) => StatsMode | null;
}

export function statsSettingsOf(options: TableOptions): StatsSettings {
  return {
    tableMode: options.statsMode(),
    denseStore: options.bool('metadata.stats-dense-store'),
    fieldMode: (column) => options.fieldStatsMode(column),
  };
}

/**
 * The stats mode of each column of a written row, as Paimon 1.3 picks them (`StatsCollectorFactories`):
 * `fields.<column>.stats-mode` first (the column's name in the written row: a primary-key file's key columns
 * are `_KEY_<k>`), then the table's `metadata.stats-mode`. Files whose stats come from the Parquet footer
 * (`createStatsFactories`) give system columns (`_KEY_…`, `_SEQUENCE_NUMBER`, `_VALUE_KIND`, …;
 * `SpecialFields.isSystemField`) `truncate(128)` instead of the table's mode; Avro files use the table's mode
 * for them too (`createStatsFactoriesForAvro`).
 */
export function columnStatsModes(
  settings: StatsSettings,
  columns: readonly string[],
  source: StatsSource,
): StatsMode[] {
  return columns.map((column) => {
    const own = settings.fieldMode(column);
    if (own !== null) return own;
    if (source === 'footer' && isSystemField(column)) return SYSTEM_FIELD_MODE;
    return settings.tableMode;
  });
}

const SYSTEM_FIELD_MODE: StatsMode = { kind: 'truncate', length: 128 };

/** `SpecialFields.SYSTEM_FIELD_NAMES` (1.3). */
const SYSTEM_FIELD_NAMES = new Set(['_SEQUENCE_NUMBER', '_VALUE_KIND', '_LEVEL', 'rowkind', '_ROW_ID']);

/** `SpecialFields.isSystemField(String)`. */
function isSystemField(name: string): boolean {
  return name.startsWith(KEY_FIELD_PREFIX) || SYSTEM_FIELD_NAMES.has(name);
}
