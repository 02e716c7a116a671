/**
 * The member accounts: every ACTIVE account under the plan's OUs (or the root), nested OUs included,
 * listed through AWS Organizations by the read-only role (management or delegated-administrator
 * account). Paginated; throttled calls are retried.
 */
import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { OrgAccount } from './plan.js';
import { retryThrottled, type ThrottleOptions } from './throttle.js';

export interface ListedOrganization {
  /** ACTIVE accounts, each once, sorted by id. */
  accounts: OrgAccount[];
  /** Accounts found but not ACTIVE (suspended, closed, pending), with their state. */
  inactive: { id: string; state: string }[];
  /** Read calls made. */
  calls: number;
}

/** An account's state: State (the current field), else the older Status. */
export function accountState(a: Pick<Account, 'State' | 'Status'>): string {
  return String(a.State ?? a.Status ?? 'UNKNOWN');
}

async function pages<T>(fetch: (token?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const p = await fetch(token);
    out.push(...p.items);
    token = p.next || undefined;
  } while (token);
  return out;
}

/**
 * Walks each named unit breadth first: its accounts, then its child OUs. An account found under two
 * named units (an OU and its parent both named) is counted once, under the first.
 */
export async function listOrganization(
  org: OrganizationsClient,
  units: readonly string[],
  throttle: ThrottleOptions,
): Promise<ListedOrganization> {
  let calls = 0;
  const send = <T>(fn: () => Promise<T>) => {
    calls++;
    return retryThrottled(fn, throttle);
  };
  const found = new Map<string, OrgAccount>();
  const inactive = new Map<string, string>();
  const seenOus = new Set<string>();
  for (const unit of units) {
    const queue = [unit];
    while (queue.length) {
      const parent = queue.shift()!;
      if (seenOus.has(parent)) continue;
      seenOus.add(parent);
      const [accounts, ous] = await Promise.all([
        pages(async (token) => {
          const r = await send(() =>
            org.send(
              new ListAccountsForParentCommand({ ParentId: parent, ...(token ? { NextToken: token } : {}) }),
            ),
          );
          return { items: r.Accounts ?? [], ...(r.NextToken ? { next: r.NextToken } : {}) };
        }),
        pages(async (token) => {
          const r = await send(() =>
            org.send(
              new ListOrganizationalUnitsForParentCommand({
                ParentId: parent,
                ...(token ? { NextToken: token } : {}),
              }),
            ),
          );
          return { items: r.OrganizationalUnits ?? [], ...(r.NextToken ? { next: r.NextToken } : {}) };
        }),
      ]);
      for (const a of accounts) {
        if (!a.Id) continue;
        const state = accountState(a);
        if (state !== 'ACTIVE') inactive.set(a.Id, state);
        else if (!found.has(a.Id)) found.set(a.Id, { id: a.Id, name: a.Name ?? '', unit, parent });
      }
      for (const ou of ous) if (ou.Id) queue.push(ou.Id);
    }
  }
  return {
    accounts: [...found.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    inactive: [...inactive].map(([id, state]) => ({ id, state })),
    calls,
  };
}
