/**
 * The fleet preflight of one set of targets in one region (the single association's, or the ring that
 * moves): lists the targeted instances and predicts what each would install, logs the predicted
 * failures, and says when preflight-failures: error must stop the rollout before any change.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ref } from '../common/names.js';
import type { Log } from '../common/log.js';
import type { RolloutInputs, RolloutTarget } from '../inputs/rollout.js';
import type { BuiltPackage } from '../package/types.js';
import { fleetQuery, listFleet, type FleetCalls } from './fleet.js';
import type { FleetInstance } from './platforms.js';
import { preflight, type Preflight } from './preflight.js';

export interface FleetCheck {
  fleet: FleetInstance[];
  preflight?: Preflight;
  /** Why the preflight is partial or missing. */
  note?: string;
  /** preflight-failures: error and predicted failures: the association must not change. */
  error?: string;
}

export async function checkFleet(
  a: { pkg: BuiltPackage; r: RolloutInputs; region: string; log: Log; calls: FleetCalls },
  ssm: SSMClient,
  ec2: EC2Client,
  targets: readonly RolloutTarget[],
  /** Names the targets in messages: input rollout-targets, or the ring. */
  what: string = ref('rollout-targets'),
): Promise<FleetCheck> {
  const { r, region, log } = a;
  const query = fleetQuery(targets);
  if (!query.ssm) {
    log.notice(`[${region}] preflight skipped: ${query.limit}`);
    return { fleet: [], ...(query.limit ? { note: query.limit } : {}) };
  }
  const t0 = performance.now();
  const listed = await listFleet(ssm, ec2, query, a.calls);
  const fleet: FleetInstance[] = listed;
  if (listed.unmanaged.length)
    log.warning(
      `[${region}] ${listed.unmanaged.length} targeted instance ID${listed.unmanaged.length === 1 ? ' is' : 's are'} not managed by SSM here (stopped, terminated, no SSM Agent or another region): ${listed.unmanaged.join(', ')}; State Manager skips ${listed.unmanaged.length === 1 ? 'it' : 'them'}`,
    );
  if (listed.hybridArchitectures) log.notice(`[${region}] ${listed.hybridArchitectures}`);
  const p = preflight(a.pkg.manifest, fleet);
  log.info(
    `[${region}] preflight: ${p.total} instances, ${p.counts.install} would install, ${p.counts['no-manifest']} would fail, ${p.counts.unknown} unknown (${a.calls.ssm} SSM and ${a.calls.ec2} EC2 calls, ${Math.round(performance.now() - t0)} ms)`,
  );
  if (!p.total)
    log.warning(
      `[${region}] no managed instance matches ${what} (${targets.map((t) => `${t.Key}=${t.Values.join(',')}`).join('; ')})`,
    );
  const say = (m: string) => (r.preflightFailures === 'error' ? log.error(m) : log.warning(m));
  for (const g of p.groups)
    if (g.outcome === 'no-manifest')
      say(
        `[${region}] ${g.count} instance${g.count === 1 ? '' : 's'} (${g.sample.join(', ')}${g.count > g.sample.length ? ', …' : ''}) would fail: ${g.reason}`,
      );
    else if (g.outcome === 'unknown')
      log.notice(
        `[${region}] ${g.count} instance${g.count === 1 ? '' : 's'} (${g.sample.join(', ')}) cannot be predicted: ${g.reason}`,
      );
  const n = p.counts['no-manifest'];
  return {
    fleet,
    preflight: p,
    ...(r.preflightFailures === 'error' && n > 0
      ? {
          error: `${n} instance${n === 1 ? '' : 's'} would fail to install (no manifest found) and ${ref('preflight-failures')} is error: the association was not changed`,
        }
      : {}),
  };
}
