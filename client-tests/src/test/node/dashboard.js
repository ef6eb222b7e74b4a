'use strict';
// The stream service's dashboard (GET /) in a real headless Chromium (playwright-core; CHROMIUM names the
// executable), while the Java test sends traffic: no console error, no failed request, no request to another
// origin, the data-metric figures change without a reload, a quarantined record's hostile text shows as text;
// then, once the test says the pipeline is quiet, the figures match what it read from PostgreSQL and error/
// and what /lag says, and a screenshot is taken.
//   CHROMIUM=/path/to/chromium node dashboard.js <plan.json> <report.json>
// plan: {"dashboard": url, "sampleSeconds": n, "quietFile": path (JSON the test writes when quiet:
//        {"rows_total", "quarantined_total", "funnel_view", "funnel_add_to_cart", "funnel_purchase"}),
//        "screenshot": path, "hostileMarker": the text a quarantined record holds}
// report: {"errors": [...], "foreignRequests": [...], "samples": [{"at", "metrics"}], "final": {...},
//          "expected": {...}, "lag": {...}, "hostileShown": bool, "injected": bool, "reloads": n}
const fs = require('fs');
const http = require('http');
const { chromium } = require('playwright-core');
const { readPlan, writeReport, deadline } = require('./plan');

const { plan, reportFile } = readPlan();
const report = { errors: [], foreignRequests: [], samples: [], reloads: 0 };
deadline(reportFile, report, 170_000);

const METRICS = ['rows_total', 'rows_per_second', 'pending_files', 'e2e_p50_ms', 'e2e_p99_ms', 'quarantined_total',
  'funnel_view', 'funnel_add_to_cart', 'funnel_purchase'];
const sleep = (millis) => new Promise((resolve) => setTimeout(resolve, millis));

function getJson(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => {
        try { resolve(JSON.parse(body)); } catch (error) { reject(error); }
      });
    }).on('error', reject);
  });
}

/** Every data-metric figure as the page shows it, thousands separators taken out; null when not a number. */
async function figures(page) {
  const shown = await page.evaluate((names) => Object.fromEntries(names.map((name) => {
    const element = document.querySelector(`[data-metric="${name}"]`);
    return [name, element ? element.textContent : null];
  })), METRICS);
  return Object.fromEntries(Object.entries(shown).map(([name, text]) =>
    [name, text !== null && /^[0-9][0-9,]*$/.test(text) ? Number(text.replace(/,/g, '')) : null]));
}

function agrees(shown, expected, lag) {
  const want = {
    ...expected,
    pending_files: lag.pending_files,
    e2e_p50_ms: lag.e2e_latency_ms.p50,
    e2e_p99_ms: lag.e2e_latency_ms.p99,
  };
  return Object.entries(want).every(([name, value]) => shown[name] === value);
}

async function main() {
  if (!process.env.CHROMIUM) throw new Error('CHROMIUM (the browser executable) is not set');
  const origin = new URL(plan.dashboard).origin;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') report.errors.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => report.errors.push('page error: ' + error.message));
    page.on('requestfailed', (request) => report.errors.push(`request failed: ${request.method()} ${request.url()}: ${request.failure().errorText}`));
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== origin) report.foreignRequests.push(request.url());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) report.errors.push(`${response.request().method()} ${response.url()} answered ${response.status()}`);
    });
    page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) report.reloads++; });

    const answer = await page.goto(plan.dashboard, { waitUntil: 'load' });
    report.contentSecurityPolicy = answer.headers()['content-security-policy'] || null;

    // While the traffic flows: one sample a second, the page never reloaded.
    for (let second = 0; second < plan.sampleSeconds; second++) {
      report.samples.push({ at: Date.now(), metrics: await figures(page) });
      await sleep(1000);
    }

    // The test writes the quiet file once everything it sent is in PostgreSQL or error/.
    while (!fs.existsSync(plan.quietFile)) await sleep(250);
    report.expected = JSON.parse(fs.readFileSync(plan.quietFile, 'utf8'));
    const until = Date.now() + 45_000;
    do {
      report.lag = await getJson(new URL('/lag', plan.dashboard).toString());
      report.final = await figures(page);
      if (agrees(report.final, report.expected, report.lag)) break;
      await sleep(500);
    } while (Date.now() < until);

    report.hostileShown = await page.evaluate((marker) =>
      [...document.querySelectorAll('#quarantine-latest td')].some((cell) => cell.textContent.includes(marker)), plan.hostileMarker);
    report.injected = await page.evaluate(() => window.dashboardInjected === true
      || document.querySelectorAll('#quarantine-latest img, #quarantine-latest script').length > 0);
    await page.screenshot({ path: plan.screenshot, fullPage: true });
  } finally {
    await browser.close();
  }
}

main().then(() => writeReport(reportFile, report), (error) => {
  report.errors.push(String(error && error.stack || error));
  writeReport(reportFile, report);
});
