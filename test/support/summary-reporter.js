// Prints one plain closing line, "jest: N passed, N failed, N skipped", as the very last line of a run (after
// Jest's own summary), so CI logs end with the counts in a form any reader or tool understands.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    process.once('exit', () => process.stderr.write(line));
  }
}
module.exports = SummaryReporter;
