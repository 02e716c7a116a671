/**
 * What the core and its parts share: the dependencies the faces hand in (CoreDeps), what a run
 * returns (RunResult), and what every step of a run shares (RunContext: the inputs, the log, and the
 * stage timer). Types and one constructor; no I/O.
 */
import type { AgentSet } from './agents/local.js';
import type { Inputs } from './inputs/index.js';
import type { ApiKey } from './inputs/key.js';
import type { Log } from './common/log.js';
import { formatDuration } from './common/log.js';
import type { SummarySection } from './common/markdown.js';
import type { PreviewRow } from './package/manifest.js';
import type { BuiltPackage, PackageInProgress } from './package/types.js';
import type { Installer } from './plan/installers.js';
import type { MappingEntry } from './plan/mapping.js';
import type { CoverageRow } from './report/index.js';
import type { Review } from './report/review.js';
import type { OutputOwner } from './output-dir.js';

export interface CoreDeps {
  log: Log;
  /** Folder holding templates/ and mappings/. */
  packageRoot: string;
  /**
   * Who writes output-dir (the action: this job's run and step). A folder that another step of the
   * same job wrote is not replaced unless replace-output-dir is true.
   */
  outputOwner?: OutputOwner;
  /** How to show a path in messages and annotations (the action makes them workspace-relative). */
  displayPath?: (file: string) => string;
  /** Downloads installers from the Uptycs API (download: true). */
  download?: (
    entries: MappingEntry[],
    apiKey: ApiKey,
    inputs: Inputs,
    chosenVersion?: ChosenVersion,
    /** Told of each installer (by its planInstallers spec id) as soon as it is on disk and checked. */
    onInstaller?: (specId: string, installer: Installer) => void,
  ) => Promise<AgentSet & { cacheHit?: boolean; source?: string }>;
  /** Resolves the agent version without downloading (download: true), so that publishing can be checked first. */
  resolveVersion?: (entries: MappingEntry[], apiKey: ApiKey, inputs: Inputs) => Promise<ChosenVersion>;
  /**
   * Read-only: is the version name published in every region already? (if-published: skip,
   * check-only). Opens the AWS session (started beside the version lookup), then checks a version name.
   */
  published?: (inputs: Inputs) => Promise<(versionName: string) => Promise<PublishedCheck>>;
  /**
   * Publishes the package (dry-run: false): summary sections, outputs, results, and the error of any
   * failed region. Given a package still being built, it starts sending the zips as they come, and
   * throws the build's error if the build fails.
   */
  publish?: (pkg: BuiltPackage | PackageInProgress, inputs: Inputs) => Promise<StageOutcome>;
  /** The rollout stage (rollout-targets given): preflight, association, report; after publishing, or alone in a dry run. */
  rollout?: (pkg: BuiltPackage, inputs: Inputs, published: unknown) => Promise<StageOutcome>;
}

/** What the publish and the rollout stage return: summary sections, outputs, results, and any error. */
export interface StageOutcome {
  sections: SummarySection[];
  outputs: Record<string, string>;
  results: unknown;
  error?: Error;
}

/** The agent version and where it came from. */
export interface ChosenVersion {
  version: string;
  versionSource: 'input' | 'newest';
}

/** What publishing and rolling out did (both optional): summary sections, outputs, results, error. */
export interface Converged {
  /** The check found everything as asked: no publish stage ran. */
  asAsked?: boolean;
  sections: SummarySection[];
  outputs: Record<string, string>;
  publishResults?: unknown;
  rolloutResults?: unknown;
  error?: Error;
}

/** What the read-only check found (src/publish/published.ts). */
export interface PublishedCheck {
  all: boolean;
  /** Besides, nothing for the publish stage to change (default version, sharing, versions kept). */
  converged: boolean;
  versionName: string;
  results: unknown;
  manifestText?: string;
  outputs: Record<string, string>;
  markdown: string;
}

export interface RunResult {
  pkg: BuiltPackage;
  rows: CoverageRow[];
  preview: PreviewRow[];
  summary: string;
  reportPath: string;
  cacheHit: boolean;
  /** Extra outputs from the publish stage (s3-uri, document-name, ...). */
  outputs: Record<string, string>;
  /** Set when publishing failed in some region: the step fails after the summary is written. */
  error?: Error;
  /** With compare-to: what the change does. */
  review?: Review;
}

/** The installers of a run and where they came from. */
export type Agents = AgentSet & { cacheHit?: boolean; source?: string };

/** When a stage started and ended, in ms from the start of the run. */
export interface Span {
  startMs: number;
  endMs: number;
}

/** What every step of a run shares: the inputs, the faces' dependencies, the log and the stage timer. */
export interface RunContext {
  inputs: Inputs;
  deps: CoreDeps;
  log: Log;
  show: (file: string) => string;
  timings: Record<string, number>;
  /** When each stage started and ended (the debug timings). */
  spans: Record<string, Span>;
  /**
   * Runs fn in a log group and records how long it took. A stage that runs beside others (a
   * pipelined run) is only timed: its lines go to the group of the whole pipeline.
   */
  stage: <T>(name: string, fn: () => Promise<T>, beside?: boolean) => Promise<T>;
}

export function runContext(inputs: Inputs, deps: CoreDeps): RunContext {
  const timings: Record<string, number> = {};
  const spans: RunContext['spans'] = {};
  const start = performance.now();
  return {
    inputs: { ...inputs },
    deps,
    log: deps.log,
    show: deps.displayPath ?? ((f: string) => f),
    timings,
    spans,
    stage: async (name, fn, beside) => {
      const t0 = performance.now();
      try {
        return beside ? await fn() : await deps.log.group(name, fn);
      } finally {
        const t1 = performance.now();
        timings[name.toLowerCase()] = t1 - t0;
        spans[name.toLowerCase()] = { startMs: Math.round(t0 - start), endMs: Math.round(t1 - start) };
        if (beside) deps.log.info(`${name} took ${formatDuration(t1 - t0)}`);
      }
    },
  };
}
