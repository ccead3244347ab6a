import { close, closeSync, fstatSync, fsync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Puts committed WAL frames on disk shortly after each commit, off the main thread: the durability
 * half of `synchronous=NORMAL` plus a bounded flush (see "Decisions" in README.md).
 *
 * With NORMAL, SQLite does not fsync at COMMIT; the frames are in the OS page cache, so a killed
 * process loses nothing, but a power cut or OS crash could lose commits until the next
 * checkpoint syncs the WAL. This class bounds that window: `committed()` arms a timer, and
 * `delayMs` later one `fsync` of the WAL file (in libuv's thread pool, so the event loop never
 * waits on the disk) makes durable every commit made before that fsync began. A WAL is a
 * commit-ordered log, so syncing it whole is exactly what FULL would have done, once for many
 * commits: a group commit whose acknowledgements go out before the group is synced.
 */
export class WalFlusher {
  private readonly wal: string;
  private fd: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The fsync in flight, if any. */
  private running: Promise<void> | undefined;
  /** A commit happened since the last fsync began. */
  private dirty = false;
  /** The directory is synced once, after the WAL file was (re)opened: its entry must last too. */
  private dirSynced = false;
  private closed = false;
  /** Why the last fsync failed; `flush()` reports it. */
  private failure: Error | undefined;
  /** Flush rounds completed (an fsync each, unless there was no WAL file), for tests. */
  rounds = 0;

  constructor(
    database: string,
    private readonly delayMs: number,
  ) {
    this.wal = `${database}-wal`;
  }

  /** Called after every COMMIT: schedules an fsync within `delayMs`. */
  committed(): void {
    if (this.closed) return;
    this.dirty = true;
    if (this.timer === undefined && this.running === undefined) this.arm();
  }

  /** Resolves once every commit made before the call is on disk; rejects if an fsync failed. */
  async flush(): Promise<void> {
    while (!this.closed && (this.dirty || this.running !== undefined)) {
      if (this.running !== undefined) {
        await this.running;
        continue;
      }
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.run();
    }
    const failure = this.failure;
    this.failure = undefined;
    if (failure !== undefined) throw failure;
  }

  /**
   * Stops the timer and closes the WAL handle (after an fsync in flight, never under it).
   * SQLite's own close checkpoints and syncs, so nothing is left to flush here.
   */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    if (this.running === undefined) closeSync(fd);
    else void this.running.finally(() => close(fd, () => {}));
  }

  private arm(): void {
    this.timer = setTimeout(() => void this.run(), this.delayMs);
    // A pending flush must not keep a finished process alive; the data is in the page cache.
    this.timer.unref();
  }

  private run(): Promise<void> {
    this.timer = undefined;
    this.dirty = false;
    const done = this.sync()
      .then(
        () => {
          this.rounds++;
        },
        (e: unknown) => {
          this.failure = e instanceof Error ? e : new Error(String(e));
        },
      )
      .finally(() => {
        this.running = undefined;
        if (this.dirty && !this.closed && this.timer === undefined) this.arm();
      });
    this.running = done;
    return done;
  }

  private async sync(): Promise<void> {
    const fd = this.walFd();
    if (fd === undefined) return; // no WAL file: nothing uncheckpointed to sync
    await fsyncAsync(fd);
    if (!this.dirSynced) {
      await syncDirectory(dirname(this.wal));
      this.dirSynced = true;
    }
  }

  /** The open WAL file, reopened if SQLite has deleted and recreated it meanwhile. */
  private walFd(): number | undefined {
    if (this.fd !== undefined && fstatSync(this.fd).nlink > 0) return this.fd;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    try {
      this.fd = openSync(this.wal, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    this.dirSynced = false;
    return this.fd;
  }
}

/** fsync as a promise (libuv's thread pool). */
function fsyncAsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
}

/** fsyncs a directory, so a file created in it survives a power cut (Linux; skipped elsewhere). */
async function syncDirectory(dir: string): Promise<void> {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return; // some platforms cannot open a directory; SQLite's own first sync covers it there
  }
  try {
    await fsyncAsync(fd);
  } catch {
    // likewise where a directory cannot be fsynced
  } finally {
    closeSync(fd);
  }
}
