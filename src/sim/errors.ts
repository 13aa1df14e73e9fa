import { PaimonSimError } from '../common/index.js';

/**
 * A scenario the simulator cannot run: malformed JSON, an unknown step or fault name, a reference to a
 * savepoint, job or tag that does not exist at that step. Names where: `steps[3].restore`, `faults.faults[0].point`.
 */
export class ScenarioError extends PaimonSimError {
  constructor(
    /** JSON path of the offending value, e.g. `steps[3].restore`. */
    readonly field: string,
    detail: string,
    /** Index of the step, when the error is in a step. */
    readonly step?: number,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${detail}`, options);
  }
}
