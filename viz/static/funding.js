/* kg funding page: bars by funder / recipient / programme and a funder → recipient Sankey, drawn as SVG
   from data; every bar, band and node opens its evidence. Document strings reach the DOM by textContent. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('kg-data').textContent);
  var SVG = 'http://www.w3.org/2000/svg';
  var PALETTE = ['#1c4fa0', '#2f9e44', '#ae3ec9', '#e8590c', '#0c8599', '#f59f00', '#e64980', '#5c940d',
    '#7950f2', '#1098ad', '#d9480f', '#4263eb'];
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function keyText(k) { return Array.isArray(k) ? k.join(' → ') : String(k); }

  $('kg-title').textContent = data.title;
  $('kg-desc').textContent = data.description;
  var c = data.counts, counts = $('kg-counts');
  counts.appendChild(el('b', null, c.relations));
  counts.appendChild(document.createTextNode(' 条资金关系 FUNDS · 合计 total '));
  counts.appendChild(el('b', null, data.total || '—'));
  if (data.notice) { var nt = $('kg-notice'); nt.textContent = data.notice; nt.hidden = false; }

  // ---- evidence panel ----
  var panel = $('kg-panel'), body = $('kg-panel-body');
  $('kg-panel-close').addEventListener('click', function () { panel.hidden = true; });
  function show(kind, item) {
    while (body.firstChild) { body.removeChild(body.firstChild); }
    body.appendChild(el('div', 'meta', kind));
    body.appendChild(el('h2', null, keyText(item.key)));
    body.appendChild(el('div', 'attrs', '金额 ' + item.amount + ' · ' + item.n + ' 条关系 relations'));
    body.appendChild(el('h3', null, '证据 Evidence (' + item.evidence.length + ')'));
    item.evidence.forEach(function (ev) {
      body.appendChild(el('div', 'pair', ev.pair));
      body.appendChild(el('blockquote', 'evidence', ev.text));
      var src = [ev.doc]; if (ev.date) { src.push(ev.date); } if (ev.amount) { src.push(ev.amount); }
      body.appendChild(el('div', 'src', src.join(' · ')));
    });
    var box = el('div', 'correction'), line = window.kgCorrect.rejectLine(item.relations);
    var b = el('button', 'copy', '复制更正：删除这些关系 copy a correction: reject these relations');
    b.type = 'button';
    b.addEventListener('click', function () { window.kgCorrect.copy(line); });
    box.appendChild(b); box.appendChild(el('code', 'yaml', line));
    body.appendChild(box);
    panel.hidden = false; panel.scrollTop = 0;
    window.kgShown = keyText(item.key);
  }

  // ---- bars ----
  function bars(host, title, items, kind, colorOf) {
    var card = el('section', 'card');
    card.appendChild(el('h2', null, title));
    var shown = items.slice(0, data.top), max = shown.length ? shown[0].yuan || 1 : 1;
    if (!shown.length) { card.appendChild(el('div', 'none', '无 none')); }
    shown.forEach(function (it, i) {
      var row = el('button', 'bar'); row.type = 'button';
      row.setAttribute('data-key', keyText(it.key));
      var label = el('span', 'bl', keyText(it.key)); label.title = keyText(it.key);
      var track = el('span', 'bt'), fill = el('span', 'bf');
      fill.style.width = Math.max(it.yuan / max * 100, it.yuan ? 1.5 : 0.6) + '%';
      fill.style.background = colorOf ? colorOf(it, i) : '#1c4fa0';
      track.appendChild(fill);
      row.appendChild(label); row.appendChild(track); row.appendChild(el('span', 'ba', it.amount));
      row.addEventListener('click', function () { show(kind, it); });
      card.appendChild(row);
    });
    if (items.length > shown.length) {
      card.appendChild(el('div', 'hint', '另有 ' + (items.length - shown.length) + ' 项 more not shown'));
    }
    host.appendChild(card);
  }
  var funderColor = {};
  data.funders.forEach(function (f, i) { funderColor[f.key] = PALETTE[i % PALETTE.length]; });
  var charts = $('kg-charts');
  bars(charts, '按出资方 By funder', data.funders, '出资方 funder', function (it) { return funderColor[it.key]; });
  bars(charts, '按受援方 By recipient', data.recipients, '受援方 recipient', function () { return '#e8590c'; });
  bars(charts, '按项目 By programme', data.programmes, '项目 programme', function () { return '#ae3ec9'; });

  // ---- Sankey: funders left, recipients right, a band per pair (width by amount; unknown amounts thin) ----
  function sankey(host) {
    var card = el('section', 'card sankey');
    card.appendChild(el('h2', null, '资金流向 Funder → recipient'));
    host.appendChild(card);
    var pairs = data.pairs.filter(function (p) {
      return data.funders.slice(0, data.top).some(function (f) { return f.key === p.key[0]; }) &&
        data.recipients.slice(0, data.top).some(function (r) { return r.key === p.key[1]; });
    });
    bands = pairs.length;  // the pairs of the top funders and recipients: the ones drawn
    if (!pairs.length) { card.appendChild(el('div', 'none', '无 none')); return; }
    var left = {}, right = {}, lo = [], ro = [], MIN = 0.02;
    var maxYuan = Math.max.apply(null, pairs.map(function (p) { return p.yuan; })) || 1;
    function weight(p) { return Math.max(p.yuan / maxYuan, MIN); }
    pairs.forEach(function (p) {
      if (!(p.key[0] in left)) { left[p.key[0]] = 0; lo.push(p.key[0]); }
      if (!(p.key[1] in right)) { right[p.key[1]] = 0; ro.push(p.key[1]); }
      left[p.key[0]] += weight(p); right[p.key[1]] += weight(p);
    });
    lo.sort(function (a, b) { return left[b] - left[a]; }); ro.sort(function (a, b) { return right[b] - right[a]; });
    var W = 720, GAP = 8, n = Math.max(lo.length, ro.length), H = Math.max(240, n * 26);
    var totalL = lo.reduce(function (s, k) { return s + left[k]; }, 0), totalR = ro.reduce(function (s, k) { return s + right[k]; }, 0);
    var scale = Math.min((H - GAP * (lo.length - 1)) / totalL, (H - GAP * (ro.length - 1)) / totalR);
    var s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img' });
    var X0 = 190, X1 = W - 190, NW = 10, posL = {}, posR = {}, y = 0;
    lo.forEach(function (k) { posL[k] = { y: y, h: left[k] * scale, used: 0 }; y += left[k] * scale + GAP; });
    y = 0;
    ro.forEach(function (k) { posR[k] = { y: y, h: right[k] * scale, used: 0 }; y += right[k] * scale + GAP; });
    pairs.slice().sort(function (a, b) { return lo.indexOf(a.key[0]) - lo.indexOf(b.key[0]) || ro.indexOf(a.key[1]) - ro.indexOf(b.key[1]); })
      .forEach(function (p) {
        var t = weight(p) * scale, a = posL[p.key[0]], b = posR[p.key[1]];
        var y0 = a.y + a.used + t / 2, y1 = b.y + b.used + t / 2, mx = (X0 + NW + X1) / 2;
        a.used += t; b.used += t;
        var path = svg('path', { d: 'M' + (X0 + NW) + ',' + y0 + ' C' + mx + ',' + y0 + ' ' + mx + ',' + y1 + ' ' + X1 + ',' + y1,
          fill: 'none', stroke: funderColor[p.key[0]] || '#868e96', 'stroke-width': Math.max(t, 1.5), 'class': 'band' });
        path.setAttribute('data-key', keyText(p.key));
        var tip = svg('title'); tip.textContent = keyText(p.key) + ' · ' + p.amount; path.appendChild(tip);
        path.addEventListener('click', function () { show('资金流向 flow', p); });
        s.appendChild(path);
      });
    function nodes(order, pos, x, anchor, groups, kind) {
      order.forEach(function (k) {
        var g = svg('g', { 'class': 'node' }), p = pos[k];
        var r = svg('rect', { x: x, y: p.y, width: NW, height: Math.max(p.h, 2), fill: anchor === 'end' ? (funderColor[k] || '#1c4fa0') : '#e8590c' });
        var t = svg('text', { x: anchor === 'end' ? x - 6 : x + NW + 6, y: p.y + Math.max(p.h, 2) / 2, 'text-anchor': anchor, 'dominant-baseline': 'middle' });
        var item = groups.filter(function (it) { return it.key === k; })[0];
        t.textContent = k + (item ? ' ' + item.amount : '');
        g.appendChild(r); g.appendChild(t);
        g.addEventListener('click', function () { if (item) { show(kind, item); } });
        s.appendChild(g);
      });
    }
    nodes(lo, posL, X0, 'end', data.funders, '出资方 funder');
    nodes(ro, posR, X1, 'start', data.recipients, '受援方 recipient');
    card.appendChild(s);
    card.appendChild(el('div', 'hint', '带宽按金额；金额未知的关系画成细带。点击查看证据。 Band width by amount (unknown amounts thin); click for evidence.'));
  }
  var bands = 0;
  sankey($('kg-sankey'));

  window.kgFunding = { funders: data.funders.length, recipients: data.recipients.length, pairs: data.pairs.length,
    bands: bands, top: data.top, programmes: data.programmes.length };
  requestAnimationFrame(function () {
    window.kgReady = true; window.kgReadyAt = performance.now();
    document.body.setAttribute('data-ready', '1');
  });
})();
