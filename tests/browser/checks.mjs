// checks.mjs: the counted output the browser scripts share: one "ok - name"
// or "FAIL - name: detail" line per check and a closing "N passed, N
// failed" line, the form tests/lib.sh's suite_counts reads.

let passed = 0;
let failed = 0;

// Counts and prints one check; cond true passes it, else detail (white
// space collapsed, cut at 300 characters) says what failed. Returns cond
// as a boolean, so a caller can stop when a check fails.
export function check(name, cond, detail) {
  if (cond) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    const d = String(detail ?? 'check failed').replace(/\s+/g, ' ')
        .slice(0, 300);
    console.log(`FAIL - ${name}: ${d}`);
  }
  return Boolean(cond);
}

// Prints the summary line; returns the exit status: 1 when a check failed.
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}
