/**
 * HTTP(S) proxies from the environment, as curl and the AWS CLI read them: HTTPS_PROXY (https_proxy) for
 * https:// URLs, HTTP_PROXY (http_proxy) for http:// ones, NO_PROXY (no_proxy) for the hosts that go
 * direct. Node's own agents honour them through their proxyEnv option (Node.js 24.5+), for the Uptycs
 * client and the AWS SDK alike; without a proxy variable nothing changes.
 */
import http from 'node:http';
import https from 'node:https';

const NAMES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** Whether the environment names a proxy. */
export function proxyConfigured(env: NodeJS.ProcessEnv): boolean {
  return NAMES.some((n) => !!env[n]);
}

/** The proxy variables only (proxyEnv reads nothing else), so no other variable reaches an agent. */
function proxyEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const n of [...NAMES, 'NO_PROXY', 'no_proxy']) if (env[n] !== undefined) out[n] = env[n];
  return out;
}

/** A keep-alive https agent that goes through the environment's proxy (if any). */
export function httpsAgent(env: NodeJS.ProcessEnv, opts: https.AgentOptions = {}): https.Agent {
  return new https.Agent({ keepAlive: true, ...opts, proxyEnv: proxyEnv(env) });
}

/** A keep-alive http agent that goes through the environment's proxy (if any). */
export function httpAgent(env: NodeJS.ProcessEnv): http.Agent {
  return new http.Agent({ keepAlive: true, proxyEnv: proxyEnv(env) });
}
