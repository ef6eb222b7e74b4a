'use strict';
// The plan's calls as Segment-protocol SDKs make them (analytics-node and rudder-sdk-node share the API),
// with the E-commerce Spec v2 names: "Product Viewed", "Product Added", "Order Completed".
const crypto = require('crypto');
const { timestampOf } = require('./plan');

/**
 * Hands every call to the SDK; done(call, error, messageId) runs once the SDK knows the call's fate. An SDK
 * that does not tell the caller the messageId it made (RudderStack clones the message first) is given one
 * of the same kind (ownMessageIds: a UUID, as RudderStack makes them).
 */
function sendCalls(analytics, calls, done, { ownMessageIds = false } = {}) {
  for (const call of calls) {
    const messageId = ownMessageIds ? crypto.randomUUID() : undefined;
    const common = {
      ...(call.anonymous ? { anonymousId: call.user } : { userId: call.user }),
      timestamp: timestampOf(call),
      ...(messageId ? { messageId } : {}),
    };
    const callback = (error, context) => done(call, error, messageId || (context && context.event && context.event.messageId));
    switch (call.call) {
      case 'view':
        analytics.track({ ...common, event: 'Product Viewed', properties: { product_id: call.product, price: call.price, currency: 'EUR' } }, callback);
        break;
      case 'add_to_cart':
        analytics.track({ ...common, event: 'Product Added', properties: { product_id: call.product, price: call.price, quantity: call.quantity, currency: 'EUR' } }, callback);
        break;
      case 'order':
        analytics.track({ ...common, event: 'Order Completed', properties: {
          order_id: call.order, currency: 'EUR',
          products: call.items.map((item) => ({ product_id: item.product, price: item.price, quantity: item.quantity })),
        } }, callback);
        break;
      case 'page':
        analytics.page({ ...common, name: call.marker, properties: { url: `https://shop.example/${call.marker}` } }, callback);
        break;
      case 'identify':
        analytics.identify({ ...common, traits: { nickname: call.marker } }, callback);
        break;
      case 'other':
        analytics.track({ ...common, event: 'Coupon Entered', properties: { coupon_id: call.marker } }, callback);
        break;
      default:
        throw new Error('unknown call ' + call.call);
    }
  }
}

module.exports = { sendCalls };
