import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type FileStoreTable, FileSystemCatalog } from '../../storage/index.js';
import { UsageError } from '../args.js';

/**
 * The catalog of an existing warehouse directory. A missing or non-directory path is an error here: the library
 * would happily treat it as an empty warehouse, which hides a typo.
 */
export function openWarehouse(command: string, warehouse: string): FileSystemCatalog {
  const path = resolve(warehouse);
  if (!existsSync(path)) {
    throw new UsageError(
      `${command}: warehouse '${warehouse}' does not exist`,
      'give the directory that holds <database>.db folders',
    );
  }
  if (!statSync(path).isDirectory())
    throw new UsageError(`${command}: warehouse '${warehouse}' is not a directory`);
  return new FileSystemCatalog({ warehouse: path });
}

export function openTable(command: string, warehouse: string, identifier: string): FileStoreTable {
  return openWarehouse(command, warehouse).getTable(identifier);
}
