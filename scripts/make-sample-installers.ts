/**
 * Regenerates the small sample installers in __tests__/fixtures/installers/ that `npm run demo` uses
 * on machines without rpmbuild, dpkg-deb or wixl. They are real packages that install one file,
 * /opt/uptycs-sample-agent/VERSION; they are not the Uptycs agent.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDeb, buildMsi, buildRpm } from '../__tests__/helpers/installers.js';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../__tests__/fixtures/installers');
rmSync(out, { recursive: true, force: true });
const version = '5.7.0.25';
const pkg = 'uptycs-sample-agent';
const name = (suffix: string) => `assets-uptycs-protect-${version}-Uptycs${suffix}`;
for (const f of [
  buildRpm({ pkg, version, arch: 'x86_64', outDir: out, fileName: name('.rpm') }),
  buildRpm({ pkg, version, arch: 'arm64', outDir: out, fileName: name('.aarch64.rpm') }),
  buildDeb({ pkg, version, arch: 'x86_64', outDir: out, fileName: name('.deb') }),
  buildDeb({ pkg, version, arch: 'arm64', outDir: out, fileName: name('.arm64.deb') }),
  buildMsi({ pkg, version, arch: 'x86_64', outDir: out, fileName: name('-windows.msi') }),
])
  console.log(f);
