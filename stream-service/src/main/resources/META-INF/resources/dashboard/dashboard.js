'use strict';
// The stream dashboard: polls /dashboard.json and writes each figure as text (textContent, never HTML:
// quarantined records hold whatever a client sent). Served with a Content-Security-Policy that allows
// this origin only and no inline script, which is why this is a file of its own.
(function () {
  const POLL_MS = 2000;
  const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  let rates = null;
  let latency = null;

  function text(selector, value) {
    document.querySelectorAll(selector).forEach((element) => { element.textContent = value; });
  }

  function metric(name, value) {
    text(`[data-metric="${name}"]`, value === null || value === undefined ? '–' : numbers.format(value));
  }

  function cell(row, value, className) {
    const td = document.createElement('td');
    td.textContent = value;
    if (className) td.className = className;
    row.appendChild(td);
  }

  function fillTable(id, items, cells) {
    const body = document.getElementById(id);
    const rows = items.map((item) => {
      const row = document.createElement('tr');
      cells(item).forEach(([value, className]) => cell(row, value, className));
      return row;
    });
    body.replaceChildren(...rows);
  }

  function badge(name, up, label) {
    document.querySelectorAll(`[data-health="${name}"]`).forEach((element) => {
      element.textContent = label;
      element.className = 'badge ' + (up ? 'up' : 'down');
    });
  }

  function chart(target, title, series) {
    const element = document.getElementById(target);
    const options = {
      width: Math.max(320, element.clientWidth || 560), height: 220,
      scales: { x: { time: true } },
      series: [{}].concat(series.map(([label, stroke]) => ({ label, stroke, width: 2, points: { show: false } }))),
      axes: [{}, { size: 70 }],
    };
    return new uPlot(options, [[]].concat(series.map(() => [])), element);
  }

  function show(view) {
    metric('rows_total', view.rows_total);
    metric('rows_per_second', view.rows_per_second);
    metric('pending_files', view.pending_files);
    metric('pending_bytes', view.pending_bytes);
    metric('oldest_pending_age_ms', view.oldest_pending_age_ms);
    metric('e2e_p50_ms', view.e2e_p50_ms);
    metric('e2e_p99_ms', view.e2e_p99_ms);
    metric('quarantined_total', view.quarantined_total);
    const funnel = view.funnel || {};
    metric('funnel_view', view.funnel ? funnel.view : null);
    metric('funnel_add_to_cart', view.funnel ? funnel.add_to_cart : null);
    metric('funnel_purchase', view.funnel ? funnel.purchase : null);
    text('[data-metric="funnel_cart_rate_pct"]', funnel.cart_rate == null ? '–' : String(funnel.cart_rate));
    text('[data-metric="funnel_purchase_rate_pct"]', funnel.purchase_rate == null ? '–' : String(funnel.purchase_rate));

    fillTable('top-products', view.top_products || [], (product) => [
      [product.product_id], [money.format(product.revenue), 'n'], [numbers.format(product.purchases), 'n']]);
    fillTable('quarantine-reasons', Object.entries(view.quarantined_by_reason || {}), ([reason, count]) => [
      [reason], [numbers.format(count), 'n']]);
    fillTable('quarantine-latest', view.latest_quarantined || [], (record) => [
      [record.reason], [record.source], [record.raw]]);

    const health = view.health || {};
    badge('query', health.query_active && !health.failing_batch,
      health.query_active ? (health.failing_batch ? 'retrying' : 'running') : 'stopped');
    badge('postgres', health.postgres_ok, health.postgres_ok ? 'up' : (health.postgres_error ? 'down' : 'not read yet'));
    text('[data-health="problem"]', health.failing_batch || health.postgres_error || '');
    text('[data-updated]', new Date(view.refreshed_at).toLocaleTimeString('en-GB'));

    const history = view.history;
    if (history && typeof uPlot !== 'undefined') {
      rates = rates || chart('rates', 'rows/s', [['loaded', '#2563eb'], ['ingested', '#16a34a']]);
      latency = latency || chart('latency', 'ms', [['p50', '#9333ea'], ['p99', '#dc2626']]);
      rates.setData([history.t, history.load_rows_per_second, history.ingest_rows_per_second]);
      latency.setData([history.t, history.e2e_p50_ms, history.e2e_p99_ms]);
    }
  }

  async function poll() {
    try {
      const response = await fetch('/dashboard.json', { cache: 'no-store', headers: { Accept: 'application/json' } });
      if (response.ok) {
        show(await response.json());
      } else {
        badge('query', false, 'no answer');
      }
    } catch (error) {
      badge('query', false, 'unreachable');
      badge('postgres', false, 'unknown');
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  poll();
}());
