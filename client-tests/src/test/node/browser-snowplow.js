'use strict';
// The Snowplow browser tracker and its e-commerce plugin in a real headless Chromium (playwright-core, no
// browser download: the executable comes from the CHROMIUM variable), on a page served from an origin other
// than the collector's: every POST is preceded by a CORS preflight (its JSON Content-Type is not a "simple"
// one), and both transports send with credentials, so the collector must echo the origin with
// Access-Control-Allow-Credentials: true or Chromium refuses the answer (a console error and a failed request).
//   CHROMIUM=/path/to/chromium node browser-snowplow.js <plan.json> <report.json>
// plan: {"collector": url, "calls": [{"method": "post" | "get", ...a call of plan.js}]}
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');
const { readPlan, writeReport, deadline } = require('./plan');

const { plan, reportFile } = readPlan();
const report = {
  sdk: '@snowplow/browser-tracker + @snowplow/browser-plugin-snowplow-ecommerce in Chromium',
  sent: plan.calls.length, acknowledged: 0, errors: [], collectorRequests: [], preflights: [], domainUserIds: {},
};
deadline(reportFile, report, 90_000);

const FILES = {
  '/': [path.join(__dirname, 'page/shop.html'), 'text/html; charset=utf-8'],
  '/sp.js': [path.join(__dirname, 'node_modules/@snowplow/browser-tracker/dist/index.umd.min.js'), 'text/javascript'],
  '/sp-ecommerce.js': [path.join(__dirname, 'node_modules/@snowplow/browser-plugin-snowplow-ecommerce/dist/index.umd.min.js'), 'text/javascript'],
};

function servePage() {
  const server = http.createServer((request, response) => {
    const file = FILES[request.url];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': file[1], 'Cache-Control': 'no-store' }).end(fs.readFileSync(file[0]));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  if (!process.env.CHROMIUM) throw new Error('CHROMIUM (the browser executable) is not set');
  const server = await servePage();
  // localhost, not 127.0.0.1 as the collector: another host and port, so another origin and another site.
  const pageUrl = `http://localhost:${server.address().port}/`;
  // launch() gives the browser a fresh temporary --user-data-dir of its own and deletes it on close.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') report.errors.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => report.errors.push('page error: ' + error.message));
    page.on('requestfailed', (request) => report.errors.push(`request failed: ${request.method()} ${request.url()}: ${request.failure().errorText}`));
    page.on('response', async (response) => {
      const request = response.request();
      if (response.status() >= 400) report.errors.push(`${request.method()} ${request.url()} answered ${response.status()}`);
      if (request.url().startsWith(plan.collector)) {
        const headers = await response.allHeaders();
        report.collectorRequests.push({
          method: request.method(), path: new URL(request.url()).pathname, status: response.status(),
          contentType: headers['content-type'] || null,
          allowOrigin: headers['access-control-allow-origin'] || null,
          allowCredentials: headers['access-control-allow-credentials'] || null,
        });
      }
    });
    // CORS preflights are not page requests for Playwright; the DevTools protocol shows them and their answers.
    const devTools = await page.context().newCDPSession(page);
    await devTools.send('Network.enable');
    devTools.on('Network.responseReceived', (event) => {
      if (event.type !== 'Preflight') return;
      const headers = Object.fromEntries(Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), value]));
      report.preflights.push({
        path: new URL(event.response.url).pathname, status: event.response.status,
        allowOrigin: headers['access-control-allow-origin'] || null,
        allowCredentials: headers['access-control-allow-credentials'] || null,
        allowMethods: headers['access-control-allow-methods'] || null,
        allowHeaders: headers['access-control-allow-headers'] || null,
      });
    });
    await page.goto(pageUrl);
    const result = await page.evaluate((p) => window.runPlan(p), plan);
    report.acknowledged = result.acknowledged;
    report.domainUserIds = result.domainUserIds;
    result.failures.forEach((failure) => report.errors.push('tracker: ' + failure));
    report.pageOrigin = new URL(pageUrl).origin;
  } finally {
    await browser.close();
    server.close();
  }
}

main().then(() => writeReport(reportFile, report), (error) => {
  report.errors.push(String(error && error.stack || error));
  writeReport(reportFile, report);
});
