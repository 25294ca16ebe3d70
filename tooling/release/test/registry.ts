import { execFile } from 'node:child_process';
import { npmEnv } from './npm-env.js';

/** npm's output and exit code; killed after `timeoutMs` (a hung DNS lookup must not hang the test). */
function npm(args: string[], timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('npm', args, { env: npmEnv(), timeout: timeoutMs }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr }),
    );
  });
}

/**
 * The consumer tests `npm install` from the configured registry. Offline, that install would only fail
 * after npm's minutes of retries; `npm ping` (npm's own config: registry, proxy, .npmrc) answers in seconds.
 * Returns undefined when the registry answers, else a message naming it.
 */
export async function npmRegistryProblem(): Promise<string | undefined> {
  const registry = (await npm(['config', 'get', 'registry'], 10_000)).output.trim().split('\n')[0] || '(npm config get registry failed)';
  const ping = await npm(['ping', '--fetch-timeout=5000', '--fetch-retries=0', '--loglevel=error'], 15_000);
  if (ping.code === 0) return undefined;
  const lines = ping.output.split('\n').map((line) => line.replace(/^npm error\s*/, ''));
  const reason =
    lines.find((line) => /^request to .* failed/.test(line)) ??
    lines.find((line) => /ETIMEDOUT|EAI_AGAIN|ENOTFOUND|ECONNREFUSED|timed out/i.test(line));
  return `The npm registry ${registry} does not answer (npm ping: ${reason ?? `exit ${ping.code}`}); this test installs the packed tarballs' dependencies from it`;
}

/** In CI a missing registry fails the test (the check must run there); elsewhere the test is skipped with this warning. */
export function skipWithoutRegistry(problem: string | undefined): boolean {
  if (problem === undefined || process.env.CI) return false;
  console.warn(`Skipped: ${problem}. Set CI=true to make this a failure.`);
  return true;
}
