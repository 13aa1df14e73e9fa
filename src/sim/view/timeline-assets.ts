/** The timeline page's inline style and script (the page loads nothing else). */

export const TIMELINE_CSS = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:16px 24px;color:#1f2937;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 4px;border-top:2px solid #e5e7eb;padding-top:12px}
h3{font-size:14px;margin:14px 0 4px}
.hint,.banner,.description{color:#4b5563;margin:2px 0}.banner{font-family:ui-monospace,monospace;font-size:12px}
.alerts{margin:8px 0;padding:6px 10px;border-radius:6px}.alerts.bad{background:#fef2f2;border:1px solid #fca5a5;color:#991b1b;padding-left:28px}
.alerts.ok{background:#f0fdf4;border:1px solid #86efac;color:#166534}
.legend{font-size:12px;color:#374151}.key{display:inline-block;width:14px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:middle;border:1px solid #6b7280}
.k-checkpoint{background:#bfdbfe}.k-savepoint{background:#e9d5ff;border-color:#7c3aed}.k-aborted{background:#fecaca;border-color:#dc2626}
.k-snapshot{background:#dbeafe;border-color:#2563eb}.k-backwards{background:#fecaca;border:2px solid #dc2626}.k-gone{background:#f3f4f6;border-style:dashed}
.k-restore{background:#7c3aed}.k-rollback{background:#ea580c}.k-exception{background:#dc2626}
.scroll{overflow-x:auto;border:1px solid #e5e7eb;border-radius:6px}
svg.timeline{display:block;font-size:11px}
svg .lane rect.even{fill:#fff}svg .lane rect.odd{fill:#f9fafb}svg .lane-label{fill:#374151;font-weight:600}svg .lane-note{fill:#6b7280;font-size:9px;text-anchor:start}
.contents{font-size:13px}.contents .bad{color:#dc2626;font-weight:600}.contents .ok{color:#16a34a}
svg .tick{stroke:#e5e7eb}svg .tick-label{fill:#6b7280;font-size:9px}
svg text{text-anchor:middle;pointer-events:none}svg .lane-label,svg .tick-label,svg .span text{text-anchor:start}
svg .mark{cursor:pointer}svg .mark circle,svg .mark rect,svg .mark path{stroke-width:1.5}
svg .mark.step circle{fill:#f3f4f6;stroke:#6b7280}svg .mark.rollback path{fill:#ffedd5;stroke:#ea580c;stroke-width:2.5}
svg .mark.publish rect{fill:#d1fae5;stroke:#059669}
svg .mark.job circle{fill:#e5e7eb;stroke:#374151}svg .mark.restore circle{fill:#ede9fe;stroke:#7c3aed;stroke-width:2.5}
svg .mark.exception circle{fill:#fee2e2;stroke:#dc2626}svg .mark.fault circle{fill:#ffedd5;stroke:#ea580c}
svg .mark.failover circle{fill:#e0f2fe;stroke:#0284c7}svg .mark.restart circle{fill:#dcfce7;stroke:#16a34a}
svg .mark.snapshot rect{fill:#dbeafe;stroke:#2563eb}svg .mark.snapshot-backwards rect{fill:#fecaca;stroke:#dc2626;stroke-width:3}
svg .mark.snapshot-backwards text.sub{fill:#dc2626;font-weight:700}svg .mark .sub{font-size:9px;fill:#374151}
svg .mark.gone{opacity:.5}svg .mark.gone rect{stroke-dasharray:3 2}
svg .mark.snapshot-delete rect{fill:#f3f4f6;stroke:#9ca3af}svg .mark.snapshot-delete text{fill:#6b7280}
svg .mark.tag rect{fill:#fef3c7;stroke:#d97706}svg .mark.tag-delete rect{fill:#f3f4f6;stroke:#d97706;stroke-dasharray:3 2}
svg .span{cursor:pointer}svg .span text{font-size:9px}svg .span.checkpoint rect{fill:#bfdbfe;stroke:#3b82f6}
svg .span.savepoint rect{fill:#e9d5ff;stroke:#7c3aed;stroke-width:2}svg .span.aborted rect{fill:#fecaca;stroke:#dc2626}
svg .span.pending rect{fill:#f3f4f6;stroke:#9ca3af;stroke-dasharray:3 2}
svg .rule line{stroke-width:2;stroke-dasharray:6 3}svg .rule text{font-weight:600;font-size:11px}
svg .rule.restore line{stroke:#7c3aed}svg .rule.restore text{fill:#6d28d9}
svg .rule.rollback line{stroke:#ea580c}svg .rule.rollback text{fill:#c2410c}
svg .active circle,svg .active rect,svg .active path{stroke:#111827!important;stroke-width:3!important}
.detail{background:#f9fafb;border:1px solid #e5e7eb;border-radius:6px;padding:6px 10px;margin:6px 0;min-height:3em;font-size:12px;white-space:pre-wrap}
.events{display:flex;flex-wrap:wrap;gap:3px}
.event{display:inline-block;min-width:22px;padding:2px 3px;text-align:center;font-size:11px;border-radius:3px;border:1px solid #d1d5db;cursor:default}
.event.once{background:#dcfce7;border-color:#86efac}.event.dup{background:#fecaca;border:2px solid #dc2626;font-weight:700}
.event.missing{background:#fff;border:2px dashed #dc2626}.event.superseded{background:#f3f4f6;color:#9ca3af}
table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #e5e7eb;padding:2px 8px;text-align:left}
th{background:#f3f4f6}tr.backwards td{background:#fee2e2;color:#991b1b;font-weight:600}tr.broken td{background:#fee2e2}
.verdicts{padding-left:18px;font-size:13px}.verdict.fail>b{color:#dc2626}.verdict.pass>b{color:#16a34a}.verdict.skip{color:#6b7280}
.verdict ul{font-family:ui-monospace,monospace;font-size:11px;color:#4b5563}
`;

/** Hovering or focusing anything with details shows them in its section's detail box. */
export const TIMELINE_SCRIPT = `
(function () {
  function show(el) {
    var box = el.closest('section').querySelector('.detail');
    var active = document.querySelectorAll('.active');
    for (var i = 0; i < active.length; i++) active[i].classList.remove('active');
    el.classList.add('active');
    box.textContent = el.getAttribute('data-detail');
  }
  var all = document.querySelectorAll('[data-detail]');
  for (var i = 0; i < all.length; i++) {
    (function (el) {
      el.addEventListener('mouseenter', function () { show(el); });
      el.addEventListener('focus', function () { show(el); });
    })(all[i]);
  }
})();
`;
