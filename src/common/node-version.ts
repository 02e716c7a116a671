/**
 * The Node.js the CLI needs (package.json "engines"), checked before anything else is loaded. Pure.
 * 22.2 is the first Node.js 22 with zlib.crc32, which the zip writer uses.
 */
export const MIN_NODE = '22.2';

/** One line saying why this Node.js is too old and what to do, or undefined when it is recent enough. */
export function nodeTooOld(version: string): string | undefined {
  const [major, minor] = (/^v?(\d+)\.(\d+)/.exec(version) ?? []).slice(1).map(Number);
  const [needMajor, needMinor] = MIN_NODE.split('.').map(Number) as [number, number];
  if (
    major !== undefined &&
    minor !== undefined &&
    (major > needMajor || (major === needMajor && minor >= needMinor))
  )
    return undefined;
  return `uptycs-distributor needs Node.js ${MIN_NODE} or newer, and this is Node.js ${version}; install a current Node.js (https://nodejs.org, or nvm install ${needMajor}) and run it again (in a clone of this project, after npm ci, npx uptycs-distributor runs it on the Node.js 24 that npm installs)`;
}
