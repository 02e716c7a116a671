import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArgError, parseCliArgs } from '../src/cli-args.js';
import { runCli } from '../src/cli.js';
import { renderNames } from '../src/common/names.js';
import { nodeTooOld } from '../src/common/node-version.js';
import { closest, regionProblem } from '../src/common/suggest.js';

const given = (args: string[]) => parseCliArgs(args).given;
const fails = (args: string[]) => {
  try {
    parseCliArgs(args);
  } catch (err) {
    assert.ok(err instanceof ArgError, String(err));
    return renderNames(err.message, 'cli');
  }
  assert.fail(`accepted ${args.join(' ')}`);
};

describe('the CLI accepts what people type', () => {
  it('switches with a value: --dry-run=true, --dry-run false, --sensor-only=yes', () => {
    assert.deepEqual(given(['--dry-run=true']), { 'dry-run': 'true' });
    assert.deepEqual(given(['--dry-run', 'false']), { 'dry-run': 'false' });
    assert.deepEqual(given(['--dry-run=False']), { 'dry-run': 'false' });
    assert.deepEqual(given(['--sensor-only=yes', '-v', '5.7.0.25']), {
      'sensor-only': 'true',
      'package-version': '5.7.0.25',
    });
    assert.deepEqual(given(['-o']), { 'sensor-only': 'true' });
  });

  it('download: -d, the old --download, --download no|false|true', () => {
    assert.deepEqual(given(['-d']), { download: 'false' });
    assert.deepEqual(given(['--download']), { download: 'false' });
    assert.deepEqual(given(['--download', 'no']), { download: 'false' });
    assert.deepEqual(given(['--download=false']), { download: 'false' });
    assert.deepEqual(given(['--download', 'true']), { download: 'true' });
    assert.deepEqual(given(['--download', '--dry-run']), { download: 'false', 'dry-run': 'true' });
    assert.deepEqual(given(['-d', '--download', 'false']), { download: 'false' }, 'the same thing twice');
  });

  it('old and new spellings, --name=value, -vVALUE', () => {
    assert.deepEqual(given(['--package_version', '5.7.0.25', '--aws_region=eu-west-1', '-bmy-bucket']), {
      'package-version': '5.7.0.25',
      'aws-region': 'eu-west-1',
      's3-bucket': 'my-bucket',
    });
    assert.deepEqual(given(['--agents_dir', 'x']), { 'agents-dir': 'x' });
  });

  it('--version and -V print the tool version; -v is the agent version', async () => {
    assert.equal(parseCliArgs(['--version']).version, true);
    assert.equal(parseCliArgs(['-V']).version, true);
    const out: string[] = [];
    const code = await runCli(['--version'], {
      stdout: (s) => out.push(s),
      stderr: () => {},
      cwd: '/',
      env: {},
    });
    assert.equal(code, 0);
    assert.match(
      out.join(''),
      /^uptycs-distributor \d+\.\d+\.\d+ \(this is the tool's version; the agent version to package is given with -v 5\.7\.0\.25\)$/,
    );
  });
});

describe('the CLI refuses what it cannot understand, in one line', () => {
  it('names the closest flag', () => {
    assert.equal(
      fails(['--agent-dir', 'x']),
      'unknown option --agent-dir; did you mean --agents-dir? (uptycs-distributor --help lists every option)',
    );
    assert.match(fails(['--dryrun']), /did you mean --dry-run\?/);
    assert.match(fails(['--packge-name', 'x']), /did you mean --package-name\?/);
    assert.match(fails(['--s3_bukcet', 'x']), /did you mean --s3-bucket\?/);
    assert.equal(
      fails(['--frobnicate']),
      'unknown option --frobnicate (uptycs-distributor --help lists every option)',
    );
  });

  it('contradictions and repeats', () => {
    assert.match(fails(['-d', '--download', 'true']), /^-d and --download true contradict each other/);
    assert.match(fails(['--download=true', '-d']), /^--download true and -d contradict each other/);
    assert.match(
      fails(['-v', '1.2.3.4', '-v', '1.2.3.5']),
      /^-v is given twice \(1\.2\.3\.4 and 1\.2\.3\.5\); keep one$/,
    );
  });

  it('values: missing, misplaced, not understood', () => {
    assert.match(fails(['-v']), /^-v needs a value, such as -v 5\.7\.0\.25/);
    assert.match(fails(['-c', '-d']), /^-c needs a value, such as -c uptycs-key\.json/);
    assert.match(fails(['extra']), /^unexpected argument "extra": every value follows its option/);
    assert.match(
      fails(['--dry-run=perhaps']),
      /^--dry-run=perhaps is not understood: write --dry-run alone, or --dry-run=false$/,
    );
    assert.match(fails(['--help=1']), /^--help takes no value; write --help$/);
    assert.match(fails(['-o1']), /^-o takes no value/);
  });

  it('a long option with one dash is refused, naming the double dash, instead of folding into a short one', () => {
    // It built a package named "ackage_name" (issue 31 #5).
    assert.equal(
      fails(['-package_name', 'MyPkg', '--dry-run']),
      '-package_name has one dash, so it reads as -p "ackage_name": write --package_name (or --package-name)',
    );
    assert.match(
      fails(['-package-name=MyPkg']),
      /^-package-name=MyPkg has one dash, so it reads as -p "ackage-name=MyPkg": write --package-name$/,
    );
    assert.match(fails(['-dry-run']), /^-dry-run has one dash, so it reads as -d "ry-run": write --dry-run$/);
    assert.match(
      fails(['-aws_region', 'eu-west-1']),
      /^-aws_region has one dash: write --aws_region \(or --aws-region\)$/,
    );
    assert.match(fails(['-s3bucket', 'b']), /^-s3bucket has one dash: write --s3bucket \(or --s3-bucket\)$/);
    assert.match(
      fails(['-config', 'k.json']),
      /^-config has one dash, so it reads as -c "onfig": write --config$/,
    );
    assert.match(fails(['-help']), /^-help has one dash: write --help$/);
    assert.match(fails(['-version']), /^-version has one dash, so it reads as -v "ersion": write --version$/);
    // Short options with their value attached still work.
    assert.deepEqual(given(['-pMyPkg', '-v5.7.0.25', '-rus-east-1']), {
      'package-name': 'MyPkg',
      'package-version': '5.7.0.25',
      'aws-region': 'us-east-1',
    });
  });
});

describe('Node.js, regions, suggestions', () => {
  it('an older Node.js gets one line naming what is needed', () => {
    assert.equal(nodeTooOld('24.21.0'), undefined);
    assert.equal(nodeTooOld('v22.2.0'), undefined);
    assert.equal(nodeTooOld('23.0.1'), undefined);
    assert.match(nodeTooOld('22.1.9')!, /needs Node\.js 22\.2 or newer, and this is Node\.js 22\.1\.9/);
    assert.match(nodeTooOld('nonsense')!, /needs Node\.js 22\.2 or newer/);
    const m = nodeTooOld('20.20.2');
    assert.match(
      m!,
      /^uptycs-distributor needs Node\.js 22\.2 or newer, and this is Node\.js 20\.20\.2; install/,
    );
    assert.ok(!m!.includes('\n'));
  });

  it('region typos get the region meant; new regions in known areas pass', () => {
    assert.equal(regionProblem('us-east-1'), undefined);
    assert.equal(regionProblem('eu-south-3'), undefined, 'a newer region');
    assert.match(regionProblem('us-east1')!, /did you mean us-east-1\?/);
    assert.match(regionProblem('useast-1')!, /did you mean us-east-1\?/);
    assert.equal(regionProblem('eu-west-4'), undefined, 'a newer number in a known area');
    assert.match(regionProblem('mars-1')!, /"mars-1" is not an AWS region/);
    assert.equal(closest('zzzzzz', ['us-east-1']), undefined);
  });
});

describe('system errors in words', () => {
  it('says what failed on which path, without the raw code', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { errorMessage } = await import('../src/common/errors.js');
    const err = await mkdtemp('/nonexistent-udist/x-').catch((e: unknown) => e);
    const m = errorMessage(err);
    assert.match(m, /^cannot create a folder in \/nonexistent-udist\/x-\S* \(it does not exist\)$/);
    assert.doesNotMatch(m, /ENOENT/);
  });
});
