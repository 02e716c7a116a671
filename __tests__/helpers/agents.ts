/**
 * Test inputs: a set of real installers (one per Uptycs installer kind) and an agents-dir laid out
 * as the old tool's folders were, one subfolder per mapping dir holding that entry's installer.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildDeb, buildMsi, buildRpm } from './installers.js';

export type Kind = 'centos/x86_64' | 'centos/arm64' | 'debian/x86_64' | 'debian/arm64' | 'windows/x86_64';

/** The committed sample installers (__tests__/fixtures/installers), one per kind. */
export const SAMPLE_INSTALLERS: Record<Kind, string> = (() => {
  const dir = path.resolve(import.meta.dirname, '../fixtures/installers');
  const name = (suffix: string) => path.join(dir, `assets-uptycs-protect-5.7.0.25-Uptycs${suffix}`);
  return {
    'centos/x86_64': name('.rpm'),
    'centos/arm64': name('.aarch64.rpm'),
    'debian/x86_64': name('.deb'),
    'debian/arm64': name('.arm64.deb'),
    'windows/x86_64': name('-windows.msi'),
  };
})();

export function buildInstallerSet(
  outDir: string,
  version: string,
  opts: { pkg?: string; paddingBytes?: number } = {},
): Record<Kind, string> {
  const pkg = opts.pkg ?? 'uptycs-test-agent';
  const common = { pkg, version, outDir, paddingBytes: opts.paddingBytes };
  return {
    'centos/x86_64': buildRpm({ ...common, arch: 'x86_64' }),
    'centos/arm64': buildRpm({ ...common, arch: 'arm64' }),
    'debian/x86_64': buildDeb({ ...common, arch: 'x86_64' }),
    'debian/arm64': buildDeb({ ...common, arch: 'arm64' }),
    'windows/x86_64': buildMsi({ ...common, arch: 'x86_64' }),
  };
}

interface RawEntry {
  upt_package: string;
  dir: string;
  arch_type: string;
}

/** Copies the right installer into <agentsDir>/<dir>/ for every entry of a mapping file. */
export function layoutAgentsDir(mappingFile: string, agentsDir: string, set: Record<Kind, string>): void {
  const m = JSON.parse(readFileSync(mappingFile, 'utf8')) as Record<string, RawEntry[]>;
  for (const e of [...(m.linux ?? []), ...(m.windows ?? [])]) {
    const src = set[`${e.upt_package}/${e.arch_type === 'arm64' ? 'arm64' : 'x86_64'}` as Kind];
    const dir = path.join(agentsDir, e.dir);
    mkdirSync(dir, { recursive: true });
    copyFileSync(src, path.join(dir, path.basename(src)));
  }
}
