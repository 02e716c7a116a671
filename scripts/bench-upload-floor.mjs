// The upload floor of the benchmarks (scripts/bench-publish.ts, scripts/bench-cold.ts): with the AWS SDK
// and nothing checked (no checksums, no read-back), PUTs DIR's zips and manifest.json into BUCKET, 4 at
// a time (BENCH_FILE_CONCURRENCY). With --document it then creates the Package document and polls it until
// Active, at once and then every BENCH_POLL_MS, as the action polls (what any tool that publishes must do).
//   node bench-upload-floor.mjs DIR BUCKET [--document] [--bucket-exists] [--wait]
// --bucket-exists: the bucket is there already (not created here).
// --wait: load the SDK, then wait for a line on stdin before any request (the pipelined floor starts
//   this process beside its transfers and lets it go once they are done).
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateDocumentCommand, DescribeDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 250);
const CONCURRENCY = Number(process.env.BENCH_FILE_CONCURRENCY ?? 4);
const args = process.argv.slice(2);
const [dir, bucket] = args.filter((a) => !a.startsWith('--'));
const flag = (name) => args.includes(`--${name}`);

if (flag('wait')) {
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  await lines.next();
}
const s3 = new S3Client({
  region: 'us-east-1',
  endpoint: process.env.AWS_ENDPOINT_URL,
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
if (!flag('bucket-exists')) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
const files = readdirSync(dir).filter((f) => f.endsWith('.zip') || f === 'manifest.json');
let next = 0;
const worker = async () => {
  while (next < files.length) {
    const f = files[next++];
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `floor/${f}`, Body: readFileSync(path.join(dir, f)) }),
    );
  }
};
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
s3.destroy();

if (flag('document')) {
  const ssm = new SSMClient({ region: 'us-east-1', endpoint: process.env.AWS_ENDPOINT_URL_SSM });
  const manifest = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  const name = `Floor${bucket.replace(/[^A-Za-z0-9]/g, '')}`;
  const made = await ssm.send(
    new CreateDocumentCommand({
      Name: name,
      Content: manifest,
      DocumentType: 'Package',
      VersionName: JSON.parse(manifest).version,
      Attachments: [{ Key: 'SourceUrl', Values: [`s3://${bucket}/floor`] }],
    }),
  );
  for (;;) {
    const d = await ssm.send(
      new DescribeDocumentCommand({ Name: name, DocumentVersion: made.DocumentDescription.DocumentVersion }),
    );
    if (d.Document.Status === 'Active') break;
    if (d.Document.Status === 'Failed') throw new Error(d.Document.StatusInformation);
    await sleep(POLL_MS);
  }
  ssm.destroy();
}
