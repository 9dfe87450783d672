/**
 * Prints the plain closing line CI reads, `N passed, N failed, N skipped`, as the very last line of
 * the run (on process exit, after jest's own summary). With FLOWGATE_TEST_SUMMARY set to a file
 * the line is appended there too, so a script that runs the suite more than once (.ci/run: SQLite,
 * then PostgreSQL) can print the total last.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failedSuites = results.numRuntimeErrorTestSuites + (results.wasInterrupted ? 1 : 0);
    const line = `${results.numPassedTests} passed, ${results.numFailedTests + failedSuites} failed, ${
      results.numPendingTests + results.numTodoTests
    } skipped`;
    if (process.env.FLOWGATE_TEST_SUMMARY) require('node:fs').appendFileSync(process.env.FLOWGATE_TEST_SUMMARY, `${line}\n`);
    process.once('exit', () => process.stdout.write(`${line}\n`));
  }
}
module.exports = SummaryReporter;
