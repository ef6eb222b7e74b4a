'use strict';
// The plan the Java test writes (see dev.pipeline.clients.Plan) and the report each script writes back.
//   node <script> <plan.json> <report.json>
// plan:   {"collector": "http://127.0.0.1:<port>", "writeKey": "...", "calls": [call, ...]}
// call:   {"call": "view" | "add_to_cart", "user", "anonymous"?, "product", "price", "quantity"?, "timestamp"?}
//         {"call": "order", "user", "anonymous"?, "order", "items": [{"product", "price", "quantity"}], "timestamp"?}
//         {"call": "page" | "identify" | "other", "user", "anonymous"?, "marker"}  (not e-commerce: must land in error/)
// report: {"sent": <calls handed to the SDK>, "acknowledged": <messages the SDK saw answered with success>,
//          "errors": ["..."], ...anything else the test reads}
// The exit status is 0 when the SDK reported no error; the Java test asserts on the report either way.
const fs = require('fs');

function readPlan() {
  const [planFile, reportFile] = process.argv.slice(2);
  if (!planFile || !reportFile) {
    console.error('usage: node ' + process.argv[1] + ' <plan.json> <report.json>');
    process.exit(2);
  }
  return { plan: JSON.parse(fs.readFileSync(planFile, 'utf8')), reportFile };
}

function writeReport(reportFile, report) {
  fs.writeFileSync(reportFile, JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report));
  process.exitCode = report.errors.length === 0 ? 0 : 1;
}

/** The SDK's own timestamp option: a Date when the plan gives one, undefined to let the SDK stamp the call. */
function timestampOf(call) {
  return call.timestamp ? new Date(call.timestamp) : undefined;
}

/** Ends the process with a report when a script hangs (an SDK that never calls back). */
function deadline(reportFile, report, millis) {
  return setTimeout(() => {
    report.errors.push(`did not finish within ${millis} ms`);
    writeReport(reportFile, report);
    process.exit(1);
  }, millis).unref();
}

module.exports = { readPlan, writeReport, timestampOf, deadline };
