/**
 * `--forward` beside no forwarding: OTLP/HTTP protobuf ingest into a fresh store, once with the upstream stopped
 * (every export waits in the queue on disk, the sender retrying) and once without --forward, twice each in turn;
 * the best of each and their ratio, and the serve's CPU time (all its threads, from /proc) per 1,000 spans, which a
 * machine busy with other work moves less than the rate. Local ingest is not to wait for the upstream: the ratios
 * say what it costs.
 * Then the upstream (another serve) starts on the stopped port, and the queue's catch-up rate is timed.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { tempDbPath } from '../helpers/serve-process';
import { post, sendAll, SENDERS, startServe, TOKEN, type Report } from './bench-http';
import { syntheticRequest } from './synthetic-spans';

const TOTAL = Number(process.env.BENCH_FORWARD_SPANS ?? 200_000);
const PER_REQUEST = 1000;
const T0 = 1_764_100_000_000_000_000n;
const ROUNDS = 2;

export async function benchForward(report: Report): Promise<void> {
  const requests = TOTAL / PER_REQUEST;
  const bodies = Array.from({ length: requests }, (_, r) => encodeTraceRequestProtobuf(syntheticRequest(r, requests, 5, T0)));
  const port = await freePort();
  const stopped = `http://127.0.0.1:${port}`;
  const best = { plain: 0, forwarding: 0 };
  const leastCpu = { plain: Infinity, forwarding: Infinity };
  let queued = 0;
  let catchUp = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of ['plain', 'forwarding'] as const) {
      const serve = await startServe(tempDbPath(), kind === 'forwarding' ? ['--forward', stopped] : []);
      const otlp = new URL(serve.urls.otlpHttp);
      const cpuBefore = cpuMs(serve.child.pid!);
      const { ms } = await sendAll(bodies, async (b) => (await post(otlp, b, 'application/x-protobuf')) === 200);
      best[kind] = Math.max(best[kind], Math.round((TOTAL / ms) * 1000));
      leastCpu[kind] = Math.min(leastCpu[kind], ((cpuMs(serve.child.pid!) - cpuBefore) / TOTAL) * 1000);
      if (kind === 'forwarding') {
        const forwardStatus = () => fetch(`${serve.urls.api}/status`, { headers: { Authorization: `Bearer ${TOKEN}` } }).then((r) => r.json() as Promise<{ forward: { queued: number } }>).then((b) => b.forward);
        queued = (await forwardStatus()).queued;
        if (round === ROUNDS - 1) {
          const upstream = await startServe(tempDbPath(), ['--otlp-http-port', String(port)]);
          const t = performance.now();
          while ((await forwardStatus()).queued > 0) await new Promise((resolve) => setTimeout(resolve, 50));
          catchUp = Math.round((queued / (performance.now() - t)) * 1000);
          upstream.child.kill('SIGTERM');
          await upstream.exited;
        }
      }
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  }
  const fmt = (n: number) => n.toLocaleString('en-US');
  report(`OTLP/HTTP protobuf ingest, ${SENDERS} senders, ${fmt(TOTAL)} spans, without --forward (best of ${ROUNDS})`, `${fmt(best.plain)} spans/s`);
  report(`the same with --forward to a stopped upstream (${fmt(queued)} spans queued on disk at the end)`, `${fmt(best.forwarding)} spans/s`);
  report('ingest with --forward ÷ without', `${Math.round((best.forwarding / best.plain) * 100)}%`, '≥ 90%');
  report('serve CPU per 1,000 spans ingested, without / with --forward to a stopped upstream (least of each)', `${leastCpu.plain.toFixed(1)} ms / ${leastCpu.forwarding.toFixed(1)} ms`);
  report('forwarding queue sent once the upstream (another serve, same machine) is back', `${fmt(catchUp)} spans/s`);
}

/** CPU time of a process, every thread, user and system (/proc/PID/stat, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
