/*
 * Preload (`node -r`) that counts SQL statements in a Flowgate server: how many statements ran
 * and how many were compiled (better-sqlite3 `prepare`), by statement text with numbers and
 * strings folded. Written as JSON to $BENCH_COUNT_SQL (`%p` becomes the pid) when the process
 * exits. Used with the bench (BENCH_SERVER_NODE_ARGS) to count statements per sign-in; see
 * docs/performance.md.
 */
'use strict';
const fs = require('node:fs');
const Database = require('better-sqlite3');

const out = process.env.BENCH_COUNT_SQL?.replace('%p', String(process.pid));
const counts = { prepared: 0, executed: 0, byStatement: new Map() };
const fold = (sql) => sql.replace(/'[^']*'/g, "'…'").replace(/\b\d+\b/g, 'N').replace(/\s+/g, ' ').trim().slice(0, 160);
const patched = new WeakSet();

function tally(sql, field) {
  const key = fold(sql);
  const entry = counts.byStatement.get(key) ?? { executed: 0, prepared: 0 };
  entry[field]++;
  counts.byStatement.set(key, entry);
}

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (sql, ...rest) {
  counts.prepared++;
  tally(sql, 'prepared');
  const statement = prepare.call(this, sql, ...rest);
  const proto = Object.getPrototypeOf(statement);
  if (!patched.has(proto)) {
    patched.add(proto);
    for (const name of ['run', 'get', 'all', 'iterate']) {
      const original = proto[name];
      proto[name] = function (...args) {
        counts.executed++;
        tally(this.source, 'executed');
        return original.apply(this, args);
      };
    }
  }
  return statement;
};
const exec = Database.prototype.exec;
Database.prototype.exec = function (sql) {
  counts.executed++;
  tally(sql, 'executed');
  return exec.call(this, sql);
};

if (out) {
  process.on('exit', () => {
    const top = [...counts.byStatement].sort((a, b) => b[1].executed - a[1].executed).map(([sql, c]) => ({ sql, ...c }));
    fs.writeFileSync(out, JSON.stringify({ prepared: counts.prepared, executed: counts.executed, statements: top }, null, 1));
  });
}
