/**
 * The error kernel shared by every layer: the base class (`instanceof PaimonSimError` tells bad input or a
 * reported failure from a bug), the FileIO errors, and the one error an injected fault throws in any layer.
 */
/** The base of every error paimon-sim throws on purpose. */
export class PaimonSimError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A file that should exist does not. */
export class FileNotFoundError extends PaimonSimError {
  constructor(readonly path: string) {
    super(`File '${path}' not found`);
  }
}

/** A file exists where an exclusive create or a non-overwriting write expected none. */
export class FileAlreadyExistsError extends PaimonSimError {
  constructor(readonly path: string) {
    super(`File '${path}' already exists`);
  }
}

/**
 * A filesystem operation failed for a reason other than a missing or already existing file (those are
 * FileNotFoundError / FileAlreadyExistsError): `code` is the OS error code (ENOTDIR, EISDIR, EACCES, ENOSPC, …).
 */
export class FileIOError extends PaimonSimError {
  constructor(
    readonly op: string,
    readonly path: string,
    readonly code: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot ${op} '${path}': ${detail} (${code})`, options);
  }
}

/** An injected fault (simulated crash or IO failure). Never thrown outside a simulation. */
export class InjectedFaultError extends PaimonSimError {
  constructor(readonly point: string) {
    super(`Injected fault at ${point}`);
  }
}
