export type Severity = 'error' | 'warning' | 'info';

/** One finding, worded like Paimon's "Don't panic!" conflict message: what, why, and what to do. */
export interface Finding {
  readonly severity: Severity;
  readonly what: string;
  readonly why: string;
  readonly todo: string;
  /** The exception the restored job would throw, verbatim where Paimon or Flink has the text. */
  readonly exception?: string;
}
