'use strict';
// Sends the plan through @segment/analytics-node (Segment's own server-side SDK): Basic auth with the write
// key (and writeKey in the body), POST /v1/batch, plain JSON, `timestamp` on every message.
const { Analytics } = require('@segment/analytics-node');
const { readPlan, writeReport, deadline, collectorFor } = require('./plan');
const { sendCalls } = require('./segment-calls');

const { plan, reportFile } = readPlan();
const report = { sdk: '@segment/analytics-node', sent: 0, acknowledged: 0, errors: [], answers: {} };
deadline(reportFile, report, 60_000);

async function main() {
  const collector = await collectorFor(plan, report);
  const analytics = new Analytics({ writeKey: plan.writeKey, host: collector.url, flushAt: 15, flushInterval: 200, maxRetries: 3 });
  analytics.on('error', (error) => report.errors.push(`${error.code}: ${error.reason && error.reason.message || error.message || error}`));
  analytics.on('http_response', (response) => { report.answers[response.status] = (report.answers[response.status] || 0) + 1; });
  report.messageIds = plan.calls.map(() => null);
  sendCalls(analytics, plan.calls, (call, error, messageId) => {
    if (error) report.errors.push(`${call.call} ${call.user}: ${error}`); else report.acknowledged++;
    report.messageIds[plan.calls.indexOf(call)] = messageId || null;
  });
  report.sent = plan.calls.length;
  await analytics.closeAndFlush({ timeout: 45_000 });
  collector.close();
}

main().then(() => writeReport(reportFile, report), (error) => {
  report.errors.push(String(error && error.stack || error));
  writeReport(reportFile, report);
});
