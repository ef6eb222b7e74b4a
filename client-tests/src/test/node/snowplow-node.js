'use strict';
// Sends the plan through @snowplow/node-tracker: POST /com.snowplowanalytics.snowplow/tp2 with payload_data,
// self-describing events and contexts base64url-encoded (ue_px, cx: the node tracker's default).
// E-commerce calls are the snowplow_ecommerce_action event with product entities in the context, as the
// browser's e-commerce plugin builds them; a transaction also carries a transaction entity, which is no product.
const { newTracker, buildSelfDescribingEvent, buildPageView, buildStructEvent } = require('@snowplow/node-tracker');
const { readPlan, writeReport, deadline, collectorFor } = require('./plan');

const ACTION = 'iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2';
const PRODUCT = 'iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0';
const TRANSACTION = 'iglu:com.snowplowanalytics.snowplow.ecommerce/transaction/jsonschema/1-0-0';
const OTHER = 'iglu:com.example.shop/coupon_entered/jsonschema/1-0-0';
// The node tracker keeps events whose request failed and sends them again at its next flush (no timer of its own).
const FLUSHES = 5;

const { plan, reportFile } = readPlan();
const report = { sdk: '@snowplow/node-tracker', sent: 0, acknowledged: 0, errors: [], retried: 0, messageIds: [] };
deadline(reportFile, report, 60_000);

const product = (id, price, quantity) => ({ schema: PRODUCT, data: { id, price, currency: 'EUR', category: 'shoes', ...(quantity ? { quantity } : {}) } });
const action = (type) => buildSelfDescribingEvent({ event: { schema: ACTION, data: { type } } });
// A true timestamp (ttm) when the plan gives one; otherwise the tracker's device timestamp (dtm).
const timestampOf = (call) => (call.timestamp ? { type: 'ttm', value: Date.parse(call.timestamp) } : undefined);
const pause = (millis) => new Promise((resolve) => setTimeout(resolve, millis));

/** Tracks the call; returns the event's eid. */
function track(tracker, call) {
  // The tracker holds one user at a time; an anonymous visitor is known by its domain user id only.
  tracker.setUserId(call.anonymous ? '' : call.user);
  tracker.setDomainUserId(call.anonymous ? call.user : '');
  const when = timestampOf(call);
  switch (call.call) {
    case 'view':
      return tracker.track(action('product_view'), [product(call.product, call.price)], when).eid;
    case 'add_to_cart':
      return tracker.track(action('add_to_cart'), [product(call.product, call.price, call.quantity)], when).eid;
    case 'order': {
      const revenue = call.items.reduce((sum, item) => sum + item.price * (item.quantity || 1), 0);
      return tracker.track(action('transaction'), [
        ...call.items.map((item) => product(item.product, item.price, item.quantity)),
        { schema: TRANSACTION, data: { transaction_id: call.order, revenue: Math.round(revenue * 100) / 100, currency: 'EUR', payment_method: 'card' } },
      ], when).eid;
    }
    case 'page':
      return tracker.track(buildPageView({ pageUrl: `https://shop.example/${call.marker}`, pageTitle: call.marker }), undefined, when).eid;
    case 'identify':
      // Snowplow has no identify call; a structured event is its other common non-e-commerce event.
      return tracker.track(buildStructEvent({ category: 'account', action: 'login', label: call.marker }), undefined, when).eid;
    case 'other':
      return tracker.track(buildSelfDescribingEvent({ event: { schema: OTHER, data: { coupon_id: call.marker } } }), undefined, when).eid;
    default:
      throw new Error('unknown call ' + call.call);
  }
}

async function main() {
  const collector = await collectorFor(plan, report);
  const tracker = newTracker({ namespace: 'client-tests', appId: 'shop' }, {
    endpoint: collector.url,
    bufferSize: 5,
    onRequestSuccess: (events) => { report.acknowledged += events.length; },
    onRequestFailure: (failure) => {
      if (failure.willRetry) report.retried += failure.events.length;
      else report.errors.push(`${failure.events.length} events refused for good: status ${failure.status} ${failure.message || ''}`);
    },
  });
  report.messageIds = plan.calls.map((call) => track(tracker, call));
  report.sent = plan.calls.length;
  // The emitter calls onRequestSuccess / onRequestFailure from a timer after each request: let them run.
  for (let flush = 0; flush < FLUSHES && report.acknowledged < report.sent; flush++) {
    await tracker.flush();
    await pause(100 + flush * 400);
  }
  collector.close();
}

main().then(() => writeReport(reportFile, report), (error) => {
  report.errors.push(String(error && error.stack || error));
  writeReport(reportFile, report);
});
