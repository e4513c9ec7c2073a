// Builds the participant page's front end (src/participant.js) into the template's static folder:
//   hr-page.js, hr-page.css  the bundle (minified; the same input gives the same bytes)
//   hr-page.LICENSES.txt     every package in the bundle with its version and licence text
// Run with `make frontend` (npm ci, then this). tests/workshop/test_frontend_bundle.py checks that the committed
// files are what this build makes.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const outdir = process.argv[2] || path.join(here, '..', 'handreiking', 'workshop', 'templates', 'participant', 'static');
fs.mkdirSync(outdir, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { 'hr-page': 'src/participant.js' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2019', 'safari13'],
  outdir,
  loader: { '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl' },
  legalComments: 'none',
  banner: { js: '/* handreiking: the participant page. Bundled packages and their licences: hr-page.LICENSES.txt */' },
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  logLevel: 'warning',
});

// Every package whose code is in the bundle, with its licence (from its own package folder).
const packages = new Map();
for (const output of Object.values(result.metafile.outputs)) {
  for (const input of Object.keys(output.inputs)) {
    if (input.startsWith('(disabled)')) continue; // a module the package's "browser" field leaves out
    const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (!match) continue;
    const dir = path.join(here, input.slice(0, input.indexOf(match[0]) + match[0].length));
    if (!packages.has(dir)) packages.set(dir, match[1]);
  }
}
const sections = [];
for (const [dir, name] of [...packages].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]))) {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : `(licence: ${meta.license})`;
  sections.push(`${name}@${meta.version} (${meta.license})\n\n${text}`);
}
const unique = [...new Set(sections)];
fs.writeFileSync(
  path.join(outdir, 'hr-page.LICENSES.txt'),
  'Packages bundled in hr-page.js and hr-page.css, with their licences.\n\n' + unique.join('\n\n' + '-'.repeat(78) + '\n\n') + '\n',
);
console.log(`hr-page.js and hr-page.css in ${outdir}: ${unique.length} packages`);
