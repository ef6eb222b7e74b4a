'use strict';
// Sends the plan through @rudderstack/rudder-sdk-node: Basic auth with the write key only, POST /v1/batch, a
// gzipped JSON body labelled application/x-www-form-urlencoded, `originalTimestamp` on every message and
// `timestamp` only when the call gave one.
const Analytics = require('@rudderstack/rudder-sdk-node');
const { readPlan, writeReport, deadline, collectorFor } = require('./plan');
const { sendCalls } = require('./segment-calls');

const { plan, reportFile } = readPlan();
const report = { sdk: '@rudderstack/rudder-sdk-node', sent: 0, acknowledged: 0, errors: [] };
deadline(reportFile, report, 60_000);

async function main() {
  const collector = await collectorFor(plan, report);
  const analytics = new Analytics(plan.writeKey, {
    dataPlaneUrl: collector.url, flushAt: 15, flushInterval: 200, retryCount: 3, logLevel: 'error',
    // Called once a batch has failed for good (axios-retry retries before): an error of the run.
    errorHandler: (error) => report.errors.push('errorHandler: ' + (error.response ? error.response.status : error.code || error)),
  });
  report.messageIds = plan.calls.map(() => null);
  const settled = new Promise((resolve) => {
    let open = plan.calls.length;
    sendCalls(analytics, plan.calls, (call, error, messageId) => {
      if (error) report.errors.push(`${call.call} ${call.user}: ${error}`); else report.acknowledged++;
      report.messageIds[plan.calls.indexOf(call)] = messageId || null;
      if (--open === 0) resolve();
    }, { ownMessageIds: true });
  });
  report.sent = plan.calls.length;
  analytics.flush().catch((error) => report.errors.push('flush: ' + error));
  await settled;
  collector.close();
}

main().then(() => writeReport(reportFile, report), (error) => {
  report.errors.push(String(error && error.stack || error));
  writeReport(reportFile, report);
});
