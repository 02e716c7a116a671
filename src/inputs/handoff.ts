/**
 * Inputs of the hand-off between runs: publishing a folder built earlier (package-dir), the name a
 * package version is published under (version-name), and what to do when it is already published
 * (if-published). Pure: parsed through the getter and reported through readInputs' `bad()`.
 */
import path from 'node:path';
import { versionNameProblem } from './distributor-names.js';
import { ref } from '../common/names.js';

export interface HandoffInputs {
  /** Absolute path of a folder built by an earlier run to publish as it is; '' = build one now. */
  packageDir: string;
  /** The build's package-digest (sha256:<hex> of its manifest.json) the folder must match; '' = none given. */
  packageDigest: string;
  /** The document version name (manifest "version", S3 prefix {version}, VersionName); '' = the agent version. */
  versionName: string;
  /** skip: stop before downloading when every region already has versionName; verify: rebuild and compare. */
  ifPublished: 'skip' | 'verify' | 'next-revision';
  /** Resolve the version and check the targets (read-only), then stop: nothing downloaded or built. */
  checkOnly: boolean;
}

/** A package-digest as a user may give it: sha256:<64 hex>, or the 64 hex digits alone. */
export function parsePackageDigest(value: string): string | undefined {
  const m = /^(?:sha256:)?([0-9a-f]{64})$/i.exec(value.trim());
  return m ? `sha256:${m[1]!.toLowerCase()}` : undefined;
}

export const HANDOFF_DEFAULTS = { 'if-published': 'skip' } as const;

export function readHandoffInputs(
  raw: (name: string) => string,
  bad: (name: string, message: string) => void,
  cwd: string,
): HandoffInputs {
  const dir = raw('package-dir');
  const versionName = raw('version-name');
  if (versionName) {
    const p = versionNameProblem(versionName);
    if (p) bad('version-name', p);
  }
  const ifPublished = (raw('if-published') || HANDOFF_DEFAULTS['if-published']).toLowerCase();
  if (ifPublished !== 'skip' && ifPublished !== 'verify' && ifPublished !== 'next-revision')
    bad(
      'if-published',
      `"${ifPublished}" must be skip (stop without downloading when the version is published), verify (rebuild and compare) or next-revision (as skip, but a mapping that changed what the published version holds is published as the next free revision, such as 5.7.0.25-2)`,
    );
  if (dir && raw('agents-dir'))
    bad(
      'package-dir',
      `publishes a folder built earlier; ${ref('agents-dir')} is for building one: give only one of them`,
    );
  const digestText = raw('package-digest');
  const digest = digestText ? parsePackageDigest(digestText) : '';
  if (digestText && !digest)
    bad(
      'package-digest',
      'is not a package digest: give the package-digest output of the build step, sha256: and 64 hex digits',
    );
  if (digestText && !dir)
    bad(
      'package-digest',
      `vouches for a folder built earlier; give that folder as ${ref('package-dir')}, or leave both empty to build now`,
    );
  const check = (raw('check-only') || 'false').toLowerCase();
  if (check !== 'true' && check !== 'false')
    bad('check-only', `"${check}" is not a boolean; write true or false`);
  if (check === 'true' && dir)
    bad('check-only', `checks before a build; with ${ref('package-dir')} there is nothing to check first`);
  return {
    checkOnly: check === 'true',
    packageDir: dir ? path.resolve(cwd, dir) : '',
    packageDigest: digest ?? '',
    versionName,
    ifPublished: ifPublished === 'verify' || ifPublished === 'next-revision' ? ifPublished : 'skip',
  };
}
