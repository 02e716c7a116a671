import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isUserError } from '../src/common/errors.js';
import { apiBaseUrl, loadApiKey } from '../src/inputs/key.js';
import { renderNames } from '../src/common/names.js';
import { recordingLog } from './sim/recording-log.js';

const SECRET = 'Zq9-very-secret-value-XYZ';
const KEY = 'KEYABCDEFGH123456';
const good = {
  id: 'a1',
  customerId: '11111111-2222-3333-4444-555555555555',
  key: KEY,
  secret: SECRET,
  domain: 'acme',
  userId: 'u1',
  active: true,
};
const dir = mkdtempSync(path.join(tmpdir(), 'uptycs-key-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

async function rejects(config: string, pattern: RegExp, now?: Date) {
  const log = recordingLog();
  const err = await loadApiKey(config, log, { now }).then(
    () => assert.fail('expected an error'),
    (e: unknown) => e,
  );
  assert.ok(isUserError(err), `not a UserError: ${String(err)}`);
  const msg = renderNames((err as Error).message, 'action');
  assert.match(msg, /input "config"/);
  assert.match(msg, pattern);
  assert.ok(!msg.includes(SECRET), 'the message repeats the secret');
  assert.ok(!msg.includes(KEY), 'the message repeats the key');
  assert.ok(!msg.includes('{'), 'the message repeats the content');
  assert.ok(!/JSON\.parse|Unexpected token/.test(msg), msg);
  return { msg, log };
}

describe('loadApiKey', () => {
  it('reads a key file and defaults domainSuffix to .uptycs.io', async () => {
    const log = recordingLog();
    const k = await loadApiKey(file('ok.json', JSON.stringify(good)), log);
    assert.deepEqual(k, {
      key: KEY,
      secret: SECRET,
      customerId: good.customerId,
      domain: 'acme',
      domainSuffix: '.uptycs.io',
    });
    assert.ok(log.secrets.includes(KEY) && log.secrets.includes(SECRET));
    assert.equal(
      apiBaseUrl(k).href,
      'https://acme.uptycs.io/public/api/customers/11111111-2222-3333-4444-555555555555',
    );
  });

  it('takes the JSON content itself and registers it whole as a secret first', async () => {
    const log = recordingLog();
    const content = JSON.stringify({ ...good, domainSuffix: '.uptycs.net' }, null, 2);
    const k = await loadApiKey(content, log);
    assert.equal(log.secrets[0], content);
    assert.equal(apiBaseUrl(k).origin, 'https://acme.uptycs.net');
    assert.equal(apiBaseUrl({ ...k, domain: 'acme.uptycs.net' }).origin, 'https://acme.uptycs.net');
  });

  it('uptycs-api-url replaces the origin only', async () => {
    const k = await loadApiKey(JSON.stringify(good), recordingLog());
    assert.equal(
      apiBaseUrl(k, 'https://uptycs.internal.example:8443/').href,
      `https://uptycs.internal.example:8443/public/api/customers/${good.customerId}`,
    );
    assert.throws(() => apiBaseUrl(k, 'http://uptycs.example.com'), /uptycs-api-url.*https/);
    assert.throws(() => apiBaseUrl(k, 'https://acme.uptycs.io/public/api/customers/x'), /only the origin/);
    assert.equal(apiBaseUrl(k, 'http://127.0.0.1:9999').protocol, 'http:');
  });

  it('refuses content that is not JSON, without quoting it', async () => {
    const { msg } = await rejects(`{"key": "${KEY}", "secret": "${SECRET}",,}`, /not valid JSON.*line 1/);
    assert.ok(!msg.includes('"key"'));
    await rejects(
      file('bad.json', `{\n  "key": "${KEY}"\n  "secret": "${SECRET}"\n}`),
      /not valid JSON \(the error is on line 3\)/,
    );
  });

  it('names every missing field', async () => {
    const { secret: _s, domain: _d, ...rest } = good;
    const { msg } = await rejects(
      JSON.stringify(rest),
      /field "secret" is missing.*field "domain" is missing/,
    );
    assert.match(msg, /downloaded from the Uptycs console/);
  });

  it('refuses an expired or inactive key', async () => {
    await rejects(
      JSON.stringify({ ...good, expiry: '2026-01-01T00:00:00.000Z' }),
      /expired on 2026-01-01/,
      new Date('2026-06-01T00:00:00Z'),
    );
    await rejects(JSON.stringify({ ...good, active: false }), /inactive/);
    // a future expiry is fine
    await loadApiKey(JSON.stringify({ ...good, expiry: '2999-01-01' }), recordingLog());
  });

  it('says when the file does not exist, and never echoes a value that may be a secret', async () => {
    await rejects(path.join(dir, 'missing.json'), /missing\.json does not exist/);
    const { msg } = await rejects('s3cr3t-pasted-by-mistake', /neither JSON nor the path/);
    assert.ok(!msg.includes('s3cr3t'));
  });

  it('refuses a JSON value that is not an object', async () => {
    await rejects(file('arr.json', '[1,2]'), /must be a JSON object/);
  });
});
