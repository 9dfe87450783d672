/*
 * Summarises a V8 CPU profile (`node --cpu-prof`) by package and by function: self time (samples
 * whose top frame is there) and inclusive time (samples with the package anywhere on the stack).
 * Flowgate's own functions also by inclusive time. Idle time is left out of the total. Usage: node bench/profile/summarise.js FILE.cpuprofile [N]
 * Used for the tables in docs/performance.md.
 */
'use strict';
const fs = require('node:fs');

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile/summarise.js FILE.cpuprofile [top N]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** The package a frame belongs to: an npm package, a Flowgate folder, node itself, or V8. */
function packageOf(frame) {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node';
  const src = /\/(src|authenticators)\/([^/]+)/.exec(url);
  if (src) return `flowgate ${src[1]}/${src[2].replace(/\.[jt]s$/, '')}`;
  return 'other';
}

const self = new Map();
const inclusive = new Map();
const fnSelf = new Map();
const ownInclusive = new Map();
let total = 0;
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i]);
  const us = dt[i + 1] ?? 0;
  if (node.callFrame.functionName === '(idle)') continue;
  total += us;
  const pkg = packageOf(node.callFrame);
  self.set(pkg, (self.get(pkg) ?? 0) + us);
  const fn = `${node.callFrame.functionName || '(anonymous)'}\u0000${pkg}`;
  fnSelf.set(fn, (fnSelf.get(fn) ?? 0) + us);
  const seen = new Set();
  const own = new Set();
  for (let id = node.id; id !== undefined; id = parent.get(id)) {
    const frame = byId.get(id).callFrame;
    const framePkg = packageOf(frame);
    seen.add(framePkg);
    if (framePkg.startsWith('flowgate')) own.add(`${frame.functionName || '(anonymous)'}\u0000${framePkg}`);
  }
  for (const p of seen) inclusive.set(p, (inclusive.get(p) ?? 0) + us);
  for (const f of own) ownInclusive.set(f, (ownInclusive.get(f) ?? 0) + us);
}

const pct = (us) => `${((100 * us) / total).toFixed(1)} %`;
console.log(`CPU ${(total / 1e6).toFixed(1)} s (idle excluded)\n`);
console.log('| package | self | inclusive |\n|---|---:|---:|');
for (const [pkg, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`| ${pkg} | ${pct(us)} | ${pct(inclusive.get(pkg))} |`);
console.log('\n| function (self) | package | self |\n|---|---|---:|');
for (const [fn, us] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  const [name, pkg] = fn.split('\u0000');
  console.log(`| ${name} | ${pkg} | ${pct(us)} |`);
}
console.log('\n| Flowgate function (inclusive) | folder | inclusive |\n|---|---|---:|');
for (const [fn, us] of [...ownInclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  const [name, pkg] = fn.split('\u0000');
  console.log(`| ${name} | ${pkg.replace('flowgate ', '')} | ${pct(us)} |`);
}
