'use strict';
// Sends the plan through @segment/analytics-node (Segment's own server-side SDK): Basic auth with the write
// key, POST /v1/batch, plain JSON. E-commerce Spec v2 names: "Product Viewed", "Product Added", "Order Completed".
const { Analytics } = require('@segment/analytics-node');
const { readPlan, writeReport, timestampOf, deadline } = require('./plan');

const { plan, reportFile } = readPlan();
const report = { sdk: '@segment/analytics-node', sent: 0, acknowledged: 0, errors: [], statuses: {} };
deadline(reportFile, report, 60_000);

const analytics = new Analytics({ writeKey: plan.writeKey, host: plan.collector, flushAt: 15, flushInterval: 200, maxRetries: 3 });
analytics.on('error', (error) => report.errors.push(`${error.code}: ${error.reason && error.reason.message || error.message || error}`));
analytics.on('http_response', (response) => {
  report.statuses[response.status] = (report.statuses[response.status] || 0) + 1;
});

const identity = (call) => (call.anonymous ? { anonymousId: call.user } : { userId: call.user });

for (const call of plan.calls) {
  const common = { ...identity(call), timestamp: timestampOf(call) };
  const acknowledged = (error) => (error ? report.errors.push(`${call.call} ${call.user}: ${error}`) : report.acknowledged++);
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

analytics.closeAndFlush({ timeout: 30_000 }).then(
  () => writeReport(reportFile, report),
  (error) => { report.errors.push('closeAndFlush: ' + error); writeReport(reportFile, report); });
