/**
 * What a security reviewer checks before a fleet runs the package as root, in the job summary: the
 * package digest, every zip's and installer's full SHA-256 (as `sha256sum -c` reads them), who
 * published, the buckets' settings as far as the run knows them, and, per region, the default version
 * before the run and the one command that returns to it. Pure.
 */
import { packageDigest } from '../package/manifest.js';
import type { BuiltPackage } from '../package/types.js';
import type { BucketSettings, PublishResult } from '../publish/types.js';
import { ref } from '../common/names.js';
import { markdownText as cell } from '../common/markdown.js';

/** More lines than this and the checksums fold into a collapsed block. */
const OPEN_CHECKSUM_LINES = 6;

/** The checksums in sha256sum's format: copyable, and `sha256sum -c` checks a folder against them. */
function checksums(pkg: BuiltPackage): string[] {
  const zips = pkg.files.map((f) => `${f.sha256}  ${f.name}`);
  const installers = pkg.files
    .filter((f) => f.installerSha256)
    .map((f) => `${f.installerSha256}  ${f.installerName}`);
  const unique = [...new Set(installers)];
  const block = [
    '```text',
    ...zips,
    ...(unique.length ? ['', ...unique] : []),
    '```',
    '',
    unique.length
      ? 'The zips, then the installers they hold: the SHA-256 of the bytes zipped, which for a download is checked to be the SHA-256 computed as it arrived. `sha256sum -c` checks files against these lines.'
      : 'The zips (their installers were not read in this run: see the run that built them). `sha256sum -c` checks files against these lines.',
  ];
  const lines = zips.length + unique.length;
  if (lines <= OPEN_CHECKSUM_LINES) return ['**SHA-256:**', '', ...block, ''];
  return [
    `<details><summary>SHA-256 of the ${zips.length} zips${unique.length ? ` and ${unique.length} installers` : ''}</summary>`,
    '',
    ...block,
    '',
    '</details>',
    '',
  ];
}

const code = (s: string) => `<code>${cell(s)}</code>`;

/** "private (public access blocked), encrypted (AES256), owner enforced" and how that is known. */
export function bucketWords(b: BucketSettings | undefined, alreadyPublished: boolean): string {
  if (!b || b.how === 'unchecked')
    return !b && alreadyPublished
      ? 'not looked at (the version was published already: no file written)'
      : 'not checked by this run (the bucket existed before it)';
  const parts = [
    b.publicAccessBlocked === undefined
      ? 'public access block unknown'
      : b.publicAccessBlocked
        ? 'private (all public access blocked)'
        : '**public access not fully blocked**',
    b.encryption ? `encrypted (${cell(b.encryption)})` : '**no default encryption**',
    b.ownerEnforced === undefined
      ? 'object ownership unknown'
      : b.ownerEnforced
        ? 'owner enforced (ACLs off)'
        : '**ACLs enabled (owner not enforced)**',
  ];
  const repaired = b.repaired?.length ? `; this run set what it lacked: ${b.repaired.join(', ')}` : '';
  return `${parts.join(', ')}: ${b.how === 'created' ? 'set by this run, which created the bucket' : `read back from S3 in this run${repaired}`}`;
}

/** What the default version was, what it is, and the one command that returns to it. */
function defaults(results: readonly PublishResult[], documentName: string): string[] {
  const lines: string[] = [];
  const undo: string[] = [];
  for (const r of results) {
    if (!r.documentVersion) continue;
    const p = r.previousDefault;
    const was = p ? `${p.documentVersion}${p.versionName ? ` (${p.versionName})` : ''}` : '';
    const now = `${r.documentVersion} (${r.versionName})`;
    let what: string;
    if (!p)
      what = `the document was created by this run: its first version ${now} is the default, with nothing before it`;
    else if (p.documentVersion === r.documentVersion) what = `the default was ${now} already: nothing moved`;
    else if (!r.defaultVersion)
      what = `the default stays ${was}: this run did not move it (${now} is not the default)`;
    else {
      what = `the default moved from ${was} to ${now}`;
      undo.push(
        `aws ssm update-document-default-version --region ${r.region} --name ${documentName} --document-version ${p.documentVersion}`,
      );
    }
    lines.push(`- ${cell(r.region)}: ${cell(what)}`);
  }
  if (!lines.length) return [];
  return [
    '**Default version:**',
    '',
    ...lines,
    '',
    ...(undo.length
      ? [
          `To return to the earlier default (instances that install ${code(documentName)} without a version get it again${undo.length > 1 ? '; one line per region' : ''}):`,
          '',
          '```sh',
          ...undo,
          '```',
          '',
        ]
      : []),
  ];
}

/**
 * The section for the reviewer. A dry run has the package's own facts; a publish adds the identity,
 * the buckets and the default versions. Nothing in a plan (no zip was built).
 */
export function signOff(pkg: BuiltPackage, results: readonly PublishResult[] | undefined): string[] {
  const digest = packageDigest(pkg.manifestText);
  const out = [
    '### For the security review',
    '',
    `**Package digest** (${ref('package-digest')}: the SHA-256 of manifest.json, which names every zip’s SHA-256; a publish of the folder checks it):`,
    '',
    '```text',
    digest,
    '```',
    '',
    ...checksums(pkg),
  ];
  if (!results?.length) return out;
  const who = [...new Set(results.map((r) => r.publishedBy).filter((a): a is string => Boolean(a)))];
  if (who.length) out.push(`**Published by:** ${who.map((a) => code(a)).join(', ')}`, '');
  const buckets = results.filter((r) => r.bucket);
  if (buckets.length)
    out.push(
      '**Buckets:**',
      '',
      ...buckets.map(
        (r) => `- ${cell(r.region)}: ${code(r.bucket)}: ${bucketWords(r.bucketSettings, r.alreadyPublished)}`,
      ),
      '',
    );
  out.push(...defaults(results, pkg.packageName));
  return out;
}
