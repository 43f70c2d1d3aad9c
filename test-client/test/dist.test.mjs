// The published artefacts: the script-tag build and the declarations.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

test('the script-tag build defines window.BehavioralBiometrics and nothing else global', () => {
  const code = readFileSync(join(root, 'dist', 'bb-sdk.global.js'), 'utf8');
  const context = vm.createContext({});
  const before = new Set(Object.keys(context));

  vm.runInContext(code, context);

  const added = Object.keys(context).filter((key) => !before.has(key));
  assert.deepEqual(added, ['BehavioralBiometrics']);
  assert.equal(typeof context.BehavioralBiometrics.start, 'function');
  assert.equal(context.BehavioralBiometrics.VERSION, JSON.parse(readFileSync(join(root, 'package.json'))).version);
});

test('the ES module exports the same API as the script-tag build', async () => {
  const sdk = await import('../dist/bb-sdk.js');
  assert.deepEqual(Object.keys(sdk).sort(), ['BehavioralBiometrics', 'VERSION', 'start']);
  assert.equal(sdk.BehavioralBiometrics.start, sdk.start);
});

test('dist/bb-sdk.d.ts is self-contained and types a typical integration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-sdk-types-'));
  try {
    writeFileSync(join(dir, 'bb-sdk.d.ts'), readFileSync(join(root, 'dist', 'bb-sdk.d.ts')));
    writeFileSync(
      join(dir, 'consumer.ts'),
      `import { BehavioralBiometrics, type RiskFrame, type BehavioralBiometricsStats } from './bb-sdk.js';
const bb = BehavioralBiometrics.start({
  url: 'wss://example.org/ws/ingest',
  getToken: async () => 'jwt',
  onRisk: (frame: RiskFrame) => console.log(frame.level, frame.risk),
  onStatus: (stats: BehavioralBiometricsStats) => console.log(stats.eventsAcked),
  batchMaxEvents: 20,
});
const acked: number = bb.stats().eventsAcked;
bb.flush();
bb.stop();
// @ts-expect-error unknown options are rejected
BehavioralBiometrics.start({ url: 'x', getToken: async () => 't', onRisk() {}, batchSize: 3 });
export { acked };
`,
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--skipLibCheck', '--target', 'ES2020', '--module', 'ES2020', '--moduleResolution', 'bundler', '--lib', 'ES2020,DOM'];
    execFileSync(process.execPath, [tsc, ...args, join(dir, 'consumer.ts')], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
