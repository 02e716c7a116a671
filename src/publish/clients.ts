/**
 * AWS SDK clients for one region, sharing one credential provider. Endpoints come from the standard
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> variables of the environment the stage was given.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';

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
}

function common(service: Service, s: ClientSettings) {
  const endpoint = endpointFor(service, s.env);
  return {
    region: s.region,
    maxAttempts: s.maxAttempts,
    ...(endpoint ? { endpoint } : {}),
    ...(s.credentials ? { credentials: s.credentials } : {}),
  };
}

export function stsClient(s: ClientSettings): STSClient {
  return new STSClient(common('sts', s));
}

export function ssmClient(s: ClientSettings): SSMClient {
  return new SSMClient(common('ssm', s));
}

/**
 * An S3 client; with an endpoint override it uses path-style addressing (emulators and IP endpoints).
 * Pass maxAttempts 1 for a client that sends stream bodies: a consumed stream cannot be re-sent, so
 * those uploads are retried by the caller with a fresh stream.
 */
export function s3Client(s: ClientSettings): S3Client {
  const endpoint = endpointFor('s3', s.env);
  return new S3Client({ ...common('s3', s), forcePathStyle: Boolean(endpoint), followRegionRedirects: true });
}
