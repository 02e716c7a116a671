/**
 * The undo across regions (rollback-to): every region read first, the version resolved and checked
 * everywhere, and only then, when no region refused, every ring re-pinned and the default moved in
 * each region. In a dry run, what would change is reported and nothing is written.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { errorMessage } from '../common/errors.js';
import type { Log } from '../common/log.js';
import { ref } from '../common/names.js';
import type { Inputs } from '../inputs/index.js';
import type { RolloutInputs } from '../inputs/rollout.js';
import type { BuiltPackage } from '../package/types.js';
import { ssmClient } from '../publish/clients.js';
import type { AwsSession } from '../publish/credentials.js';
import type { RegionRollout } from './report.js';
import { applyUndo, readUndo, resolveUndo, type UndoRead } from './undo.js';

export interface UndoArgs {
  inputs: Inputs;
  r: RolloutInputs & { rollbackTo?: string };
  session: AwsSession;
  log: Log;
  env: NodeJS.ProcessEnv;
  maxAttempts: number;
  pkg: Pick<BuiltPackage, 'packageName'>;
}

export async function undoStage(a: UndoArgs): Promise<{ results: RegionRollout[]; error?: Error }> {
  const { inputs, r, log } = a;
  const rollbackTo = r.rollbackTo ?? '';
  const name = a.pkg.packageName;
  const clients = new Map<string, SSMClient>(
    inputs.awsRegions.map((region) => [
      region,
      ssmClient({
        region,
        env: a.env,
        maxAttempts: a.maxAttempts,
        debug: (m: string) => log.debug(m),
        ...(a.session.credentials ? { credentials: a.session.credentials } : {}),
      }),
    ]),
  );
  const results: RegionRollout[] = inputs.awsRegions.map((region) => ({
    region,
    associationName: r.associationName,
  }));
  try {
    // 1. Read every region; nothing is written unless every region has the version, Active.
    const reads: UndoRead[] = [];
    const problems: string[] = [];
    await Promise.all(
      inputs.awsRegions.map(async (region) => {
        try {
          reads.push(await readUndo(clients.get(region)!, r, name, region));
        } catch (err) {
          problems.push(`${region}: cannot read ${name} (${errorMessage(err)})`);
        }
      }),
    );
    reads.sort((x, y) => inputs.awsRegions.indexOf(x.region) - inputs.awsRegions.indexOf(y.region));
    const resolved = problems.length ? { problems } : resolveUndo(reads, rollbackTo);
    if (!resolved.version) {
      const all = [...problems, ...resolved.problems];
      for (const x of results)
        x.error = `${ref('rollback-to')} ${rollbackTo} refused; nothing was changed in any region`;
      return {
        results,
        error: new Error(
          `${ref('rollback-to')} ${rollbackTo} refused before any change (no ring, no default moved in any region):\n${all.map((p) => `  ${p}`).join('\n')}`,
        ),
      };
    }
    const version = resolved.version;
    log.info(
      `${ref('rollback-to')} ${rollbackTo}: ${version}, Active in ${reads.length} region${reads.length > 1 ? 's' : ''}`,
    );
    if (inputs.dryRun) {
      for (const x of results)
        x.reportNote = `Dry run: every ring and the default would return to ${version}.`;
      return { results };
    }
    // 2. Move, region by region's own client, in parallel.
    await Promise.all(
      reads.map(async (read) => {
        const out = results.find((x) => x.region === read.region)!;
        try {
          const done = await applyUndo(clients.get(read.region)!, read, r, name, version);
          out.ringChanges = done.changes.length ? done.changes : [`already on ${version}: nothing to change`];
          if (done.defaultMoved) out.defaultMoved = done.defaultMoved;
          for (const c of done.changes) log.info(`[${read.region}] undo: ${c}`);
        } catch (err) {
          out.error = `undo to ${version} failed part way: ${errorMessage(err)}; run it again to finish`;
        }
      }),
    );
    const failed = results.filter((x) => x.error);
    return {
      results,
      ...(failed.length
        ? { error: new Error(`undo failed in ${failed.map((x) => `${x.region}: ${x.error}`).join('\n  ')}`) }
        : {}),
    };
  } finally {
    for (const c of clients.values()) c.destroy();
  }
}
