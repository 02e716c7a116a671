/**
 * AWS SDK clients for one region, sharing one credential provider. Endpoints come from the standard
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> variables of the environment the stage was given.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { inspect } from 'node:util';
import { httpAgent, httpsAgent, proxyConfigured } from '../common/proxy.js';

/** Temporary or long-lived AWS credentials (structurally the SDK's AwsCredentialIdentity). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Returns current credentials; refreshes them when they are about to expire. */
export type CredentialProvider = () => Promise<AwsCredentials>;

export type Service = 's3' | 'ssm' | 'sts';

/** The endpoint override for a service, or undefined for AWS's own endpoint. */
export function endpointFor(service: Service, env: NodeJS.ProcessEnv): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] || env.AWS_ENDPOINT_URL || undefined;
}

interface ClientSettings {
  region: string;
  env: NodeJS.ProcessEnv;
  /** undefined = the SDK's default credential chain. */
  credentials?: CredentialProvider;
  maxAttempts: number;
  /** Receives the SDK's own warnings (which it would otherwise print to the console). */
  debug?: (message: string) => void;
}

function common(service: Service, s: ClientSettings) {
  const endpoint = endpointFor(service, s.env);
  const quiet = () => undefined;
  const note = (...args: unknown[]) =>
    s.debug?.(
      `AWS SDK (${service}): ${args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 3 }))).join(' ')}`,
    );
  return {
    region: s.region,
    maxAttempts: s.maxAttempts,
    // Failed calls are reported by the code that made them; only the SDK's warnings go to the debug log.
    logger: { trace: quiet, debug: quiet, info: quiet, warn: note, error: quiet },
    ...(endpoint ? { endpoint } : {}),
    ...(s.credentials ? { credentials: s.credentials } : {}),
    // HTTPS_PROXY / HTTP_PROXY / NO_PROXY of the environment, as for the Uptycs client (the SDK's own
    // agents ignore them).
    ...(proxyConfigured(s.env)
      ? { requestHandler: { httpAgent: httpAgent(s.env), httpsAgent: httpsAgent(s.env, { maxSockets: 50 }) } }
      : {}),
  };
}

export function stsClient(s: ClientSettings): STSClient {
  return new STSClient(common('sts', s));
}

export function ssmClient(s: ClientSettings): SSMClient {
  return new SSMClient(common('ssm', s));
}

/** An S3 client; with an endpoint override it uses path-style addressing (emulators and IP endpoints). */
export function s3Client(s: ClientSettings): S3Client {
  const endpoint = endpointFor('s3', s.env);
  return new S3Client({ ...common('s3', s), forcePathStyle: Boolean(endpoint), followRegionRedirects: true });
}
