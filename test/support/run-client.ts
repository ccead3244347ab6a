import { execFile } from 'node:child_process';

/** What a client process (the AWS CLI, a boto3 script) printed, and how it exited. */
export interface ClientRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a real AWS client against a twin: `ENDPOINT` is the twin's URL, credentials are the
 * given access key's, and nothing is read from the user's AWS configuration.
 */
export function runClient(
  endpoint: string,
  bin: string,
  args: readonly string[],
  accessKeyId = 'AKIDTEST',
): Promise<ClientRun> {
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      args,
      {
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          ENDPOINT: endpoint,
          AWS_ACCESS_KEY_ID: accessKeyId,
          AWS_SECRET_ACCESS_KEY: 's',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_PAGER: '',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_MAX_ATTEMPTS: '1',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(new Error(error.message));
        else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}
