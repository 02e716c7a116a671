import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isUserError, type UserError } from '../src/common/errors.js';
import { Ajv } from 'ajv';
import { renderNames } from '../src/common/names.js';
import { editorSchema, parseMapping } from '../src/plan/mapping.js';
import { VALIDATOR_FILE, validatorSource } from '../scripts/mapping-validator.js';

const ORIGINAL = readFileSync(
  new URL('./fixtures/uptycs-agent-mapping.original.json', import.meta.url),
  'utf8',
);
const BUNDLED = readFileSync(new URL('../mappings/uptycs-agent-mapping.json', import.meta.url), 'utf8');

function entry(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    upt_package: 'centos',
    id: 'amzn2',
    dir: 'UPT_A',
    name: 'amazon',
    major_version: '_any',
    minor_version: '',
    arch_type: 'x86_64',
    ...over,
  };
}

function doc(linux: unknown[], windows: unknown[] = []): string {
  return JSON.stringify({ linux, windows }, null, 2);
}

function fails(text: string): UserError {
  try {
    parseMapping(text, 'mappings/m.json');
  } catch (err) {
    assert.ok(isUserError(err), `expected a UserError, got ${String(err)}`);
    return err;
  }
  assert.fail('the mapping was accepted');
}

/** The 1-based line of the first occurrence of a string in text. */
function lineOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} not in text`);
  return text.slice(0, at).split('\n').length;
}

describe('mapping: valid files', () => {
  it('parses the original mapping unchanged: 8 entries, version keys and installer types', () => {
    const m = parseMapping(ORIGINAL, 'orig.json');
    assert.equal(m.entries.length, 8);
    assert.deepEqual(
      m.entries.map((e) => `${e.platform}/${e.versionKey}/${e.arch}/${e.installerType}`),
      [
        'amazon/_any/x86_64/rpm',
        'amazon/_any/arm64/rpm',
        'redhat/_any/x86_64/rpm',
        'redhat/_any/arm64/rpm',
        'suse/_any/x86_64/rpm',
        'ubuntu/_any/x86_64/deb',
        'ubuntu/_any/arm64/deb',
        'windows/_any/x86_64/msi',
      ],
    );
    assert.equal(m.entries[5]!.location.line, lineOf(ORIGINAL, '"upt_package": "debian"') - 1);
  });

  it('the bundled mapping covers the original and the platforms users ask for', () => {
    const m = parseMapping(BUNDLED, 'bundled.json');
    const keys = new Set(m.entries.map((e) => `${e.platform}/${e.arch}`));
    for (const p of [
      'amazon',
      'redhat',
      'ubuntu',
      'debian',
      'centos',
      'oracle',
      'rocky',
      'almalinux',
      'suse',
    ])
      for (const a of ['x86_64', 'arm64']) assert.ok(keys.has(`${p}/${a}`), `${p}/${a} missing`);
    assert.ok(keys.has('windows/x86_64'));
    const orig = parseMapping(ORIGINAL, 'o.json');
    for (const e of orig.entries)
      assert.ok(
        m.entries.some((b) => b.dir === e.dir && b.platform === e.platform && b.arch === e.arch),
        `${e.dir} kept`,
      );
  });

  it('joins major and minor version as the old tool did', () => {
    const m = parseMapping(
      doc([entry({ major_version: '8', minor_version: '*' }), entry({ dir: 'B', major_version: '2023' })]),
      'x',
    );
    assert.deepEqual(
      m.entries.map((e) => e.versionKey),
      ['8.*', '2023'],
    );
  });

  it('accepts a byte-order mark and CRLF line ends, as Windows editors save them', () => {
    const text = `\uFEFF${doc([entry()]).replace(/\n/g, '\r\n')}`;
    const m = parseMapping(text, 'x');
    assert.equal(m.entries[0]!.location.line, 3);
  });

  it('accepts entries without id or minor_version, and a $schema key', () => {
    const e = entry();
    delete e.id;
    delete e.minor_version;
    const m = parseMapping(JSON.stringify({ $schema: './schema.json', linux: [e] }), 'x');
    assert.equal(m.entries[0]!.versionKey, '_any');
  });
});

describe('mapping: the editor schema', () => {
  it('the validator every run uses is the one Ajv generates from the schema now (npm run schema)', () => {
    const committed = readFileSync(new URL('../' + VALIDATOR_FILE, import.meta.url), 'utf8');
    assert.equal(committed, validatorSource(), 'run npm run schema');
  });

  it('is the committed file (npm run schema), and accepts the bundled and the original mappings', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../mappings/uptycs-agent-mapping.schema.json', import.meta.url), 'utf8'),
    );
    assert.deepEqual(committed, editorSchema(), 'run npm run schema');
    const check = new Ajv({ strict: true }).compile(committed);
    for (const text of [BUNDLED, ORIGINAL]) assert.ok(check(JSON.parse(text)), JSON.stringify(check.errors));
    assert.equal(check(JSON.parse(doc([entry({ arch_type: 'i386' })]))), false, 'an editor flags i386');
    assert.equal(check(JSON.parse(doc([entry({ name: 'rhel' })]))), false, 'an editor flags rhel');
  });
});

describe('mapping: every bad input gives a clear error on the right line', () => {
  const cases: { name: string; text: string; message: RegExp; line?: (t: string) => number }[] = [
    { name: 'not JSON', text: '{ "linux": [ }', message: /not valid JSON/ },
    { name: 'empty file', text: '', message: /not valid JSON|empty/ },
    {
      name: 'trailing comma',
      text: '{"linux": [],}',
      message: /not valid JSON: trailing comma before "}"; remove the "," after the last item/,
    },
    {
      name: 'single quotes',
      text: "{'linux': []}",
      message:
        /^mapping [^\n]+\n[^\n]+:1:2: mapping is not valid JSON: single quotes are not JSON; write strings in double quotes[^\n]*$/,
    },
    { name: 'a comment', text: '{"linux": [] // x\n}', message: /comments are not JSON; remove them/ },
    {
      name: 'unknown top-level key',
      text: JSON.stringify({ linuxx: [] }, null, 2),
      message: /unknown top-level key "linuxx"/,
      line: (t) => lineOf(t, 'linuxx'),
    },
    { name: 'linux is not an array', text: JSON.stringify({ linux: {} }), message: /linux must be an array/ },
    {
      name: 'missing arch_type',
      text: doc([(({ arch_type: _, ...rest }) => rest)(entry())]),
      message: /linux\[0\]: missing required field "arch_type"/,
    },
    {
      name: 'typo in a field name',
      text: doc([{ ...(({ arch_type: _, ...rest }) => rest)(entry()), arch: 'x86_64' }]),
      message: /unknown field "arch"; did you mean "arch_type"\?/,
      line: (t) => lineOf(t, '"arch"'),
    },
    {
      name: 'number instead of string',
      text: doc([entry({ major_version: 2 })]),
      message: /major_version must be a string \(write it in quotes/,
      line: (t) => lineOf(t, '"major_version"'),
    },
    {
      name: 'i386 arch',
      text: doc([entry({ arch_type: 'i386' })]),
      message: /arch_type "i386" is never matched by the SSM Agent; use "386"/,
      line: (t) => lineOf(t, '"arch_type"'),
    },
    { name: 'amd64 arch', text: doc([entry({ arch_type: 'amd64' })]), message: /use "x86_64"/ },
    { name: 'aarch64 arch', text: doc([entry({ arch_type: 'aarch64' })]), message: /use "arm64"/ },
    {
      name: 'os-release id rhel',
      text: doc([entry({ name: 'rhel' })]),
      message: /platform name "rhel" is never matched by the SSM Agent; use "redhat"/,
      line: (t) => lineOf(t, '"rhel"'),
    },
    { name: 'os-release id amzn', text: doc([entry({ name: 'amzn' })]), message: /use "amazon"/ },
    { name: 'sles', text: doc([entry({ name: 'sles' })]), message: /use "suse"/ },
    {
      name: 'misspelt platform',
      text: doc([entry({ name: 'ubunto', upt_package: 'debian' })]),
      message: /use "ubuntu"/,
    },
    {
      name: 'unknown upt_package',
      text: doc([entry({ upt_package: 'rhel' })]),
      message: /upt_package "rhel" is not an Uptycs installer/,
    },
    {
      name: 'rpm for ubuntu',
      text: doc([entry({ name: 'ubuntu', upt_package: 'centos' })]),
      message: /platform "ubuntu" installs \.deb packages .* use "debian"/,
    },
    {
      name: 'windows installer under linux',
      text: doc([entry({ name: 'windows', upt_package: 'windows' })]),
      message: /belongs under "windows"/,
    },
    {
      name: 'linux installer under windows',
      text: doc([], [entry({ name: 'windows', upt_package: 'centos' })]),
      message: /entries under "windows" use upt_package "windows"/,
    },
    {
      name: 'duplicate platform/version/arch',
      text: doc([entry(), entry({ dir: 'UPT_B' })]),
      message: /platform amazon, version _any, arch x86_64 is already mapped on line 3/,
      line: (t) => lineOf(t, '{', lineOf(t, 'UPT_A') > 0 ? t.indexOf('UPT_B') - 120 : 0),
    },
    {
      name: 'duplicate dir',
      text: doc([entry(), entry({ arch_type: 'arm64' })]),
      message: /dir "UPT_A" is already used by the entry on line 3/,
    },
    {
      name: 'dir with a path separator',
      text: doc([entry({ dir: '../etc' })]),
      message: /dir "\.\.\/etc" must be 1 to 100 letters/,
      line: (t) => lineOf(t, '../etc'),
    },
    { name: 'dir with spaces', text: doc([entry({ dir: 'my dir' })]), message: /dir "my dir" must be/ },
    {
      name: 'bad version key',
      text: doc([entry({ major_version: 'v2' })]),
      message: /version "v2" never matches/,
    },
    {
      name: 'minor version with _any',
      text: doc([entry({ minor_version: '4' })]),
      message: /minor_version must be "" when major_version is "_any"/,
    },
    { name: 'no entries at all', text: doc([], []), message: /mapping has no entries/ },
    {
      name: 'id with bad characters',
      text: doc([entry({ id: 'a b;c' })]),
      message: /id "a b;c" may only hold/,
    },
  ];

  for (const c of cases)
    it(c.name, () => {
      const err = fails(c.text);
      assert.match(err.message, c.message);
      assert.match(renderNames(err.message, 'action'), /input "mapping"/);
      assert.ok(err.problems.length >= 1);
      for (const p of err.problems) {
        assert.equal(p.location?.file, 'mappings/m.json');
        assert.ok((p.location?.line ?? 0) >= 1, 'every problem has a line');
      }
      if (c.line && c.name !== 'duplicate platform/version/arch') {
        const want = c.line(c.text);
        assert.ok(
          err.problems.some((p) => p.location?.line === want),
          `a problem on line ${want}; got ${err.problems.map((p) => p.location?.line).join(', ')}`,
        );
      }
    });

  it('reports every problem of a file at once, each on its own line', () => {
    const text = doc([
      entry({ arch_type: 'i386' }),
      entry({ dir: 'UPT_B', name: 'rhel' }),
      entry({ dir: 'UPT_C', upt_package: 'x' }),
    ]);
    const err = fails(text);
    assert.equal(err.problems.length, 3);
    assert.deepEqual(
      err.problems.map((p) => p.location?.line),
      [lineOf(text, '"i386"'), lineOf(text, '"rhel"'), lineOf(text, '"x"')],
    );
  });

  it('points a duplicate at the second entry and names the first one’s line', () => {
    const text = doc([entry(), entry({ dir: 'UPT_B' })]);
    const err = fails(text);
    const second = lineOf(text, '{', text.indexOf('UPT_A'));
    assert.equal(err.problems[0]!.location?.line, second);
  });
});

describe('mapping: entries the SSM Agent can never choose are warned about at their line', () => {
  /** Parses, and returns each warning as "line: message". */
  const warnings = (text: string) =>
    (parseMapping(text, 'mappings/m.json').warnings ?? []).map(
      (w) => `${w.location?.file}:${w.location?.line}: ${w.message}`,
    );
  const at = (text: string, dir: string) =>
    `mappings/m.json:${lineOf(text, '{', text.lastIndexOf('{', text.indexOf(dir)))}`;

  it('the bundled and the original mappings have none', () => {
    assert.deepEqual(warnings(BUNDLED), []);
    assert.deepEqual(warnings(ORIGINAL), []);
  });

  it('a version no instance of the platform has (CentOS 7.9: its VERSION_ID is 7; RHEL 9: it reports 9.4)', () => {
    const text = doc([
      entry({ dir: 'UPT_C79', name: 'centos', major_version: '7', minor_version: '9' }),
      entry({ dir: 'UPT_R9', name: 'redhat', major_version: '9' }),
      entry({ dir: 'UPT_D124', upt_package: 'debian', name: 'debian', major_version: '12.4.*' }),
      entry({ dir: 'UPT_U22', upt_package: 'debian', name: 'ubuntu', major_version: '22.*' }),
    ]);
    const w = warnings(text);
    assert.equal(w.length, 3, w.join('\n'));
    assert.ok(
      w[0]!.startsWith(
        `${at(text, 'UPT_C79')}: linux[0] (platform centos, version 7.9, arch x86_64) is never chosen`,
      ),
      w[0],
    );
    assert.match(w[0]!, /CentOS reports the major version alone/);
    assert.ok(w[1]!.startsWith(`${at(text, 'UPT_R9')}: linux[1]`), w[1]);
    assert.match(w[1]!, /RHEL reports major\.minor.*a key without "\.\*" matches only the same text/);
    assert.ok(w[2]!.startsWith(`${at(text, 'UPT_D124')}: linux[2]`), w[2]);
    assert.match(w[2]!, /Debian reports the major version alone/);
  });

  it('a key shadowed by a more specific one', () => {
    const text = doc([
      entry({ dir: 'UPT_C7', name: 'centos', major_version: '7' }),
      // Every CentOS version that 7.* matches is 7 itself, which the exact key takes.
      entry({ dir: 'UPT_C7W', name: 'centos', major_version: '7.*' }),
      entry({ dir: 'UPT_U', upt_package: 'debian', name: 'ubuntu', major_version: '_any' }),
      entry({ dir: 'UPT_US', upt_package: 'debian', name: 'ubuntu', major_version: '*' }),
      entry({ dir: 'UPT_R94', name: 'redhat', major_version: '9', minor_version: '4' }),
      entry({ dir: 'UPT_R94W', name: 'redhat', major_version: '9.4.*' }),
      entry({ dir: 'UPT_R9W', name: 'redhat', major_version: '9.*' }),
    ]);
    const w = warnings(text);
    assert.equal(w.length, 3, w.join('\n'));
    assert.ok(w[0]!.startsWith(`${at(text, 'UPT_C7W')}: linux[1]`), w[0]);
    assert.match(
      w[0]!,
      /chooses centos \/ 7 \/ x86_64 instead \(an exact version key comes before any wildcard\)/,
    );
    assert.ok(w[1]!.startsWith(`${at(text, 'UPT_US')}: linux[3]`), w[1]);
    assert.match(w[1]!, /chooses ubuntu \/ _any \/ x86_64 instead \(_any comes before \*\)/);
    assert.ok(w[2]!.startsWith(`${at(text, 'UPT_R94W')}: linux[5]`), w[2]);
    assert.match(w[2]!, /chooses redhat \/ 9\.4 \/ x86_64 instead/);
  });

  it('arch _any when every build of the agent for the platform has its own key', () => {
    const win = doc(
      [],
      [
        entry({ dir: 'UPT_W64', upt_package: 'windows', name: 'windows' }),
        entry({ dir: 'UPT_W32', upt_package: 'windows', name: 'windows', arch_type: '386' }),
        entry({ dir: 'UPT_WA', upt_package: 'windows', name: 'windows', arch_type: '_any' }),
      ],
    );
    const w = warnings(win);
    assert.equal(w.length, 1, w.join('\n'));
    assert.ok(w[0]!.startsWith(`${at(win, 'UPT_WA')}: windows[2]`), w[0]);
    assert.match(w[0]!, /an exact architecture key comes before _any/);
    // The same arch _any on Linux is reachable: a Linux agent may also be a 386 or arm build.
    const linux = doc([
      entry({ dir: 'UPT_L64' }),
      entry({ dir: 'UPT_LA', arch_type: 'arm64' }),
      entry({ dir: 'UPT_LANY', arch_type: '_any' }),
      entry({ dir: 'UPT_ANY', name: '_any' }),
    ]);
    assert.deepEqual(warnings(linux), []);
  });

  it('Nano Server keys are refused with the reason (an .msi cannot run there)', () => {
    const err = fails(
      doc([], [entry({ upt_package: 'windows', name: 'windows', major_version: '10.0.*nano' })]),
    );
    assert.match(err.message, /matches only Nano Server, which cannot run the \.msi installer/);
  });
});
