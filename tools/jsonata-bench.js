#!/usr/bin/env node
// Times npm jsonata (the reference implementation) on the expressions and input of tests/AeonNova.Benchmarks
// JsonataBenchmarks, one core, parse outside the loop. Prints evaluations per second per expression as JSON.
// Usage: node tools/jsonata-bench.js [seconds-per-expression]
'use strict';
const fs = require('fs');
const path = require('path');
const jsonata = require(path.join(__dirname, 'node_modules', 'jsonata'));

async function main() {
  const fixtures = path.join(__dirname, '..', 'tests', 'AeonNova.Benchmarks', 'Fixtures');
  const expressions = JSON.parse(fs.readFileSync(path.join(fixtures, 'jsonata-bench-expressions.json'), 'utf8'));
  const inputText = fs.readFileSync(path.join(fixtures, 'jsonata-bench-input.json'), 'utf8');
  const seconds = Number(process.argv[2] || 3);
  const result = {};
  for (const [name, text] of Object.entries(expressions)) {
    const expr = jsonata(text);
    const input = JSON.parse(inputText);
    for (let i = 0; i < 2000; i++) { await expr.evaluate(input); } // warm-up (JIT)
    let count = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(Math.round(seconds * 1e9));
    while (process.hrtime.bigint() < end) {
      for (let i = 0; i < 100; i++) { await expr.evaluate(input); }
      count += 100;
    }
    const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    result[name] = Math.round(count / elapsed);
  }
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
