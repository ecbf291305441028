// Copies what the pages use from node_modules into wwwroot/lib (git-ignored), so that the pages load nothing
// from elsewhere: the DSFR (CSS, JS, Marianne fonts, icons, favicons), the SignalR browser client and Chart.js.
// Run by the API project's build (MonMasterFrontEnd target) after `npm ci`; `npm run bundle` runs it by hand.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(project, 'node_modules');
const lib = join(project, 'wwwroot', 'lib');

const version = name => JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')).version;

/** [package, file or folder in the package, destination under wwwroot/lib] */
const copies = [
  ['@gouvfr/dsfr', 'dist/dsfr.min.css', 'dsfr/dsfr.min.css'],
  ['@gouvfr/dsfr', 'dist/dsfr.module.min.js', 'dsfr/dsfr.module.min.js'],
  ['@gouvfr/dsfr', 'dist/dsfr.nomodule.min.js', 'dsfr/dsfr.nomodule.min.js'],
  ['@gouvfr/dsfr', 'dist/utility/icons/icons.min.css', 'dsfr/utility/icons/icons.min.css'],
  ['@gouvfr/dsfr', 'dist/fonts', 'dsfr/fonts'],
  ['@gouvfr/dsfr', 'dist/icons', 'dsfr/icons'],
  ['@gouvfr/dsfr', 'dist/favicon', 'dsfr/favicon'],
  ['@gouvfr/dsfr', 'LICENSE.md', 'dsfr/LICENSE.md'],
  ['@microsoft/signalr', 'dist/browser/signalr.min.js', 'signalr/signalr.min.js'],
  ['chart.js', 'dist/chart.umd.min.js', 'chart.js/chart.umd.min.js'],
  ['chart.js', 'LICENSE.md', 'chart.js/LICENSE.md'],
];

for (const [name] of copies) {
  if (!existsSync(join(modules, name, 'package.json'))) {
    console.error(`bundle.mjs: ${name} is not installed; run npm ci in ${project}`);
    process.exit(1);
  }
}

rmSync(lib, { recursive: true, force: true });
for (const [name, from, to] of copies) {
  const target = join(lib, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(modules, name, from), target, { recursive: true, filter: source => !source.endsWith('.map') });
}

const versions = Object.fromEntries([...new Set(copies.map(([name]) => name))].map(name => [name, version(name)]));
writeFileSync(join(lib, 'versions.json'), JSON.stringify(versions, null, 2) + '\n');

const count = dir => readdirSync(dir, { withFileTypes: true })
  .reduce((n, entry) => n + (entry.isDirectory() ? count(join(dir, entry.name)) : 1), 0);
console.log(`bundle.mjs: ${count(lib)} files in wwwroot/lib (${Object.entries(versions).map(([n, v]) => `${n} ${v}`).join(', ')})`);
