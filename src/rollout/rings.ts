/**
 * Which ring moves, from the state AWS keeps (each ring's association: the version it is pinned to,
 * when it last changed, its newest execution at that association version; the rings' CloudWatch
 * alarms). One ring moves per run at most: the first ring not on the rollout's version, once every
 * ring before it ran that version within its error budget, with no alarm in ALARM, and baked. The
 * document's default moves after the last ring (plan defaultVersion "last"). Pure.
 */
import type { Ring, RolloutPlan } from '../inputs/rollout-plan.js';
import { allowedErrors } from './association.js';

export interface RingExecution {
  id: string;
  status: string;
  /** ms since the epoch. */
  created: number;
  total: number;
  /** Failed and timed-out instances. */
  failed: number;
  running: boolean;
}

/** One ring's association as found in a region. */
export interface RingState {
  ring: Ring;
  associationName: string;
  /** undefined: no association yet. */
  id?: string;
  /** The association's `version` parameter ('' = the document's default). */
  version?: string;
  action?: string;
  /** When the association last changed (its pin moved, or its settings), ms. */
  since?: number;
  /** The newest execution at the association's current version. */
  execution?: RingExecution;
  /** The ring's alarms in ALARM now. */
  firing: string[];
}

export type RingStatus = 'done' | 'baking' | 'running' | 'halted' | 'moves' | 'waits';

export interface RingDecision {
  ring: string;
  status: RingStatus;
  /** What the ring runs now ('' not created; "default" when pinned to the default). */
  version: string;
  since?: number;
  /** The result of its newest execution, in words. */
  result: string;
  /** What the next run will do about it, in words. */
  next: string;
  /** Why it halted. */
  reason?: string;
}

export interface RingsDecision {
  rings: RingDecision[];
  /** The ring this run moves (index), if any. */
  move?: number;
  /** The first ring that halts every promotion after it. */
  halted?: number;
  moveDefault: boolean;
}

/** The version a ring should run: the rollout's version, or (uninstall) the agent removed. */
export function ringWants(ring: Ring, version: string): { action: string; version: string } {
  return ring.action === 'Uninstall' ? { action: 'Uninstall', version: '' } : { action: 'Install', version };
}

export function atTarget(s: RingState, version: string): boolean {
  const w = ringWants(s.ring, version);
  return s.id !== undefined && (s.version ?? '') === w.version && (s.action ?? 'Install') === w.action;
}

const when = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/:\d\d\.\d{3}Z$/, ' UTC')
    .replace('T', ' ');
const shown = (s: RingState) =>
  s.id === undefined ? '' : s.action === 'Uninstall' ? 'uninstall' : s.version || 'default';

function resultOf(e: RingExecution | undefined): string {
  if (!e) return 'no execution yet';
  if (e.running) return `running (${e.total} instances)`;
  if (!e.total) return `${e.status}: reached no instance`;
  return `${e.status}: ${e.total - e.failed} of ${e.total} succeeded`;
}

export function decideRings(
  states: readonly RingState[],
  version: string,
  plan: Pick<RolloutPlan, 'defaultVersion'>,
  currentDefault: string,
  now: number,
): RingsDecision {
  const rings: RingDecision[] = [];
  let move: number | undefined;
  let halted: number | undefined;
  let blocker: string | undefined;
  states.forEach((s, i) => {
    const d: RingDecision = {
      ring: s.ring.name,
      status: 'done',
      version: shown(s),
      ...(s.since !== undefined ? { since: s.since } : {}),
      result: s.id === undefined ? 'not created' : resultOf(s.execution),
      next: '',
    };
    rings.push(d);
    const target = ringWants(s.ring, version);
    const label = target.action === 'Uninstall' ? 'the uninstall' : target.version;
    if (blocker) {
      d.status = 'waits';
      d.next = atTarget(s, version) ? `keeps ${label}` : `moves to ${label} after ${blocker}`;
      return;
    }
    if (s.firing.length) {
      d.status = 'halted';
      d.reason = `alarm${s.firing.length > 1 ? 's' : ''} ${s.firing.join(', ')} in ALARM`;
      d.next = 'nothing until the alarm is OK';
      halted = i;
      blocker = `ring ${s.ring.name}'s alarm is OK`;
      return;
    }
    if (!atTarget(s, version)) {
      d.status = 'moves';
      d.next = `moves to ${label} now`;
      move = i;
      blocker = `ring ${s.ring.name} succeeds${s.ring.bakeMs ? ` and bakes ${s.ring.bake}` : ''}`;
      return;
    }
    const e = s.execution;
    if (!e || e.running) {
      d.status = 'running';
      d.next = `waits for ${label} to finish on ring ${s.ring.name}`;
      blocker = `ring ${s.ring.name} succeeds${s.ring.bakeMs ? ` and bakes ${s.ring.bake}` : ''}`;
      return;
    }
    const allowed = allowedErrors(s.ring.maxErrors, e.total);
    if (e.failed > allowed) {
      d.status = 'halted';
      d.reason = `${e.failed} of ${e.total} instances failed, more than maxErrors ${s.ring.maxErrors} allows (${allowed})`;
      d.next = 'nothing until the ring is fixed (or undone with rollback-to)';
      halted = i;
      blocker = `ring ${s.ring.name} is fixed`;
      return;
    }
    const baked = (s.since ?? 0) + s.ring.bakeMs;
    if (now < baked) {
      d.status = 'baking';
      d.next = `bakes until ${when(baked)}`;
      blocker = `${when(baked)} (ring ${s.ring.name}'s bake)`;
      return;
    }
    d.next = 'nothing (done)';
  });
  const installs = states.some((s) => s.ring.action === 'Install');
  const moveDefault =
    !blocker && installs && plan.defaultVersion === 'last' && currentDefault !== version && version !== '';
  return {
    rings,
    ...(move !== undefined ? { move } : {}),
    ...(halted !== undefined ? { halted } : {}),
    moveDefault,
  };
}

/** "2026-12-08 19:00 UTC". */
export const utc = when;
