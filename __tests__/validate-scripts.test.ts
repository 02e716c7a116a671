/**
 * validate.sh, proven for real as the install scripts are: rendered as the build renders it, run
 * under dash in the Debian chroot against real .deb and .rpm packages of an agent with a daemon (a
 * real process behind /etc/init.d/<pkg>), a configuration file and a systemd unit. Each drift a
 * fleet sees (the package removed, a file or the configuration deleted, the service stopped or
 * disabled) makes validate fail with its documented exit code and reason; install.sh, which the SSM
 * Agent runs again when validate fails, repairs it; validate then passes.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadTemplates, renderScripts, type Templates } from '../src/package/scripts.js';
import { LINUX_EXIT_CODES, failureReason } from '../src/rollout/reasons.js';
import { acquireChroot, runInChroot, type Chroot, type RunResult } from './helpers/chroot.js';
import { buildDeb, buildRpm, haveTools } from './helpers/installers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
type LinuxType = 'deb' | 'rpm';
const PKG = { deb: 'udist-agent-deb', rpm: 'udist-agent-rpm' } as const;
const V1 = '2.0.0';
const V0 = '1.9.0';
/** The exit codes validate.sh documents. */
const CODE = { absent: 20, otherVersion: 21, files: 22, config: 23, disabled: 24, stopped: 25 } as const;

let templates: Templates;
let work: string;
const built = new Map<string, string>();

function installer(type: LinuxType, version: string): string {
  const key = `${type}-${version}`;
  if (!built.has(key)) {
    const spec = {
      pkg: PKG[type],
      version,
      arch: 'x86_64' as const,
      outDir: path.join(work, key),
      service: true,
    };
    built.set(key, type === 'deb' ? buildDeb(spec) : buildRpm(spec));
  }
  return built.get(key)!;
}

function unavailable(t: TestContext, reason: string): void {
  if (process.env.CI) assert.fail(`${reason} (required when CI is set)`);
  t.skip(reason);
}

before(async () => {
  templates = await loadTemplates(path.join(ROOT, 'templates'));
  work = mkdtempSync(path.join(tmpdir(), 'udist-validate-test-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('validate.sh (static)', () => {
  it("every Linux zip ships validate.sh; its exit codes are the rollout report's", () => {
    for (const type of ['deb', 'rpm'] as const) {
      const scripts = renderScripts(templates, type, { installer: 'a.x', version: V1, packageName: 'P' });
      const validate = scripts.find((s) => s.name === 'validate.sh');
      assert.ok(validate, `${type} renders validate.sh`);
      for (const [code, words] of [
        [20, 'not installed'],
        [21, 'another version'],
        [22, 'files'],
        [23, 'configuration'],
        [24, 'disabled'],
        [25, 'not running'],
      ] as const) {
        assert.match(
          validate.content,
          new RegExp(`#\\s+${code}\\s+[^\\n]*${words}`),
          `${type} documents ${code}`,
        );
        assert.match(LINUX_EXIT_CODES[code] ?? '', new RegExp(words), `the report reads ${code}`);
      }
    }
    assert.equal(
      failureReason({
        platformType: 'Linux',
        stdout: '',
        stderr:
          '[uptycs-distributor] ERROR: service x of y is not running (stopped (status 3))\nfailed to run commands: exit status 25',
      }),
      "validate: the agent's service is not running (exit 25): service x of y is not running (stopped (status 3))",
    );
  });
});

describe('validate.sh and the repair in a Debian chroot (dash, dpkg, rpm)', () => {
  let chroot: Chroot | undefined;
  let why = '';
  const STAGE = `/var/tmp/udist validate-${process.pid}`;

  before(async () => {
    try {
      chroot = await acquireChroot((m) => console.log(`# ${m}`));
      const tmp = path.join(chroot.dir, 'var/tmp');
      for (const f of readdirSync(tmp))
        if (f.startsWith('udist validate-')) rmSync(path.join(tmp, f), { recursive: true, force: true });
    } catch (e) {
      why = `no Debian chroot: ${(e as Error).message}`;
    }
  });
  after(async () => {
    if (!chroot) return;
    try {
      for (const type of ['deb', 'rpm'] as const) await cleanup(chroot, type);
      rmSync(path.join(chroot.dir, STAGE), { recursive: true, force: true });
    } finally {
      await chroot.lock.release();
    }
  });

  function need(t: TestContext, type: LinuxType): Chroot | undefined {
    if (!chroot) return void unavailable(t, why);
    const tools = haveTools();
    if (!tools[type]) return void unavailable(t, `the ${type} builder tool is not installed`);
    return chroot;
  }

  /** The zip's content (installer + rendered scripts) in a fresh folder of the chroot. */
  function stage(c: Chroot, folder: string, type: LinuxType, file: string, version: string): string {
    const inside = path.posix.join(STAGE, folder);
    const host = path.join(c.dir, inside);
    rmSync(host, { recursive: true, force: true });
    mkdirSync(host, { recursive: true });
    copyFileSync(file, path.join(host, path.basename(file)));
    for (const s of renderScripts(templates, type, {
      installer: path.basename(file),
      version,
      packageName: 'AgentTest',
    }))
      writeFileSync(path.join(host, s.name), s.content);
    return inside;
  }

  const sh = (c: Chroot, script: string, opts: { cwd?: string; env?: Record<string, string> } = {}) =>
    runInChroot(c.dir, script, opts);
  const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;

  async function cleanup(c: Chroot, type: LinuxType): Promise<void> {
    const pkg = PKG[type];
    await sh(
      c,
      `[ -x /etc/init.d/${pkg} ] && /etc/init.d/${pkg} stop; ` +
        (type === 'deb' ? `dpkg --purge ${pkg}` : `rpm -e --allmatches --noscripts ${pkg}`) +
        ` >/dev/null 2>&1; rm -rf /opt/${pkg} /etc/${pkg} /etc/init.d/${pkg} /run/${pkg}.pid /lib/systemd/system/${pkg}.service`,
    );
  }

  /** Runs install.sh of a staged zip (as the SSM Agent does: `sh install.sh` in its folder). */
  async function install(c: Chroot, dir: string): Promise<RunResult> {
    const r = await sh(c, 'sh install.sh', { cwd: dir });
    assert.equal(r.code, 0, show(r));
    return r;
  }
  const validate = (c: Chroot, dir: string, wait = '1') =>
    sh(c, 'sh validate.sh', { cwd: dir, env: { SSM_UPTYCS_VALIDATE_WAIT: wait } });

  async function expectFailure(c: Chroot, dir: string, code: number, reason: RegExp): Promise<void> {
    const r = await validate(c, dir);
    assert.equal(r.code, code, show(r));
    assert.match(r.stderr, reason);
    assert.equal(r.stderr.split('\n').filter((l) => l.includes('ERROR:')).length, 1, 'one error line');
  }

  for (const type of ['deb', 'rpm'] as const) {
    const pkg = PKG[type];

    it(`${type}: installed and running passes; each drift fails with its code and install.sh repairs it`, async (t) => {
      const c = need(t, type);
      if (!c) return;
      await cleanup(c, type);
      const dir = stage(c, `${type}-drift`, type, installer(type, V1), V1);
      await install(c, dir);
      let r = await validate(c, dir);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /services \(sysv\): udist-agent-/);
      assert.match(r.stdout, /is installed and its services run/);

      // The service stopped: validate fails; install (what the agent runs next) starts it again.
      await sh(c, `/etc/init.d/${pkg} stop`);
      await expectFailure(
        c,
        dir,
        CODE.stopped,
        new RegExp(`service ${pkg} of ${pkg} is not running \\(stopped \\(status 3\\)\\)`),
      );
      r = await install(c, dir);
      assert.match(r.stdout, /starting its services/);
      assert.equal((await validate(c, dir)).code, 0);

      // A file of the package deleted: install puts the package back in place.
      await sh(c, `rm /opt/${pkg}/daemon`);
      await expectFailure(c, dir, CODE.files, new RegExp(`files of ${pkg} are missing: /opt/${pkg}/daemon`));
      r = await install(c, dir);
      assert.match(r.stdout, /installing it again to restore them/);
      r = await validate(c, dir);
      assert.equal(r.code, 0, show(r));

      // The configuration (where the enrollment lives) deleted: restored by install.
      await sh(c, `rm /etc/${pkg}/agent.conf`);
      await expectFailure(
        c,
        dir,
        CODE.config,
        new RegExp(`configuration files of ${pkg} are missing: /etc/${pkg}/agent.conf`),
      );
      await install(c, dir);
      r = await validate(c, dir);
      assert.equal(r.code, 0, show(r));
      assert.equal((await sh(c, `cat /etc/${pkg}/agent.conf`)).stdout, 'enroll=fixture\n');

      // The package removed behind the agent's back: validate fails; install installs it again.
      await sh(c, `/etc/init.d/${pkg} stop; ${type === 'deb' ? `dpkg --purge ${pkg}` : `rpm -e ${pkg}`}`);
      await expectFailure(c, dir, CODE.absent, new RegExp(`${pkg} is not installed`));
      await install(c, dir);
      r = await validate(c, dir);
      assert.equal(r.code, 0, show(r));
    });

    it(`${type}: another version installed fails with 21; a service still starting is waited for, boundedly`, async (t) => {
      const c = need(t, type);
      if (!c) return;
      await cleanup(c, type);
      const old = stage(c, `${type}-old`, type, installer(type, V0), V0);
      await install(c, old);
      const dir = stage(c, `${type}-new`, type, installer(type, V1), V1);
      await expectFailure(c, dir, CODE.otherVersion, new RegExp(`${pkg} is installed at another version`));
      await install(c, dir);

      // Starting takes 2 s: a wait of 10 s passes, after about 2 s.
      await sh(c, `/etc/init.d/${pkg} stop`);
      const started = Date.now();
      const r = await sh(c, `( sleep 2; /etc/init.d/${pkg} start ) & sh validate.sh; rc=$?; wait; exit $rc`, {
        cwd: dir,
        env: { SSM_UPTYCS_VALIDATE_WAIT: '10' },
      });
      assert.equal(r.code, 0, show(r));
      assert.ok(Date.now() - started >= 1500, 'it waited for the service');
      // A service that stays down fails after the bound, not later (here 2 s).
      await sh(c, `/etc/init.d/${pkg} stop`);
      const t0 = Date.now();
      const down = await validate(c, dir, '2');
      assert.equal(down.code, CODE.stopped, show(down));
      assert.ok(Date.now() - t0 < 8000, `gave up after the bound (${Date.now() - t0} ms)`);
      await cleanup(c, type);
    });
  }

  it('deb under systemd (a stand-in systemctl: systemd cannot run as PID 1 in a chroot): disabled fails with 24 and install enables and starts it', async (t) => {
    const c = need(t, 'deb');
    if (!c) return;
    const pkg = PKG.deb;
    await cleanup(c, 'deb');
    // The stand-in keeps "enabled" in a file and asks the unit's SysV twin whether it runs.
    const shim = [
      '#!/bin/sh',
      'state=/var/lib/udist-fake-systemd; mkdir -p "$state"',
      'cmd=$1; shift',
      'case "$cmd" in',
      '  is-enabled) [ -f "$state/$1" ] && cat "$state/$1" || echo disabled; grep -qx enabled "$state/$1" 2>/dev/null ;;',
      '  is-active) n=${1%.service}; if /etc/init.d/$n status >/dev/null 2>&1; then echo active; else echo inactive; exit 3; fi ;;',
      '  show) echo simple ;;',
      '  enable) echo enabled > "$state/$1" ;;',
      '  start) /etc/init.d/${1%.service} start ;;',
      '  *) exit 1 ;;',
      'esac',
      '',
    ].join('\n');
    const shimPath = path.join(c.dir, 'usr/local/sbin/systemctl');
    const runDir = path.join(c.dir, 'run/systemd/system');
    try {
      writeFileSync(shimPath, shim, { mode: 0o755 });
      mkdirSync(runDir, { recursive: true });
      const dir = stage(c, 'deb-systemd', 'deb', installer('deb', V1), V1);
      // The package's postinst starts nothing under systemd: install.sh enables and starts the unit.
      let r = await install(c, dir);
      r = await validate(c, dir);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, new RegExp(`services \\(systemd\\): ${pkg}\\.service`));
      await sh(c, `echo disabled > /var/lib/udist-fake-systemd/${pkg}.service`);
      await expectFailure(
        c,
        dir,
        CODE.disabled,
        new RegExp(`service ${pkg}\\.service of ${pkg} is disabled, not enabled`),
      );
      r = await install(c, dir);
      assert.match(r.stdout, new RegExp(`running: systemctl enable ${pkg}\\.service`));
      r = await validate(c, dir);
      assert.equal(r.code, 0, show(r));
    } finally {
      await cleanup(c, 'deb');
      rmSync(shimPath, { force: true });
      rmSync(path.join(c.dir, 'run/systemd'), { recursive: true, force: true });
      rmSync(path.join(c.dir, 'var/lib/udist-fake-systemd'), { recursive: true, force: true });
    }
  });
});
