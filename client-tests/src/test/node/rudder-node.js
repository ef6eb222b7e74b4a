'use strict';
// Sends the plan through @rudderstack/rudder-sdk-node: Basic auth with the write key, POST /v1/batch, a gzipped
// JSON body labelled application/x-www-form-urlencoded, originalTimestamp on every message. Same calls as Segment.
const Analytics = require('@rudderstack/rudder-sdk-node');
const { readPlan, writeReport, timestampOf, deadline } = require('./plan');

const { plan, reportFile } = readPlan();
const report = { sdk: '@rudderstack/rudder-sdk-node', sent: 0, acknowledged: 0, errors: [] };
deadline(reportFile, report, 60_000);

const analytics = new Analytics(plan.writeKey, {
  dataPlaneUrl: plan.collector, flushAt: 15, flushInterval: 200, retryCount: 3, logLevel: 'error',
  errorHandler: (error) => report.errors.push('errorHandler: ' + (error.response ? error.response.status : error.code || error)),
});

const identity = (call) => (call.anonymous ? { anonymousId: call.user } : { userId: call.user });
const pending = [];

for (const call of plan.calls) {
  const common = { ...identity(call), timestamp: timestampOf(call) };
  let acknowledged;
  pending.push(new Promise((resolve) => {
    acknowledged = (error) => {
      if (error) report.errors.push(`${call.call} ${call.user}: ${error}`); else report.acknowledged++;
      resolve();
    };
  }));
  switch (call.call) {
    case 'view':
      analytics.track({ ...common, event: 'Product Viewed', properties: { product_id: call.product, price: call.price, currency: 'EUR' } }, acknowledged);
      break;
    case 'add_to_cart':
      analytics.track({ ...common, event: 'Product Added', properties: { product_id: call.product, price: call.price, quantity: call.quantity, currency: 'EUR' } }, acknowledged);
      break;
    case 'order':
      analytics.track({ ...common, event: 'Order Completed', properties: {
        order_id: call.order, currency: 'EUR',
        products: call.items.map((item) => ({ product_id: item.product, price: item.price, quantity: item.quantity })),
      } }, acknowledged);
      break;
    case 'page':
      analytics.page({ ...common, name: call.marker, properties: { url: `https://shop.example/${call.marker}` } }, acknowledged);
      break;
    case 'identify':
      analytics.identify({ ...common, traits: { nickname: call.marker } }, acknowledged);
      break;
    case 'other':
      analytics.track({ ...common, event: 'Coupon Entered', properties: { coupon_id: call.marker } }, acknowledged);
      break;
    default:
      throw new Error('unknown call ' + call.call);
  }
  report.sent++;
}

analytics.flush().catch((error) => report.errors.push('flush: ' + error));
Promise.all(pending).then(() => writeReport(reportFile, report));
