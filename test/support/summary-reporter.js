/**
 * Prints the plain closing line CI reads, `N passed, N failed, N skipped`, as the very last line of
 * the run (on process exit, after jest's own summary).
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failedSuites = results.numRuntimeErrorTestSuites + (results.wasInterrupted ? 1 : 0);
    const line = `${results.numPassedTests} passed, ${results.numFailedTests + failedSuites} failed, ${
      results.numPendingTests + results.numTodoTests
    } skipped`;
    process.once('exit', () => process.stdout.write(`${line}\n`));
  }
}
module.exports = SummaryReporter;
