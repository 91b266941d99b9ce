#!/usr/bin/env node
// Differential-test runner: evaluates JSONata cases with the reference implementation (npm jsonata) and prints one
// JSON result per case, for AeonNova.Jsonata.Tests to compare with the C# evaluator.
// Usage: node jsonata-differential.js CASES.json  where CASES.json = {"inputs": {name: json}, "cases": [{id, input, expr}]}
// Output (stdout): JSON array of {id, kind: "value"|"undefined"|"function"|"error", value?, code?}
'use strict';
const fs = require('fs');
const path = require('path');
const jsonata = require(path.join(__dirname, 'node_modules', 'jsonata'));

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const results = [];
  for (const c of spec.cases) {
    // a fresh copy per case: the reference marks arrays it returns (sequence flags), which would leak between cases
    const input = c.input === null || c.input === undefined ? undefined : structuredClone(spec.inputs[c.input]);
    try {
      const expr = jsonata(c.expr);
      const value = await expr.evaluate(input, c.bindings || undefined);
      if (value === undefined) {
        results.push({ id: c.id, kind: 'undefined' });
      } else if (typeof value === 'function' || (value && (value._jsonata_lambda || value._jsonata_function))) {
        results.push({ id: c.id, kind: 'function' });
      } else {
        results.push({ id: c.id, kind: 'value', value: JSON.parse(JSON.stringify(value)) });
      }
    } catch (err) {
      results.push({ id: c.id, kind: 'error', code: err.code || 'JS:' + String(err.message || err) });
    }
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
