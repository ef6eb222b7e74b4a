'use strict';
// The plan the Java test writes (see dev.pipeline.clients.Plan) and the report each script writes back.
//   node <script> <plan.json> <report.json>
// plan:   {"collector": "http://127.0.0.1:<port>", "writeKey": "...", "loseAnswers": n?, "calls": [call, ...]}
// call:   {"call": "view" | "add_to_cart", "user", "anonymous"?, "product", "price", "quantity"?, "timestamp"?}
//         {"call": "order", "user", "anonymous"?, "order", "items": [{"product", "price", "quantity"}], "timestamp"?}
//         {"call": "page" | "identify" | "other", "user", "anonymous"?, "marker"}  (not e-commerce: must land in error/)
// report: {"sent": <calls handed to the SDK>, "acknowledged": <messages the SDK saw answered with success>,
//          "answersLost": <requests answered 503 after the collector took them>, "errors": ["..."],
//          "messageIds": [<the messageId / eid the SDK gave call i, null if unknown>]?, ...}
// The exit status is 0 when the SDK reported no error; the Java test asserts on the report either way.
const fs = require('fs');
const http = require('http');

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

/**
 * Where the SDK sends: the collector itself, or with plan.loseAnswers = n a proxy in front of it that forwards
 * every request and, for the first n, throws the collector's answer away and answers 503 + Retry-After instead,
 * as a load balancer that timed out would: the collector has recorded the message, the SDK sends it again.
 * Resolves to {url, close()}.
 */
function collectorFor(plan, report) {
  report.answersLost = 0;
  if (!plan.loseAnswers) return Promise.resolve({ url: plan.collector, close: () => {} });
  const target = new URL(plan.collector);
  const proxy = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const forwarded = http.request({
        host: target.hostname, port: target.port, method: request.method, path: request.url,
        headers: { ...request.headers, host: target.host },
      }, (answer) => {
        const body = [];
        answer.on('data', (chunk) => body.push(chunk));
        answer.on('end', () => {
          if (report.answersLost < plan.loseAnswers && answer.statusCode < 300) {
            report.answersLost++;
            response.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' }).end('{"error":"answer lost on purpose"}');
          } else {
            response.writeHead(answer.statusCode, answer.headers).end(Buffer.concat(body));
          }
        });
      });
      forwarded.on('error', (error) => {
        report.errors.push('proxy: ' + error.message);
        response.writeHead(502).end();
      });
      forwarded.end(Buffer.concat(chunks));
    });
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${proxy.address().port}`,
    close: () => proxy.close(),
  })));
}

module.exports = { readPlan, writeReport, timestampOf, deadline, collectorFor };
