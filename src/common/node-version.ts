/** The Node.js the CLI needs (package.json "engines"), checked before anything else is loaded. Pure. */
export const MIN_NODE_MAJOR = 22;

/** One line saying why this Node.js is too old and what to do, or undefined when it is recent enough. */
export function nodeTooOld(version: string): string | undefined {
  const major = Number(/^v?(\d+)/.exec(version)?.[1]);
  if (Number.isFinite(major) && major >= MIN_NODE_MAJOR) return undefined;
  return `uptycs-distributor needs Node.js ${MIN_NODE_MAJOR} or newer, and this is Node.js ${version}; install a current Node.js (https://nodejs.org, or nvm install ${MIN_NODE_MAJOR}) and run it again (in a clone of this project, after npm ci, npx uptycs-distributor runs it on the Node.js 24 that npm installs)`;
}
