/**
 * Distributor's rules for the names a user gives: the package (the SSM document) and a version name
 * (FACTS.md §3). Checked when the inputs are read, so that a bad name fails before any work.
 */
const NAME_RE = /^[a-zA-Z0-9_\-.]{3,128}$/;
const VERSION_NAME_RE = /^[a-zA-Z0-9_\-.]{1,128}$/;

/** Why a package name is not allowed, or undefined when it is. */
export function packageNameProblem(name: string): string | undefined {
  if (!NAME_RE.test(name))
    return `"${name}" must be 3 to 128 characters of letters, digits, "_", "-" and "."`;
  if (/^(aws|amazon|amzn)/i.test(name))
    return `"${name}" starts with a prefix AWS reserves (aws, amazon, amzn); choose another name such as "UptycsAgent"`;
  return undefined;
}

/** Why a package version name is not allowed, or undefined when it is. */
export function versionNameProblem(version: string): string | undefined {
  if (!VERSION_NAME_RE.test(version))
    return `"${version}" must be 1 to 128 characters of letters, digits, "_", "-" and "." (for example 5.7.0.25)`;
  return undefined;
}
