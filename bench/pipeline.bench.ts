// End to end: BENCH_REQUESTS (default 200,000) HTTP requests into nginx with wrk, then drain and audit.
// Baseline, measured in the same run: the same nginx config alone under the same wrk load, no shipping.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../cli/paths.js';
import { freePort, resolveLogFormatForBench, startNginx, startStack } from './pipeline-stack.js';
import { cpuSeconds, processTree, sampleStack } from './pipeline-proc.js';
import { profileTo } from './profile.js';
import { auditPassed, auditPipeline, collectAuditInput, formatAudit, predictTransform, waitForAgentShipped } from '../scenarios/index.js';
import { parsePipelineConfig } from '../provision/index.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const THREADS = 2;
const WRK = process.env.BENCH_WRK ?? '/usr/bin/wrk';

/** wrk has no request count; this script stops each thread after its share of requests. */
function wrkScript(dir: string, perThread: number): string {
  const file = join(dir, 'bounded.lua');
  writeFileSync(file, `-- Each thread sends ${perThread} requests, then stops.
local counter = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counter = 0 end
request = function()
  counter = counter + 1
  return wrk.format("GET", "/bench?n=" .. counter)
end
response = function(status, headers, body)
  if counter >= ${perThread} then wrk.thread:stop() end
end
`);
  return file;
}

interface WrkRun { seconds: number; done: Promise<void> }

/**
 * wrk's main thread sleeps for the whole -d even after the script stopped every thread, so once the
 * access log stops growing (all requests answered) it gets SIGINT, which makes it report and exit.
 */
function runWrk(url: string, script: string, accessLog: string): WrkRun {
  const started = performance.now();
  // Long enough never to be the bound: the script stops the threads after their requests.
  const child = spawn(WRK, ['-t', String(THREADS), '-c', String(CONNECTIONS), '-d', '600s', '-s', script, url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  let lastSize = -1;
  let quietSince = performance.now();
  const watcher = setInterval(() => {
    const size = existsSync(accessLog) ? statSync(accessLog).size : 0;
    if (size !== lastSize) {
      lastSize = size;
      quietSince = performance.now();
    } else if (size > 0 && performance.now() - quietSince > 500) {
      child.kill('SIGINT');
    }
  }, 100);
  child.once('exit', () => clearInterval(watcher));
  const run: WrkRun = {
    seconds: 0,
    done: new Promise((resolve, reject) => child.once('exit', (code) => {
      // The quiet half second before the SIGINT is not part of the run.
      run.seconds = (quietSince - started) / 1000;
      if (code === 0 || child.signalCode === 'SIGINT') resolve();
      else reject(new Error(`wrk exited with ${code}: ${output}`));
    })),
  };
  return run;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-bench-'));
  chmodSync(dir, 0o755);
  const perThread = Math.ceil(REQUESTS / THREADS);
  const script = wrkScript(dir, perThread);
  // Half the default Lambda buffer: 1 MB of short nginx lines comes back from the transform as more than
  // Lambda's 6 MB response limit (base64 JSON + partition keys), and Firehose fails the whole batch.
  const config = parsePipelineConfig({ name: `bench-${Math.random().toString(36).slice(2, 8)}`, stream: { shards: Number(process.env.BENCH_SHARDS ?? 10) }, firehose: { processorBuffering: { sizeMB: 0.5, intervalSeconds: 60 } } }, 'bench');
  try {
    // Baseline: nginx alone, same config and load, nothing tailing its log.
    const format = resolveLogFormatForBench(config);
    const alone = await startNginx({ prefix: join(dir, 'nginx-alone'), port: await freePort(), logFormat: format, escape: config.nginx.logEscape });
    const baseline = runWrk(`${alone.url}/`, script, alone.accessLog);
    await baseline.done;
    await alone.stop();

    const stack = await startStack({ config, root: PACKAGE_ROOT, stateDir: join(dir, 'stack'), endpointPort: 0, nginxPort: 0, artifactDir: join(dir, 'artifact') });
    try {
      const agentCpuBefore = cpuSeconds(stack.agent.pid);
      const sampling = sampleStack(process.pid);
      // BENCH_PROFILE=<file>.cpuprofile: the endpoint's CPU profile over the timed part only.
      const profile = await profileTo(process.env.BENCH_PROFILE);
      const started = performance.now();
      const load = runWrk(`${stack.nginx.url}/`, script, stack.nginx.accessLog);
      await load.done;
      const wrkDone = performance.now();
      await waitForAgentShipped(stack.agent.statusUrl!, stack.nginx.accessLog, 600_000);
      const shipped = performance.now();
      await stack.endpoint.firehose.flush(stack.names.deliveryStream);
      const flushed = performance.now();
      const seconds = (performance.now() - started) / 1000;
      const { peakRss, cpuByRole } = sampling.stop();
      await profile.stop();
      const agentCpu = cpuSeconds(stack.agent.pid) - agentCpuBefore;
      const input = await collectAuditInput({ endpoint: stack.endpoint.url, region: config.region, bucket: stack.names.bucket, deliveryStream: stack.names.deliveryStream, accessLog: stack.nginx.accessLog, prefixes: stack.prefixes });
      const report = auditPipeline({ ...input, predict: predictTransform(config) });
      const lines = report.written;
      const row = (label: string, value: string, base: string) => console.log(`${label.padEnd(34)} ${value.padStart(14)}   ${base}`);
      console.log(`pipeline bench: ${REQUESTS} requests with wrk -t${THREADS} -c${CONNECTIONS}, ${processTree(process.pid).length} processes in the stack`);
      row('', 'hosepipe', 'baseline: nginx alone under the same wrk load');
      row('lines/s end to end (to S3)', (lines / seconds).toFixed(0), `${(REQUESTS / baseline.seconds).toFixed(0)} lines/s written`);
      row('seconds', seconds.toFixed(1), `${baseline.seconds.toFixed(1)} s`);
      row('wrk phase only (nginx + agent busy)', `${(REQUESTS / load.seconds).toFixed(0)} req/s`, '');
      row('phases: wrk / agent catch-up / flush', [wrkDone - started, shipped - wrkDone, flushed - shipped].map((ms) => (ms / 1000).toFixed(1)).join(' / '), 'seconds');
      const codes = new Map<string, number>();
      for (const body of input.errors) for (const line of body.toString('utf8').split('\n').filter(Boolean)) {
        const record = JSON.parse(line) as { errorCode?: string; errorMessage?: string };
        const code = `${record.errorCode} (${String(record.errorMessage).slice(0, 160)})`;
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      if (codes.size > 0) row('error output by errorCode', [...codes].map(([code, count]) => `${code}=${count}`).join(' '), '');
      row('agent CPU seconds per 100k lines', ((agentCpu / lines) * 100_000).toFixed(2), '');
      const roles = ['endpoint', 'Lambda', 'agent', 'nginx', 'wrk'];
      row('CPU seconds: ' + roles.join(' / '), roles.map((role) => (cpuByRole.get(role) ?? 0).toFixed(1)).join(' / '), `of ${(availableParallelism() * seconds).toFixed(1)} available (${availableParallelism()} cores)`);
      row('peak RSS of the stack (MiB)', (peakRss / 1024 / 1024).toFixed(0), '(endpoint, Lambda, nginx, agent)');
      row('missing / duplicated', `${report.outcome.missing.length} / ${report.outcome.duplicated.length}`, '');
      // wrk may send a few more than asked (requests in flight when a thread stops); fewer is a failure.
      if (!auditPassed(report) || lines < REQUESTS) {
        console.log(formatAudit(report));
        process.exitCode = 1;
      }
    } finally {
      await stack.stop();
    }
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
