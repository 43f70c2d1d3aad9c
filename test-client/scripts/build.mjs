// Builds dist/ from src/ with tsc and no bundler:
//   dist/bb-sdk.js         one ES module
//   dist/bb-sdk.global.js  the same code in an IIFE that sets window.BehavioralBiometrics
//   dist/bb-sdk.d.ts       one declaration file
// tsc compiles each source module; this script then joins them in dependency order,
// dropping the relative imports between them. That works because the sources keep to
// three conventions, all checked below: single-statement `import … from './x.js'`
// lines, `export` only as a prefix of top-level declarations, and no top-level name
// used by two modules.
//
// `node scripts/build.mjs --check` builds into a temporary folder and fails if dist/
// differs, so a commit that changes src/ without rebuilding cannot pass the tests.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
/** Runtime modules, each after the modules it imports. `types.ts` holds types only. */
const MODULES = ['capture', 'uplink', 'index'];
const ENTRY = 'index';
const GLOBAL_NAME = 'BehavioralBiometrics';

const RELATIVE_IMPORT = /^import\s[^;]*?\sfrom\s+'\.\/[\w-]+\.js';\n/gm;
const RELATIVE_TYPE_EXPORT = /^export\s+type\s[^;]*?\sfrom\s+'\.\/[\w-]+\.js';\n/gm;
const EXPORT_PREFIX = /^export (?=(?:declare )?(?:const|let|function|class|async function|interface|type) )/gm;
const TOP_LEVEL_NAME = /^(?:export )?(?:const|let|var|function|class|async function) (\w+)/gm;

function compile(outDir) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) throw new Error('typescript is not installed: run `npm ci` first');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json'), '--outDir', outDir], { stdio: 'inherit' });
}

function read(dir, file) {
  return readFileSync(join(dir, file), 'utf8');
}

/** Module body without its relative imports and, unless kept, without `export` prefixes. */
function strip(source, keepExports, name) {
  let body = source.replace(RELATIVE_IMPORT, '');
  if (!keepExports) body = body.replace(EXPORT_PREFIX, '');
  for (const line of body.match(/^(?:import|export)\b.*$/gm) ?? []) {
    if (!(keepExports && /^export (?:const|function|class) /.test(line))) {
      throw new Error(`${name}: module syntax this build cannot join: ${line}`);
    }
  }
  return body.trim();
}

function checkNames(bodies) {
  const owner = new Map();
  for (const [name, body] of bodies) {
    for (const match of body.matchAll(TOP_LEVEL_NAME)) {
      const previous = owner.get(match[1]);
      if (previous) throw new Error(`top-level name ${match[1]} is declared in both ${previous} and ${name}`);
      owner.set(match[1], name);
    }
  }
}

function bundle(compiled) {
  const { version, license, name } = JSON.parse(read(root, 'package.json'));
  const banner = `/*! ${name} ${version} | ${license} */\n`;
  const esmBodies = MODULES.map((module) => [module, strip(read(compiled, `${module}.js`), module === ENTRY, module)]);
  checkNames(esmBodies);
  const esm = banner + esmBodies.map(([module, body]) => `// ${module}.ts\n${body}`).join('\n\n') + '\n';

  const plainBodies = MODULES.map((module) => strip(read(compiled, `${module}.js`), false, module));
  const indent = (text) => text.replace(/^(?=.)/gm, '  ');
  const global =
    banner +
    '(function () {\n  "use strict";\n' +
    indent(plainBodies.join('\n\n')) +
    `\n  globalThis.${GLOBAL_NAME} = ${GLOBAL_NAME};\n})();\n`;

  const types = read(compiled, 'types.d.ts').trim();
  let entryTypes = read(compiled, `${ENTRY}.d.ts`).replace(RELATIVE_IMPORT, '').replace(RELATIVE_TYPE_EXPORT, '');
  if (/from '\.\//.test(entryTypes)) throw new Error(`${ENTRY}.d.ts refers to another module; declare public types in types.ts`);
  const dts = `${banner}${types}\n\n${entryTypes.trim()}\n`;

  return { 'bb-sdk.js': esm, 'bb-sdk.global.js': global, 'bb-sdk.d.ts': dts };
}

const check = process.argv.includes('--check');
const scratch = mkdtempSync(join(tmpdir(), 'bb-sdk-build-'));
try {
  compile(scratch);
  const outputs = bundle(scratch);
  if (check) {
    const stale = Object.entries(outputs)
      .filter(([file, text]) => !existsSync(join(dist, file)) || read(dist, file) !== text)
      .map(([file]) => file);
    if (stale.length > 0) {
      console.error(`dist/ is stale (${stale.join(', ')}): run \`npm run build\` and commit dist/.`);
      process.exitCode = 1;
    } else {
      console.log('dist/ matches src/.');
    }
  } else {
    mkdirSync(dist, { recursive: true });
    for (const [file, text] of Object.entries(outputs)) writeFileSync(join(dist, file), text);
    console.log(`built ${Object.keys(outputs).map((file) => `dist/${file}`).join(', ')}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
