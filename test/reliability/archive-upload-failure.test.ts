/**
 * An upload whose spans cannot be written while its body is still arriving (a full disk, through the page ceiling
 * of disk-full.test.ts): that upload is answered with a sentence saying what failed and what was kept, the server
 * keeps serving every port, and an opened file's temporary folder is removed.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../src-main/model/api';
import { jsonRequest, postOtlp, protobufRequest } from '../helpers/otlp-bodies';
import { startServe, TOKEN, type ServeProcess } from '../helpers/serve-process';
import { hexId } from '../helpers/spans';

const FULL = /the disk holding .+spans\.db is full \(database or disk is full\)/;

/** One JSON Lines line: a trace of 200 spans (about 30 KB). */
const line = () => {
  const traceId = hexId(16);
  return `${jsonRequest(Array.from({ length: 200 }, () => ({ traceId, spanId: hexId(8) })))}\n`;
};

/**
 * Streams JSON Lines to an archive endpoint, a line whenever the last one was taken, until the server answers;
 * the body never ends, so the answer comes while it is still arriving.
 */
function uploadUntilAnswered(serve: ServeProcess, path: string): Promise<{ status: number; body: { error: string }; lines: number }> {
  const url = new URL(`${serve.urls.api}${path}`);
  return new Promise((resolve, reject) => {
    let lines = 0;
    let answered = false;
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    req.on('error', (error) => !answered && reject(new Error(`the upload failed (${error.message}); the server's log: ${serve.stderr()}`)));
    req.on('response', async (res) => {
      answered = true;
      let text = '';
      for await (const chunk of res) text += chunk;
      req.destroy();
      resolve({ status: res.statusCode!, body: JSON.parse(text), lines });
    });
    const send = () => {
      if (answered || serve.child.exitCode !== null) return;
      lines++;
      if (req.write(line())) setImmediate(send);
      else req.once('drain', send);
    };
    serve.child.once('exit', (code) => reject(new Error(`spanscope serve exited with ${code} during the upload: ${serve.stderr()}`)));
    send();
  });
}

let serve: ServeProcess;
let temp: string;

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'spanscope-upload-tmp-'));
  serve = await startServe([], undefined, { SPANSCOPE_TEST_MAX_PAGE_COUNT: '300', TMPDIR: temp });
});
afterAll(async () => {
  await serve.stop();
});

/** The API and the receivers answer (a receiver refuses with 503 once the live store is at its ceiling). */
async function expectStillServing(): Promise<void> {
  expect(serve.child.exitCode).toBe(null);
  expect((await serve.api<{ sources: SourceInfo[] }>('/sources')).body.sources.map((s) => s.id)).toEqual(['live']);
  expect([200, 503]).toContain((await postOtlp(serve.urls.otlpHttp, protobufRequest(hexId(16), 1))).status);
}

/**
 * On one connection: an upload of a good line, a broken one and `restBytes` of blanks, then a GET. Its answer can
 * only come once the upload's whole body was taken. A raw socket: Node's client stops sending after an early answer.
 */
function uploadBrokenThenAsk(path: string, restBytes: number): Promise<string> {
  const url = new URL(`${serve.urls.api}${path}`);
  const auth = `Authorization: Bearer ${TOKEN}\r\nHost: ${url.host}\r\n`;
  const head = Buffer.from(line() + '{"resourceSpans": [}\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let answers = '';
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      answers += chunk;
      if ((answers.match(/HTTP\/1\.1 /g) ?? []).length === 2 && answers.endsWith('}')) {
        socket.destroy();
        resolve(answers);
      }
    });
    (async () => {
      socket.write(`POST ${url.pathname}${url.search} HTTP/1.1\r\n${auth}Content-Length: ${head.length + restBytes}\r\n\r\n`);
      socket.write(head);
      const blanks = Buffer.alloc(1024 * 1024, 0x20);
      for (let sent = 0; sent < restBytes; sent += blanks.length) if (!socket.write(blanks)) await new Promise((r) => socket.once('drain', r));
      socket.write(`GET /api/sources HTTP/1.1\r\n${auth}\r\n`);
    })();
  });
}

describe('a write failure during an upload', () => {
  it('answers an opened file with what failed, removes its temporary folder, and the server keeps serving', async () => {
    const answer = await uploadUntilAnswered(serve, '/sources?name=big.jsonl');
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatch(/^big\.jsonl, read as otlp-json-lines: lines \d+–\d+ could not be stored: /);
    expect(answer.body.error).toMatch(FULL);
    expect(answer.body.error).toMatch(/; the file was not opened$/);
    await expectStillServing();
    expect(readdirSync(temp).filter((name) => name.startsWith('spanscope-source-'))).toEqual([]);
  });

  it('answers an import into live with what failed and what was kept, and the server keeps serving', async () => {
    const answer = await uploadUntilAnswered(serve, '/import?name=big.jsonl');
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatch(FULL);
    expect(answer.body.error).toMatch(/; the [\d,]+ spans before that point \(\d+ traces?\) were imported$|; nothing was imported$/);
    await expectStillServing();
  });

  it('answers a file that breaks midway at once, and reads and drops the rest of its body', async () => {
    const answers = await uploadBrokenThenAsk('/sources?name=broken.jsonl', 64 * 1024 * 1024);
    expect(answers).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answers).toMatch(/"error":"broken\.jsonl, read as otlp-json-lines: line 2: not valid JSON at column 20: .*; the file was not opened"/);
    expect(answers).toMatch(/HTTP\/1\.1 200 OK\r\n[^]*\{"sources":\[\{"id":"live"/);
    await expectStillServing();
  });
});
