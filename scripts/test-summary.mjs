#!/usr/bin/env node
/**
 * The last line of `npm test`: `N passed, N failed` over every workspace, from the vitest JSON report each
 * workspace's test task wrote at SIMLAB_TEST_REPORT (a path relative to the workspace; scripts/test.sh sets it
 * and passes it to vitest). Before it, one line per workspace and
 * the name of every failed test. A workspace with a test script but no report (its task failed before vitest
 * could report, e.g. a build error) counts as one failure. Exits 1 when anything failed.
 *
 *   node scripts/test-summary.mjs --clean   removes old reports (before the run)
 *   node scripts/test-summary.mjs           prints the summary (after it)
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const REPORT = process.env.SIMLAB_TEST_REPORT ?? 'node_modules/.vitest-report.json';

const root = join(import.meta.dirname, '..');

/** Workspace directories with a test script, from the root package.json's workspace patterns (dir or dir/*). */
function testedWorkspaces() {
  const patterns = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
  const dirs = patterns.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => join(pattern.slice(0, -2), e.name))
      : [pattern],
  );
  return dirs.filter((dir) => {
    const file = join(root, dir, 'package.json');
    return existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).scripts?.test;
  });
}

if (process.argv.includes('--clean')) {
  for (const dir of testedWorkspaces()) rmSync(join(root, dir, REPORT), { force: true });
  process.exit(0);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const lines = [];
for (const dir of testedWorkspaces()) {
  const file = join(root, dir, REPORT);
  if (!existsSync(file)) {
    failed += 1;
    failures.push(
      `${dir}: no test report (its test task failed before vitest reported; see its output above)`,
    );
    lines.push(`${dir}: no report`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  let filesWithoutTests = 0;
  for (const suite of report.testResults) {
    const name = suite.name.replace(`${root}/`, '');
    for (const test of suite.assertionResults) {
      if (test.status === 'failed') failures.push(`${name} > ${test.fullName}`);
    }
    // A file that failed to load or whose hooks threw reports no failed test; count it once.
    if (suite.status === 'failed' && !suite.assertionResults.some((t) => t.status === 'failed')) {
      filesWithoutTests += 1;
      failures.push(`${name}: ${(suite.message || 'failed').split('\n')[0]}`);
    }
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests + filesWithoutTests;
  skipped += report.numPendingTests + report.numTodoTests;
  lines.push(
    `${dir}: ${report.numPassedTests} passed, ${report.numFailedTests + filesWithoutTests} failed, ` +
      `${report.numPendingTests + report.numTodoTests} skipped`,
  );
}

console.log('\nTest summary');
for (const line of lines) console.log(`  ${line}`);
if (skipped > 0) console.log(`  (${skipped} skipped in all)`);
for (const failure of failures) console.log(`  FAILED ${failure}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
