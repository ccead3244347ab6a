/**
 * The AWS CLI (v1 on PATH, as CI installs it) pointed at a running twin, with throwaway
 * credentials and no user configuration, for API tests that drive the twin as users do.
 */
import { execFile } from 'node:child_process';

/** What one CLI run printed, and its exit code. */
export interface AwsRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `aws --endpoint-url <endpoint> --region <region> --output json <args…>`; resolves on any
 * exit code (a refused call exits non-zero with AWS's error code on stderr).
 */
export function awsCli(endpoint: string, region: string, args: readonly string[]): Promise<AwsRun> {
  return new Promise((resolve, reject) => {
    execFile(
      'aws',
      ['--endpoint-url', endpoint, '--region', region, '--output', 'json', ...args],
      {
        encoding: 'utf8',
        timeout: 30_000,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'AKIDTEST',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_PAGER: '',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(new Error(error.message));
        else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}
