/**
 * The coverage table as data: one row per mapping entry, and the cell text every table uses. Pure.
 * Its own module so that the summary and the diff read it without going through report/index.ts,
 * which re-exports the summary (no import circle).
 */
import { markdownText } from '../common/markdown.js';
import type { BuiltPackage } from '../package/types.js';
import { kindOfInstaller } from './names.js';

export interface CoverageRow {
  platform: string;
  version: string;
  arch: string;
  zip: string;
  installer: string;
  installerSize: number;
  zipSize: number;
  sha256: string;
  /** The mapping dir the entry came from. */
  dir: string;
  /** How operators name the installer: "x86_64 rpm", "aarch64 rpm", "amd64 deb", "arm64 deb", "MSI". */
  installerKind: string;
}

/** One row per mapping entry, sorted by platform, version, arch. */
export function coverage(pkg: Pick<BuiltPackage, 'files'>): CoverageRow[] {
  const rows = pkg.files.flatMap((f) => {
    const kind = kindOfInstaller(
      f.installerName,
      f.installerType,
      f.entries.map((e) => e.arch),
    );
    return f.entries.map((e) => ({
      platform: e.platform,
      version: e.versionKey,
      arch: e.arch,
      zip: f.name,
      installer: f.installerName,
      installerSize: f.installerSize,
      zipSize: f.size,
      sha256: f.sha256,
      dir: e.dir,
      installerKind: kind,
    }));
  });
  const key = (r: CoverageRow) => `${r.platform}\0${r.version}\0${r.arch}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * Text for the job summary or the comment, table cells included: shown as the characters it is,
 * never as a link, image, mention or other markup (see markdownText).
 */
export function cell(text: string): string {
  return markdownText(text);
}
