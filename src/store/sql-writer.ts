import type Database from 'better-sqlite3';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import { SQL, type Step } from './schema.js';

/** A failed statement, with SQLite's error code when there is one. */
export class SqlFailure extends Error {
  override readonly name = 'SqlFailure';
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly statement: string,
  ) {
    super(message);
  }
}

/** Prepared statements of one connection, by SQL text: each text is prepared once. */
export class Statements {
  private readonly cache = new Map<string, Database.Statement>();
  constructor(private readonly db: Database.Database) {}

  /** Runs the steps in order; a failure throws SqlFailure naming the statement. */
  run(steps: readonly Step[]): void {
    for (const [sql, params] of steps) {
      let st = this.cache.get(sql);
      try {
        if (!st) this.cache.set(sql, (st = this.db.prepare(sql)));
        st.run(params);
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        throw new SqlFailure(
          e instanceof Error ? e.message : String(e),
          typeof code === 'string' ? code : undefined,
          sql,
        );
      }
    }
  }
}

/**
 * Where a batch's statements go. A batch is all-or-nothing: once a write fails, the batch is
 * doomed and is rolled back, so a sink may report failures late (the thread sink does).
 */
export interface BatchSink {
  /** Opens the write transaction; throws SqlFailure when the database cannot. */
  begin(): void;
  /** Adds one operation's statements; throws SqlFailure if they are known to have failed. */
  write(steps: readonly Step[]): void;
  /** The failure of an earlier write, once known (an asynchronous sink learns it late). */
  failure(): SqlFailure | undefined;
  /** Runs the closing steps and commits; throws SqlFailure on any failure in the batch. */
  commit(steps: readonly Step[]): void;
  /** Rolls the transaction back; never throws. */
  rollback(): void;
  close(): void;
}

/** Runs a batch on the main thread's own connection, statement by statement. */
export class InlineSink implements BatchSink {
  constructor(
    private readonly db: Database.Database,
    private readonly statements: Statements,
  ) {}

  begin(): void {
    this.statements.run([[SQL.begin, []]]);
  }
  write(steps: readonly Step[]): void {
    this.statements.run(steps);
  }
  failure(): SqlFailure | undefined {
    return undefined; // inline writes throw at once
  }
  commit(steps: readonly Step[]): void {
    this.statements.run([...steps, [SQL.commit, []]]);
  }
  rollback(): void {
    try {
      if (this.db.open && this.db.inTransaction) this.statements.run([[SQL.rollback, []]]);
    } catch {
      // SQLite has already rolled back (e.g. after an I/O error).
    }
  }
  close(): void {}
}

/**
 * Starts a batch on the main connection and moves it to the writer thread once it has shown itself
 * big (`threadAfter` operations). Most batches are small (a Region's first use, a handful of
 * operations): they never wait for a thread to start, and a process that only runs small batches
 * (`vpctwin serve`) never carries one — a worker thread and its connection cost ~25 MB of RSS.
 *
 * While inline, writes run at once (failures throw at once) and are kept; on promotion the main
 * connection's transaction is rolled back, which releases the write lock, and the kept writes are
 * replayed in the thread's transaction. Another process taking the lock in between dooms the batch
 * (the thread reports it as a failure), as any late write failure does.
 */
export class AdaptiveSink implements BatchSink {
  private target: BatchSink;
  /** The writes so far while inline, for replay on promotion; undefined once promoted. */
  private kept: (readonly Step[])[] | undefined = [];
  /** A promotion that failed before the thread had the transaction. */
  private promotion: SqlFailure | undefined;

  constructor(
    private readonly inline: InlineSink,
    /** The writer thread, started on first need; undefined if none can run. */
    private readonly thread: () => ThreadSink | undefined,
    private readonly threadAfter: number,
  ) {
    this.target = inline;
  }

  begin(): void {
    this.inline.begin();
  }

  write(steps: readonly Step[]): void {
    if (this.kept === undefined) {
      if (this.promotion) throw this.promotion;
      this.target.write(steps);
      return;
    }
    this.inline.write(steps);
    this.kept.push(steps);
    if (this.kept.length >= this.threadAfter) this.promote();
  }

  private promote(): void {
    const kept = this.kept ?? [];
    this.kept = undefined;
    const thread = this.thread();
    if (!thread) return; // no thread here: the batch stays on the main connection
    this.inline.rollback();
    this.target = thread;
    try {
      thread.begin();
      for (const steps of kept) thread.write(steps);
    } catch (e) {
      this.promotion =
        e instanceof SqlFailure ? e : new SqlFailure(String(e), undefined, 'promote');
    }
  }

  failure(): SqlFailure | undefined {
    return this.promotion ?? this.target.failure();
  }

  commit(steps: readonly Step[]): void {
    if (this.promotion) throw this.promotion;
    this.target.commit(steps);
  }

  rollback(): void {
    this.target.rollback();
  }

  close(): void {}
}

/** Indexes into the shared Int32Array; the writer thread (sql-thread.js) uses the same. */
const REPLIES = 0;
const PROCESSED = 1;
const FAILED = 2;

/** Operations sent per message: big enough to amortise cloning, small enough to stream. */
const OPS_PER_MESSAGE = 64;
/** Operations the thread may lag behind before the main thread waits (bounds memory). */
const MAX_BACKLOG = 8192;
/** How long a synchronous call waits for a thread that makes no progress at all. */
const STALL_MS = 120_000;
const START_MS = 15_000;

interface ErrorReply {
  readonly error: {
    readonly message: string;
    readonly code: string | undefined;
    readonly statement: string;
  };
}

/**
 * Streams a batch to a writer thread with its own connection (sql-thread.js). The main thread
 * runs operations and encodes rows; the thread does the B-tree work on another core. The main
 * thread blocks (Atomics.wait) only at begin and commit, and when the thread falls far behind.
 */
export class ThreadSink implements BatchSink {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private readonly ids = new Map<string, number>();
  private define: [number, string][] = [];
  private buffer: [number, readonly unknown[]][] = [];
  private buffered = 0;
  private sent = 0;
  private replies = 0;
  /** Set when the thread stopped answering: its replies can no longer be matched to calls. */
  broken = false;

  /** Starts the thread and opens its connection; throws SqlFailure when either fails. */
  constructor(path: string, pragmas: readonly string[]) {
    const { port1, port2 } = new MessageChannel();
    const shared = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
    this.signal = new Int32Array(shared);
    this.port = port1;
    this.worker = new Worker(new URL('./sql-thread.js', import.meta.url), {
      workerData: { path, pragmas, port: port2, shared },
      transferList: [port2],
    });
    // Neither keeps the process alive: an unclosed store must not hang the exit.
    this.worker.unref();
    this.port.unref();
    try {
      this.reply(START_MS);
    } catch (e) {
      void this.worker.terminate();
      throw e;
    }
  }

  begin(): void {
    this.call({ steps: this.encode([[SQL.begin, []]]) });
  }

  write(steps: readonly Step[]): void {
    for (const step of this.encode(steps)) this.buffer.push(step);
    if (++this.buffered >= OPS_PER_MESSAGE) this.flush();
    if (this.sent - Atomics.load(this.signal, PROCESSED) > MAX_BACKLOG) {
      this.waitFor(PROCESSED, this.sent - MAX_BACKLOG / 2, STALL_MS);
    }
  }

  failure(): SqlFailure | undefined {
    if (Atomics.load(this.signal, FAILED) !== 1) return undefined;
    try {
      // Once failed, the thread answers any call with the failure.
      this.call({ steps: [] });
      return new SqlFailure('a write of this batch failed', undefined, 'unknown');
    } catch (e) {
      return e instanceof SqlFailure ? e : new SqlFailure(String(e), undefined, 'unknown');
    }
  }

  commit(steps: readonly Step[]): void {
    this.flush();
    this.call({ steps: this.encode([...steps, [SQL.commit, []]]), checkpoint: true });
  }

  rollback(): void {
    this.buffer = [];
    this.buffered = 0;
    try {
      this.call({ steps: this.encode([[SQL.rollback, []]]), force: true });
    } catch {
      // No transaction was open, or the thread is gone: either way nothing is left to undo.
    }
  }

  close(): void {
    try {
      this.port.postMessage({ close: true });
      this.waitFor(REPLIES, this.replies + 1, 5_000);
    } catch {
      // Terminating below closes the connection anyway; an open transaction never commits.
    }
    void this.worker.terminate();
  }

  /** Replaces SQL texts by small ids, defining each text once per thread. */
  private encode(steps: readonly Step[]): [number, readonly unknown[]][] {
    return steps.map(([sql, params]) => {
      let id = this.ids.get(sql);
      if (id === undefined) {
        this.ids.set(sql, (id = this.ids.size));
        this.define.push([id, sql]);
      }
      return [id, params];
    });
  }

  private flush(): void {
    if (this.buffered === 0) return;
    this.port.postMessage({ define: this.takeDefine(), steps: this.buffer, ops: this.buffered });
    this.sent += this.buffered;
    this.buffer = [];
    this.buffered = 0;
  }

  private takeDefine(): [number, string][] {
    const define = this.define;
    this.define = [];
    return define;
  }

  /** Sends a message that gets a reply and waits for it; throws SqlFailure on an error reply. */
  private call(message: {
    steps: [number, readonly unknown[]][];
    force?: boolean;
    checkpoint?: boolean;
  }): void {
    this.port.postMessage({ ...message, define: this.takeDefine(), sync: true });
    this.reply(STALL_MS);
  }

  private reply(timeoutMs: number): void {
    this.waitFor(REPLIES, this.replies + 1, timeoutMs);
    this.replies++;
    let received = receiveMessageOnPort(this.port);
    // The thread posts before it signals, so the reply is there; allow for a late hand-over.
    for (let i = 0; !received && i < 100; i++) {
      Atomics.wait(this.signal, REPLIES, Atomics.load(this.signal, REPLIES), 1);
      received = receiveMessageOnPort(this.port);
    }
    const answer = received?.message as Partial<ErrorReply> | undefined;
    if (!answer) {
      this.broken = true;
      throw new SqlFailure('the writer thread did not reply', undefined, 'reply');
    }
    if (answer.error)
      throw new SqlFailure(answer.error.message, answer.error.code, answer.error.statement);
  }

  /** Blocks until signal[index] reaches target; throws if the thread stalls for timeoutMs. */
  private waitFor(index: number, target: number, timeoutMs: number): void {
    let last = Atomics.load(this.signal, index);
    let since = Date.now();
    while (last < target) {
      Atomics.wait(this.signal, index, last, 100);
      const now = Atomics.load(this.signal, index);
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since > timeoutMs) {
        this.broken = true;
        throw new SqlFailure('the writer thread stopped responding', undefined, 'wait');
      }
    }
  }
}
