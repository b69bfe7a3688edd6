/**
 * `masec shield` as users run it, in a real child process in front of SDK agents and an MCP server (v2 SDK,
 * stateless): it binds loopback, its admin endpoints need the token, and a kill -9 under A2A and MCP load
 * loses no record of a request it answered, nor of the answer (written before answering, WAL). Then, on the log it left: `masec audit verify` finds it intact and
 * finds a tampered copy; `masec audit lineage` traces an agent; `masec shield export-topology` writes the
 * observed graph, which `masec validate` loads as a lab scenario.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { payloadDigest } from '@masec/shield';
import { startAgent, type ScriptedAgent } from '../shield/agents.js';
import { startV2Server, type TestMcpServer } from '../shield/mcp-servers.js';
import { masec, spawnMasec, tempDir } from './helpers.js';

const ADMIN = 'admin-token-for-the-e2e-test-0123';

function waitForLine(child: ReturnType<typeof spawnMasec>, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} in ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`)), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(pattern);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => reject(new Error(`masec shield exited (${code}) before listening\nstdout: ${out}\nstderr: ${err}`)));
  });
}

const mcpCall = (city: string, id: number) =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'weather', arguments: { city }, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'load', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} } } });
const rpc = (text: string, id: number) => JSON.stringify({ jsonrpc: '2.0', id, method: 'SendMessage', params: { message: { messageId: `m-${id}`, role: 'ROLE_USER', parts: [{ text }] } } });

describe('masec shield (child process)', () => {
  const agents: ScriptedAgent[] = [];
  const mcpServers: TestMcpServer[] = [];
  afterAll(async () => {
    for (const a of agents) await a.close();
    for (const m of mcpServers) await m.close();
  });

  it('binds loopback, guards the admin endpoints, survives kill -9 under load without losing an answered record; the log verifies, traces and exports', async () => {
    const dir = tempDir('shield');
    const planner = await startAgent({ name: 'planner' });
    const writer = await startAgent({ name: 'writer' });
    const tools = await startV2Server();
    agents.push(planner, writer);
    mcpServers.push(tools);
    writeFileSync(
      join(dir, 'shield.yaml'),
      [
        'listen: { port: 0 }',
        'agents:',
        `  - { id: planner, path: /agents/planner, upstream: "${planner.url}/" }`,
        `  - { id: writer, path: /agents/writer, upstream: "${writer.url}/" }`,
        `  - { id: tools, protocol: mcp, path: /mcp/tools, upstream: "${tools.url}" }`,
        'guards:',
        '  - id: content-detector',
        '    config: { action: block }',
        'identity: { header: x-agent }',
        'audit: { path: audit.sqlite, checkpointEvery: 100 }',
        'admin: { tokenEnv: SHIELD_ADMIN_TOKEN }',
        '',
      ].join('\n'),
    );
    const child = spawnMasec(['shield', '--config', 'shield.yaml'], { cwd: dir, env: { SHIELD_ADMIN_TOKEN: ADMIN } });
    const [, url] = (await waitForLine(child, /listening on (http:\/\/[^ ]+) /)) as RegExpMatchArray;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(join(dir, 'audit.sqlite.key.pem'), 'utf8')).toContain('PRIVATE KEY');

    expect((await fetch(`${url}/_masec/health`)).status).toBe(401);
    expect((await fetch(`${url}/_masec/health`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const health = await fetch(`${url}/_masec/health`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(health.status).toBe(200);

    // Load: 16 callers in parallel, each sending to both agents and calling the MCP tool, until killed.
    const answered: string[] = [];
    const answeredCalls: { body: string; city: string }[] = [];
    let stop = false;
    let id = 0;
    const caller = async (n: number): Promise<void> => {
      while (!stop) {
        const i = ++id;
        const text = `load ${n} message ${i}`;
        const agent = i % 2 === 0 ? 'planner' : 'writer';
        if (i % 3 === 0) {
          const city = `city ${n} ${i}`;
          const body = mcpCall(city, i);
          try {
            const response = await fetch(`${url}/mcp/tools`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'weather', 'x-agent': `caller-${n}` }, body });
            const text = await response.text();
            const json = JSON.parse(text.startsWith('event:') || text.startsWith('data:') ? (/^data: (.*)$/m.exec(text)?.[1] ?? '') : text) as { result?: { content?: { text?: string }[] } };
            if (json.result?.content?.[0]?.text === `Sunny in ${city}`) answeredCalls.push({ body, city });
          } catch {
            // Killed mid-request: not answered.
          }
          continue;
        }
        try {
          const response = await fetch(`${url}/agents/${agent}`, { method: 'POST', headers: { 'content-type': 'application/json', 'a2a-version': '1.0', 'x-agent': `caller-${n}` }, body: rpc(text, i) });
          const body = (await response.json()) as { result?: unknown };
          if (body.result !== undefined) answered.push(text);
        } catch {
          // Killed mid-request: not answered.
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, (_, n) => caller(n)));
    while (answered.length < 300 || answeredCalls.length < 100) await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    stop = true;
    await load;
    await exited;

    const db = new Database(join(dir, 'audit.sqlite'), { readonly: true });
    try {
      const requests = new Set(db.prepare("SELECT digest FROM records WHERE kind = 'request' AND action = 'deliver'").pluck().all() as string[]);
      const answers = new Set(db.prepare("SELECT digest FROM records WHERE kind = 'response' AND action = 'deliver'").pluck().all() as string[]);
      const lostRequests = answered.filter((t) => !requests.has(payloadDigest(t)));
      const lostAnswers = answered.filter((t) => !answers.has(payloadDigest(`echo: ${t}`)));
      expect({ answered: answered.length >= 300, lostRequests, lostAnswers }).toEqual({ answered: true, lostRequests: [], lostAnswers: [] });
      // MCP: each answered tools/call has its request record (the bytes sent) and its result record.
      const calls = new Set(db.prepare("SELECT body_digest FROM records WHERE protocol = 'mcp' AND kind = 'request' AND action = 'deliver'").pluck().all() as string[]);
      const results = new Set(db.prepare("SELECT digest FROM records WHERE protocol = 'mcp' AND kind = 'response' AND action = 'deliver'").pluck().all() as string[]);
      const lostCalls = answeredCalls.filter((c) => !calls.has(createHash('sha256').update(c.body).digest('hex'))).map((c) => c.city);
      const lostResults = answeredCalls.filter((c) => !results.has(payloadDigest(`Sunny in ${c.city}`))).map((c) => c.city);
      expect({ calls: answeredCalls.length >= 100, lostCalls, lostResults }).toEqual({ calls: true, lostCalls: [], lostResults: [] });
    } finally {
      db.close();
    }

    const verify = await masec(['audit', 'verify', 'audit.sqlite', '--json'], { cwd: dir });
    expect(verify.status).toBe(0);
    const report = JSON.parse(verify.stdout) as { ok: boolean; records: number; problems: unknown[] };
    expect(report.ok).toBe(true);
    expect(report.records).toBeGreaterThanOrEqual(600);

    // A tampered copy fails, naming the record.
    copyFileSync(join(dir, 'audit.sqlite'), join(dir, 'tampered.sqlite'));
    if (existsSync(join(dir, 'audit.sqlite-wal'))) copyFileSync(join(dir, 'audit.sqlite-wal'), join(dir, 'tampered.sqlite-wal'));
    const t = new Database(join(dir, 'tampered.sqlite'));
    t.exec('DROP TRIGGER records_no_update');
    t.prepare("UPDATE records SET recipient = 'elsewhere' WHERE seq = 7").run();
    t.close();
    const tampered = await masec(['audit', 'verify', 'tampered.sqlite'], { cwd: dir });
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('TAMPERED');
    expect(tampered.stdout).toContain('record 7: modified');

    const lineage = await masec(['audit', 'lineage', 'caller-3', '--log', 'audit.sqlite'], { cwd: dir });
    expect(lineage.status).toBe(0);
    expect(lineage.stdout).toMatch(/^agent caller-3\n {2}sent to:\n {4}(planner|writer|tools): \d+ \(0 stopped\)/);

    const exported = await masec(['shield', 'export-topology', '--audit', 'audit.sqlite', '--out', 'observed.txt', '--scenario', 'observed.yaml'], { cwd: dir });
    expect(exported.status, exported.stderr).toBe(0);
    const edges = readFileSync(join(dir, 'observed.txt'), 'utf8');
    expect(edges).toMatch(/^# node \d+ "caller-3"$/m);
    expect(edges.split('\n').filter((l) => /^\d+ \d+ [\d.]+$/.test(l)).length).toBe(48);
    const validate = await masec(['validate', 'observed.yaml'], { cwd: dir });
    expect(validate.stderr).toBe('');
    expect(validate.stdout).toMatch(/^ok {3}observed\.yaml: observed — 19 agents/);
  }, 120_000);

  it('refuses a config with located problems, naming the file, line and field', async () => {
    const dir = tempDir('shield-config');
    writeFileSync(join(dir, 'bad.yaml'), ['agents:', '  - id: planner', '    path: agents/planner', '    upstream: ftp://x', 'guards:', '  - id: content-detectr', 'listen: { host: 127.0.0.1, prot: 9 }', ''].join('\n'));
    const result = await masec(['shield', '--config', 'bad.yaml'], { cwd: dir, timeoutMs: 20_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('CONFIG_INVALID');
    expect(result.stderr).toMatch(/bad\.yaml:3:11: agents\[0\]\.path: /);
    expect(result.stderr).toMatch(/bad\.yaml:4:15: agents\[0\]\.upstream: /);
    expect(result.stderr).toMatch(/bad\.yaml:7:28: listen\.prot: unknown field 'prot'/);
    expect(result.stderr).toMatch(/bad\.yaml:6:9: guards\[0\]\.id: unknown defense 'content-detectr'; valid defense ids: .*content-detector/);
    expect(result.stderr).toContain('CONFIG_INVALID: 4 problem(s)');
  });

  it('an audit log, signing key or admin token the config names but that cannot be made or read is a located config problem, not a crash', async () => {
    const dir = tempDir('shield-audit-config');
    writeFileSync(join(dir, 'plain-file'), 'not a directory\n');
    writeFileSync(join(dir, 'not-a-log.sqlite'), 'hello\n');
    const agent = '  - { id: a, path: /a, upstream: "http://127.0.0.1:9/" }';
    const cases: [string, string[], RegExp][] = [
      ['under-a-file.yaml', ['audit: { path: plain-file/audit.sqlite }'], /under-a-file\.yaml:3:16: audit\.path: cannot write the audit signing key .*plain-file is not a directory/],
      ['not-a-log.yaml', ['audit: { path: not-a-log.sqlite, signingKey: key.pem }'], /not-a-log\.yaml:3:46: audit\.signingKey: audit signing key .*key\.pem does not exist/],
      ['not-a-db.yaml', ['audit: { path: not-a-log.sqlite }'], /not-a-db\.yaml:3:16: audit\.path: cannot open the audit log .*not-a-log\.sqlite: file is not a database/],
      ['admin-file.yaml', ['admin: { tokenFile: missing-token.txt }'], /admin-file\.yaml:3:21: admin\.tokenFile: cannot read .*missing-token\.txt \(ENOENT\)/],
    ];
    for (const [file, lines, pattern] of cases) {
      writeFileSync(join(dir, file), ['agents:', agent, ...lines, ''].join('\n'));
      const result = await masec(['shield', '--config', file, '--port', '0'], { cwd: dir, timeoutMs: 20_000 });
      expect({ file, status: result.status, internal: result.stderr.includes('internal error') }).toEqual({ file, status: 2, internal: false });
      expect(result.stderr).toMatch(pattern);
    }
  });

  it('audit verify, lineage and export-topology refuse a file that is not an audit log (exit 2, named), and --help shows examples', async () => {
    const dir = tempDir('shield-not-a-log');
    writeFileSync(join(dir, 'text.sqlite'), 'hello\n');
    const other = new Database(join(dir, 'other.sqlite'));
    other.exec('CREATE TABLE t (x)');
    other.close();
    for (const args of [
      ['audit', 'verify', 'text.sqlite'],
      ['audit', 'verify', 'other.sqlite'],
      ['audit', 'lineage', 'planner', '--log', 'text.sqlite'],
      ['shield', 'export-topology', '--audit', 'other.sqlite', '--out', 'x.txt'],
    ]) {
      const result = await masec(args, { cwd: dir });
      expect({ args, status: result.status, internal: result.stderr.includes('internal error') }).toEqual({ args, status: 2, internal: false });
      expect(result.stderr).toMatch(/(text|other)\.sqlite is not a masec audit log: /);
    }
    for (const [command, example] of [
      ['shield', 'masec shield --config shield.yaml'],
      ['keys', 'masec keys new --out'],
      ['audit', 'masec audit verify audit.sqlite'],
    ] as const) {
      const help = await masec([command, '--help'], { cwd: dir });
      expect(help.status).toBe(0);
      expect(help.stdout).toContain(example);
      expect(help.stdout).toMatch(/Exit: 0 /);
    }
  });
});
