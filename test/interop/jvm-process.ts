/**
 * A long-lived JVM spoken to in JSON lines, one request `{ id, cmd, …args }` per line on stdin and one answer
 * `{ id, ok, result | error, trace }` per line on stdout: the transport of the Paimon Java oracle
 * (java-harness.ts) and of the Flink harness (flink-harness.ts). Requests may overlap; answers are matched by id.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

interface Answer {
  readonly id: number;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: string;
  readonly trace?: string;
}

export interface JvmProcessOptions {
  /** Names the JVM in messages ("Paimon Java oracle", "Flink harness"). */
  readonly name: string;
  /** The jar to run with `java -jar`, and the script that builds it (named when the jar is missing). */
  readonly jar: string;
  readonly setup: string;
  /** JVM options before `-jar`. */
  readonly jvmOptions: readonly string[];
  /** The error a failed command rejects with. */
  readonly failure: (cmd: string, error: string, trace: string) => Error;
  /** Appends the JVM's stderr to this file as it comes (besides keeping its last 20,000 characters). */
  readonly logFile?: string;
}

export class JvmProcess {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; cmd: string }
  >();
  private stderr = '';
  private exited: Error | undefined;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(private readonly options: JvmProcessOptions) {
    if (!existsSync(options.jar))
      throw new Error(`${options.name} missing (${options.jar}): run 'bash ${options.setup}' first`);
    const javaHome = process.env['JAVA_HOME'];
    const java = javaHome ? join(javaHome, 'bin', 'java') : 'java';
    this.child = spawn(java, [...options.jvmOptions, '-jar', options.jar], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, TZ: 'UTC' },
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.answer(line));
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString('utf8')).slice(-20_000);
      if (options.logFile) appendFileSync(options.logFile, d);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = new Error(
        `${options.name} exited (code ${code}, signal ${signal}); stderr:\n${this.stderr}`,
      );
      for (const p of this.pending.values()) p.reject(this.exited);
      this.pending.clear();
    });
  }

  /** Sends one command; resolves with its result, rejects with `options.failure` of the JVM's message. */
  call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, cmd });
      this.child.stdin.write(`${JSON.stringify({ id, cmd, ...args })}\n`);
    });
  }

  /** Sends `quitCommand`, closes stdin and waits for the JVM to exit. */
  async close(quitCommand: string): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.call(quitCommand).catch(() => undefined);
    this.child.stdin.end();
    await done;
  }

  private answer(line: string): void {
    const msg = JSON.parse(line) as Answer;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(this.options.failure(p.cmd, msg.error ?? '', msg.trace ?? ''));
  }
}
