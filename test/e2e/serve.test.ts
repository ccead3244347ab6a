import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli-process.js';

/**
 * The README's run command, as a user runs it: `vpctwin serve --load <example>` on a SQLite
 * file, then the three commands it prints, pasted into a shell with the AWS CLI; then a restart
 * on the same file keeps the state.
 */
const dir = mkdtempSync(join(tmpdir(), 'vpctwin-serve-'));
const db = join(dir, 'twin.db');
const running: ChildProcess[] = [];

afterAll(() => {
  for (const p of running) p.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `vpctwin serve` on a free port and resolves with everything it printed up to "try:". */
function serve(
  args: readonly string[],
): Promise<{ endpoint: string; lines: string[]; proc: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['bin/vpctwin.js', 'serve', '--port', '0', '--db', db, ...args],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.push(proc);
    let out = '';
    let err = '';
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const endpoint = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const lines = out.split('\n');
      // The banner ends with the three commands after "try:".
      const tryAt = lines.indexOf('try:');
      if (endpoint !== undefined && tryAt >= 0 && lines.length > tryAt + 3) {
        resolve({ endpoint, lines, proc });
      }
    });
    proc.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

const stop = (proc: ChildProcess) =>
  new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });

/** Runs one printed command line through sh, as a user pasting it would. */
function sh(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'sh',
      ['-c', command],
      { encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${command}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

describe('vpctwin serve --load examples/private-connector.yaml', () => {
  it('prints the endpoint and three commands that work with the AWS CLI, and keeps state across a restart', async () => {
    const first = await serve(['--load', 'examples/private-connector.yaml']);
    expect(first.lines[0]).toContain('loaded examples/private-connector.yaml');
    const commands = first.lines
      .slice(first.lines.indexOf('try:') + 1, first.lines.indexOf('try:') + 4)
      .map((l) => l.trim());
    expect(commands).toHaveLength(3);

    const vpcs = await sh(commands[0] ?? '');
    expect(vpcs).toContain('172.31.0.0/16');
    expect(vpcs).toContain('books');

    const created = JSON.parse(await sh(commands[1] ?? '')) as {
      NetworkInsightsPath: { NetworkInsightsPathId: string };
    };
    const pathId = created.NetworkInsightsPath.NetworkInsightsPathId;
    expect(pathId).toMatch(/^nip-/);
    const analysis = JSON.parse(
      await sh((commands[2] ?? '').replace('<the NetworkInsightsPathId above>', pathId)),
    ) as [boolean, string[]];
    // connector-a reaches the Aurora writer on 3306 through the security-group reference.
    expect(analysis[0]).toBe(true);

    await stop(first.proc);
    const second = await serve(['--load', 'examples/private-connector.yaml']);
    expect(second.lines[0]).not.toContain('loaded');
    const paths = await sh(
      `${(commands[0] ?? '').split(' ec2 ')[0]?.replace(first.endpoint, second.endpoint)} ec2 describe-network-insights-paths --query "NetworkInsightsPaths[].NetworkInsightsPathId" --output text`,
    );
    expect(paths.trim()).toBe(pathId);
    await stop(second.proc);
  }, 120_000);
});
