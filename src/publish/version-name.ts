/** Version names of revisions: the same agent version published again with another mapping or scripts. Pure. */

/** The next revision's name: 5.7.0.25 → 5.7.0.25-2, 5.7.0.25-2 → 5.7.0.25-3. */
export function nextVersionName(name: string): string {
  const m = /^(.*)-(\d+)$/.exec(name);
  if (m && /^\d+(\.\d+)+$/.test(m[1]!)) return `${m[1]}-${Number(m[2]) + 1}`;
  return `${name}-2`;
}
