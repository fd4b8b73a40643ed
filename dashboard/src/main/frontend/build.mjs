// Bundles the dashboard into <outdir>: index.html, assets/app.js (uPlot included), assets/app.css.
// Usage: node build.mjs <outdir>   (Maven passes target/classes/META-INF/resources)
import * as esbuild from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = process.argv[2];
if (!outdir) {
    console.error('usage: node build.mjs <outdir>');
    process.exit(2);
}
const assets = path.join(path.resolve(outdir), 'assets');
await mkdir(assets, { recursive: true });

// One build: main.js imports app.css (which imports uPlot's), so esbuild writes assets/app.css next to app.js.
await esbuild.build({
    entryPoints: ['src/main.js'],
    outfile: path.join(assets, 'app.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020'],
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: here,
});
await copyFile(path.join(here, 'index.html'), path.join(path.resolve(outdir), 'index.html'));
console.log(`dashboard built into ${outdir}`);
