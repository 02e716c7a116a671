/**
 * A cached Debian chroot (debootstrap --variant=minbase --include=rpm) to run the package scripts
 * in for real: dash as /bin/sh, dpkg and apt-get, and rpm with its own database.
 *
 * The chroot is built once per suite/mirror/options into
 * ${XDG_CACHE_HOME:-~/.cache}/uptycs-distributor-action/chroot-<suite>-<hash>: debootstrap writes
 * into a temporary folder next to it, which is renamed into place only once complete and marked,
 * so an interrupted build is never reused. An flock(1) held by a child process serialises builders
 * and users across test processes; the kernel releases it if this process dies.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const VARIANT = 'minbase';
export const INCLUDE = ['rpm'];
export const ARCH = 'amd64';
/** Bump to invalidate every cached chroot. */
const LAYOUT = 1;
const MARKER = '.udist-chroot-complete';

export interface AptSource {
  suite: string;
  mirror: string;
  /** e.g. main, or main universe on Ubuntu (where rpm lives in universe). */
  components: string[];
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The release this machine runs, from /etc/os-release (VERSION_CODENAME), if any. */
function codename(): string | undefined {
  const text = readIfExists('/etc/os-release') ?? '';
  const m = /^VERSION_CODENAME="?([a-z0-9-]+)"?\s*$/m.exec(text);
  return m?.[1];
}

/** "deb" entries of the one-line format (sources.list) and of deb822 files (*.sources). */
export function parseAptSources(file: string, text: string): AptSource[] {
  const out: AptSource[] = [];
  if (file.endsWith('.sources')) {
    for (const para of text.split(/\n\s*\n/)) {
      const fields: Record<string, string> = {};
      let last = '';
      for (const line of para.split('\n')) {
        if (line.startsWith('#')) continue;
        const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
        if (m) {
          last = m[1]!.toLowerCase();
          fields[last] = m[2]!.trim();
        } else if (/^\s/.test(line) && last) fields[last] += ` ${line.trim()}`;
      }
      if (!(fields.types ?? '').split(/\s+/).includes('deb')) continue;
      if ((fields.enabled ?? 'yes').toLowerCase() === 'no') continue;
      const components = (fields.components ?? '').split(/\s+/).filter(Boolean);
      for (const mirror of (fields.uris ?? '').split(/\s+/).filter(Boolean))
        for (const suite of (fields.suites ?? '').split(/\s+/).filter(Boolean))
          out.push({ suite, mirror, components });
    }
  } else {
    for (const raw of text.split('\n')) {
      const line = raw.replace(/#.*/, '').trim();
      const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)(.*)$/.exec(line);
      if (m) out.push({ mirror: m[1]!, suite: m[2]!, components: m[3]!.trim().split(/\s+/).filter(Boolean) });
    }
  }
  return out;
}

/**
 * The Debian suite and mirror to bootstrap from: the machine's own apt sources, the entry for its
 * release (not -updates/-security), over http(s).
 */
export function debianSource(): AptSource | undefined {
  const files = ['/etc/apt/sources.list'];
  const dir = '/etc/apt/sources.list.d';
  if (existsSync(dir))
    for (const f of readdirSync(dir).sort())
      if (f.endsWith('.list') || f.endsWith('.sources')) files.push(path.join(dir, f));
  const all = files.flatMap((f) => {
    const text = readIfExists(f);
    return text === undefined ? [] : parseAptSources(f, text);
  });
  const usable = all.filter((s) => /^https?:\/\//.test(s.mirror) && !/[-/]/.test(s.suite));
  const release = codename();
  return usable.find((s) => s.suite === release) ?? usable[0];
}

export function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'uptycs-distributor-action');
}

export function chrootDirFor(src: AptSource): string {
  const hash = createHash('sha256')
    .update(JSON.stringify({ LAYOUT, VARIANT, INCLUDE, ARCH, ...src }))
    .digest('hex')
    .slice(0, 12);
  return path.join(cacheRoot(), `chroot-${src.suite}-${hash}`);
}

/** The absolute path of a command on the host, or the bare name when not found. */
function hostCommand(cmd: string): string {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin']))
    if (dir && existsSync(path.join(dir, cmd))) return path.join(dir, cmd);
  return cmd;
}

function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Mount points at or below dir, deepest first. */
function mountsUnder(dir: string): string[] {
  const text = readIfExists('/proc/self/mounts') ?? '';
  return text
    .split('\n')
    .map((l) => (l.split(' ')[1] ?? '').replace(/\\040/g, ' '))
    .filter((m) => m === dir || m.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length);
}

/** Removes a folder that debootstrap may have left mounts in (it mounts /proc and /sys). */
function removeTree(dir: string): void {
  for (const m of mountsUnder(dir)) {
    try {
      execFileSync('umount', [m], { stdio: 'ignore' });
    } catch {
      execFileSync('umount', ['-l', m], { stdio: 'ignore' });
    }
  }
  const left = mountsUnder(dir);
  if (left.length) throw new Error(`refusing to delete ${dir}: still mounted: ${left.join(', ')}`);
  rmSync(dir, { recursive: true, force: true });
}

/** An exclusive lock on a file, held by an flock(1) child until release() or this process ends. */
export class FileLock {
  private constructor(private readonly child: ChildProcess | undefined) {}

  static async acquire(file: string, timeoutMs = 15 * 60_000): Promise<FileLock> {
    if (!hasCommand('flock')) return new FileLock(undefined);
    mkdirSync(path.dirname(file), { recursive: true });
    const child = spawn(
      'flock',
      ['-x', '-w', String(Math.ceil(timeoutMs / 1000)), file, 'sh', '-c', 'echo locked; exec cat >/dev/null'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) =>
        reject(new Error(`could not lock ${file} (flock exit ${code}): ${err.trim()}`)),
      );
      child.once('error', reject);
    });
    child.unref();
    return new FileLock(child);
  }

  async release(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.stdin!.end();
    });
  }
}

export interface Chroot {
  dir: string;
  source: AptSource;
  /** Time spent building, 0 when the cached chroot was used. */
  builtMs: number;
  lock: FileLock;
}

/**
 * Returns the cached chroot, building it first when absent, and holds the lock until the caller
 * releases it (so two test processes never change the same chroot at once). Throws an Error that
 * says why when debootstrap is missing or fails.
 */
export async function acquireChroot(log: (msg: string) => void = () => {}): Promise<Chroot> {
  if (process.platform !== 'linux') throw new Error('a chroot needs Linux');
  if (process.getuid?.() !== 0) throw new Error('building and entering a chroot needs root');
  const source = debianSource();
  if (!source) throw new Error('no Debian suite and http(s) mirror found in /etc/apt/sources.list{,.d/*}');
  const dir = chrootDirFor(source);
  const lock = await FileLock.acquire(path.join(cacheRoot(), `${path.basename(dir)}.lock`));
  try {
    if (existsSync(path.join(dir, MARKER))) return { dir, source, builtMs: 0, lock };
    if (!hasCommand('debootstrap'))
      throw new Error('debootstrap is not installed (apt-get install debootstrap)');
    // debootstrap runs under its own lock, which it keeps even if the test process that started
    // it is killed; waiting for that lock means no earlier debootstrap is still writing.
    const parent = path.dirname(dir);
    mkdirSync(parent, { recursive: true });
    const buildLock = path.join(parent, `${path.basename(dir)}.build.lock`);
    const useFlock = hasCommand('flock');
    if (useFlock) execFileSync('flock', ['-x', '-w', '900', buildLock, 'true']);
    // Leftovers of interrupted builds: their builders are gone.
    for (const f of readdirSync(parent))
      if (f.startsWith(`.building-${path.basename(dir)}-`)) removeTree(path.join(parent, f));
    if (existsSync(dir)) removeTree(dir); // present but never completed
    const work = path.join(parent, `.building-${path.basename(dir)}-${process.pid}`);
    const root = path.join(work, 'root');
    mkdirSync(work, { recursive: true });
    const started = Date.now();
    log(`building chroot ${dir} (debootstrap ${source.suite} from ${source.mirror}, ~1 min, once)`);
    const args = [
      `--variant=${VARIANT}`,
      `--include=${INCLUDE.join(',')}`,
      `--arch=${ARCH}`,
      ...(source.components.length ? [`--components=${source.components.join(',')}`] : []),
      source.suite,
      root,
      source.mirror,
    ];
    const result = useFlock
      ? await run('flock', ['-x', buildLock, 'debootstrap', ...args], { timeoutMs: 15 * 60_000 })
      : await run('debootstrap', args, { timeoutMs: 15 * 60_000 });
    if (result.code !== 0) {
      const tail = (result.stdout + result.stderr).trim().split('\n').slice(-15).join('\n');
      removeTree(work);
      throw new Error(`debootstrap ${args.join(' ')} failed (exit ${result.code}):\n${tail}`);
    }
    for (const m of mountsUnder(root)) execFileSync('umount', [m]);
    writeFileSync(path.join(root, MARKER), `${JSON.stringify({ ...source, VARIANT, INCLUDE, ARCH })}\n`);
    renameSync(root, dir);
    removeTree(work);
    return { dir, source, builtMs: Date.now() - started, lock };
  } catch (e) {
    await lock.release();
    throw e;
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command, collecting its output; never throws for a non-zero exit. */
export function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** A root-like environment for commands in the chroot; extra entries override. */
export function chrootEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/root',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    ...extra,
  };
}

/** Runs `sh -c script` inside the chroot (/bin/sh there is dash), from cwd (a path inside it). */
export function runInChroot(
  dir: string,
  script: string,
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunResult> {
  const body = opts.cwd ? `cd '${opts.cwd.replace(/'/g, `'\\''`)}' || exit 99; ${script}` : script;
  // Found with the host's PATH: the environment given is the one inside the chroot.
  return run(hostCommand('chroot'), [dir, '/bin/sh', '-c', body], {
    env: chrootEnv(opts.env),
    timeoutMs: opts.timeoutMs,
  });
}
