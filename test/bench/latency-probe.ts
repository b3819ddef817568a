/**
 * Times GET requests from a process of its own (bench-http.ts, measureLatency): the bench's process holds a
 * million spans, and the collections its heap took as answers arrived (marking steps of 3–22 ms, logged beside the
 * requests) fell inside the requests it timed. Arguments: the URL, the bearer token, how many requests; prints
 * each one's time to its last byte and status, and the first answer's text, as JSON.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface ProbeAnswer {
  times: number[];
  statuses: number[];
  first: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** GET `url`: the time to the answer's last byte, its status, and (`keep`) its text; chunks not kept are dropped. */
function timedGet(url: string, token: string, keep: boolean): Promise<{ ms: number; status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    request(url, { agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => keep && chunks.push(chunk));
      res.on('end', () => resolve({ ms: performance.now() - t, status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    })
      .on('error', reject)
      .end();
  });
}

async function probe(url: string, token: string, count: number): Promise<ProbeAnswer> {
  const answer: ProbeAnswer = { times: [], statuses: [], first: '' };
  for (let i = 0; i < count; i++) {
    const { ms, status, text } = await timedGet(url, token, i === 0);
    answer.times.push(ms);
    answer.statuses.push(status);
    if (i === 0) answer.first = text;
  }
  return answer;
}

const [url, token, count] = process.argv.slice(2);
probe(url, token, Number(count)).then(
  (answer) => {
    process.stdout.write(JSON.stringify(answer));
    agent.destroy();
  },
  (error: Error) => {
    process.stderr.write(`latency probe: ${error.message}\n`);
    process.exit(1);
  },
);
