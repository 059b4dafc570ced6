/* kg viz page script. All strings from documents reach the DOM through textContent only. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('kg-data').textContent);
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  var REL = {}, TYPE = {};
  data.legend.relations.forEach(function (r) { REL[r.type] = r; });
  data.legend.types.forEach(function (t) { TYPE[t.type] = t; });

  $('kg-title').textContent = data.title;
  $('kg-desc').textContent = data.description;
  $('kg-desc').title = data.description;
  var counts = $('kg-counts');
  counts.appendChild(el('b', null, data.counts.nodes));
  counts.appendChild(document.createTextNode(' 个实体 nodes · '));
  counts.appendChild(el('b', null, data.counts.edges));
  counts.appendChild(document.createTextNode(' 条关系 edges'));
  if (data.notice) { var nt = $('kg-notice'); nt.textContent = data.notice; nt.hidden = false; }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var adj = {};
  data.edges.forEach(function (e) {
    (adj[e.from] = adj[e.from] || []).push(e.id);
    if (e.to !== e.from) { (adj[e.to] = adj[e.to] || []).push(e.id); }
  });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  var network = new vis.Network($('kg-network'), { nodes: nodes, edges: edges }, data.options);
  window.kgNetwork = network; window.kgNodes = nodes; window.kgEdges = edges; window.kgData = data;

  function ready() {
    if (window.kgReady) { return; }
    window.kgReady = true;
    window.kgReadyAt = performance.now();
    document.body.setAttribute('data-ready', '1');
  }
  if (data.options.physics.enabled && data.nodes.length) {
    network.once('stabilizationIterationsDone', function () {
      network.setOptions({ physics: false });  // freeze: nothing moves after the layout settled
      network.fit();
      network.once('afterDrawing', ready);
      network.redraw();
    });
  } else {
    network.once('afterDrawing', ready);
    if (!data.nodes.length) { ready(); }
  }

  // graticule for the geographic layout: degrees of longitude / latitude behind the graph
  if (data.geo) {
    var geo = data.geo;
    network.on('beforeDrawing', function (ctx) {
      var xs = [], ys = [];
      var pos = network.getPositions();
      Object.keys(pos).forEach(function (k) { xs.push(pos[k].x); ys.push(pos[k].y); });
      if (!xs.length) { return; }
      var sx = geo.scale * geo.coslat, sy = geo.scale;
      var lonMin = Math.floor(Math.min.apply(null, xs) / sx + geo.lon0) - 1, lonMax = Math.ceil(Math.max.apply(null, xs) / sx + geo.lon0) + 1;
      var latMin = Math.floor(geo.lat0 - Math.max.apply(null, ys) / sy) - 1, latMax = Math.ceil(geo.lat0 - Math.min.apply(null, ys) / sy) + 1;
      ctx.save();
      ctx.strokeStyle = 'rgba(28,79,160,0.12)'; ctx.fillStyle = 'rgba(28,79,160,0.45)';
      ctx.lineWidth = 1; ctx.font = '12px sans-serif';
      var lon, lat;
      for (lon = lonMin; lon <= lonMax; lon++) {
        var x = (lon - geo.lon0) * sx;
        ctx.beginPath(); ctx.moveTo(x, (geo.lat0 - latMax) * sy); ctx.lineTo(x, (geo.lat0 - latMin) * sy); ctx.stroke();
        ctx.fillText(lon + '°E', x + 3, (geo.lat0 - latMin) * sy - 4);
      }
      for (lat = latMin; lat <= latMax; lat++) {
        var y = (geo.lat0 - lat) * sy;
        ctx.beginPath(); ctx.moveTo((lonMin - geo.lon0) * sx, y); ctx.lineTo((lonMax - geo.lon0) * sx, y); ctx.stroke();
        ctx.fillText(lat + '°N', (lonMin - geo.lon0) * sx + 3, y - 3);
      }
      ctx.restore();
    });
  }

  // ---- legend with toggles ----
  var hiddenTypes = {}, hiddenRels = {}, showIsolated = false;
  data.legend.relations.forEach(function (r) { if (r.off) { hiddenRels[r.type] = true; } });
  function applyFilters() {
    var nu = [], eu = [];
    data.nodes.forEach(function (n) {
      nu.push({ id: n.id, hidden: !!hiddenTypes[n.kgType] || (!!n.kgIsolated && !showIsolated) });
    });
    data.edges.forEach(function (e) { eu.push({ id: e.id, hidden: !!hiddenRels[data.einfo[e.id].type] }); });
    nodes.update(nu); edges.update(eu);
  }
  function toggle(label, swatch, onChange, off) {
    var l = el('label'), cb = el('input');
    cb.type = 'checkbox'; cb.checked = !off;
    cb.addEventListener('change', function () { onChange(!cb.checked); applyFilters(); });
    l.appendChild(cb); if (swatch) { l.appendChild(swatch); } l.appendChild(el('span', null, label));
    return l;
  }
  var legend = $('kg-legend');
  if (data.legend.types.length) {
    legend.appendChild(el('h2', null, '实体 Entities'));
    data.legend.types.forEach(function (t) {
      var sw = el('span', 'sw ' + t.shape);
      sw.style.background = data.color === 'community' ? '#adb5bd' : t.color;
      legend.appendChild(toggle(t.label + ' ' + t.type, sw, function (h) { hiddenTypes[t.type] = h; }));
      if (t.type === 'Region' && data.color !== 'community') {
        data.legend.levels.forEach(function (lv) {
          var row = el('div', 'row'), s = el('span', 'sw hexagon');
          s.style.background = lv.color;
          row.appendChild(s); row.appendChild(el('span', null, lv.label + ' ' + lv.level));
          legend.appendChild(row);
        });
      }
    });
  }
  if (data.legend.relations.length) {
    legend.appendChild(el('h2', null, '关系 Relations'));
    data.legend.relations.forEach(function (r) {
      var ln = el('span', 'ln' + (r.dashed ? ' dashed' : ''));
      ln.style.borderTopColor = r.color;
      legend.appendChild(toggle(r.label + ' ' + r.type, ln, function (h) { hiddenRels[r.type] = h; }, r.off));
    });
  }
  if (data.legend.isolated) {
    legend.appendChild(el('h2', null, '显示 Show'));
    var iso = toggle('孤立实体 isolated (' + data.legend.isolated + ')', null, function (h) {
      showIsolated = !h;
      setTimeout(function () { network.fit({ animation: false }); }, 0);
    }, true);
    iso.id = 'kg-toggle-isolated';
    legend.appendChild(iso);
    legend.appendChild(el('div', 'hint', '没有帮扶、资金、实施或任职关系的实体。 Entities with no extracted relation.'));
  }
  if (data.color === 'community' && data.legend.communities.length) {
    legend.appendChild(el('h2', null, '社区 Communities'));
    data.legend.communities.forEach(function (c) {
      var row = el('div', 'row'), s = el('span', 'sw dot');
      s.style.background = c.color; row.style.paddingLeft = '0';
      row.appendChild(s); row.appendChild(el('span', null, c.label));
      legend.appendChild(row);
    });
  }
  legend.appendChild(el('div', 'hint', '悬停查看摘要，点击实体或关系查看证据句。资金线宽按金额对数。 Hover for a summary; click a node or edge for its evidence. FUNDS width ~ log(amount).'));

  // ---- copy a correction: the YAML line of a curation file (kg build --curation FILE) ----
  var rejectLine = window.kgCorrect.rejectLine, copy = window.kgCorrect.copy;
  function copyButton(label, make) {
    var b = el('button', 'copy', label); b.type = 'button';
    b.addEventListener('click', function () { copy(make()); });
    return b;
  }
  function correction(label, make) {
    var box = el('div', 'correction');
    box.appendChild(copyButton(label, make));
    var code = el('code', 'yaml', make()); box.appendChild(code);
    return box;
  }
  function mergeControl(name) {
    var box = el('div', 'correction'), input = el('input');
    input.type = 'text'; input.setAttribute('list', 'kg-names'); input.className = 'merge-into';
    input.placeholder = '并入的实体 merge into…';
    var code = el('code', 'yaml');
    function make() {
      var into = input.value.trim() || '保留的名称 KEPT NAME';
      return window.kgCorrect.mergeLine(into, name);
    }
    code.textContent = make();
    input.addEventListener('input', function () { code.textContent = make(); });
    box.appendChild(el('div', 'label', '复制更正：合并此实体 copy a correction: merge this entity'));
    box.appendChild(input); box.appendChild(copyButton('复制 copy', make)); box.appendChild(code);
    return box;
  }

  // ---- side panel ----
  var panel = $('kg-panel'), body = $('kg-panel-body');
  $('kg-panel-close').addEventListener('click', function () { panel.hidden = true; network.unselectAll(); });
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
  function nodeLink(id) {
    var b = el('button', null, data.info[id] ? data.info[id].name : id);
    b.type = 'button';
    b.addEventListener('click', function () { focusNode(id); });
    return b;
  }
  function relationBox(eid, fromId) {
    var e = edgeById[eid], inf = data.einfo[eid], r = REL[inf.type] || { label: inf.type, color: '#868e96' };
    var box = el('div', 'rel');
    box.style.borderLeftColor = r.color;
    var head = el('div', 'rel-head');
    var kind = el('span', 'kind', r.label + ' ' + inf.type);
    kind.style.background = r.color;
    head.appendChild(kind);
    if (fromId === undefined) {
      head.appendChild(nodeLink(e.from)); head.appendChild(document.createTextNode(' → ')); head.appendChild(nodeLink(e.to));
    } else if (e.from === fromId) {
      head.appendChild(document.createTextNode('→ ')); head.appendChild(nodeLink(e.to));
    } else {
      head.appendChild(document.createTextNode('← ')); head.appendChild(nodeLink(e.from));
    }
    box.appendChild(head);
    var attrs = [];
    if (inf.amount) { attrs.push('金额 ' + inf.amount); }
    if (inf.program) { attrs.push('项目 ' + inf.program); }
    if (inf.title) { attrs.push('职务 ' + inf.title); }
    if (inf.purpose) { attrs.push('用途 ' + inf.purpose); }
    if (attrs.length) { box.appendChild(el('div', 'attrs', attrs.join(' · '))); }
    if (!inf.evidence.length) {
      box.appendChild(el('div', 'src', '由行政区划/机构名称推导，无证据句 (derived, no evidence sentence)'));
    }
    inf.evidence.forEach(function (ev) {
      if (ev.pair) { box.appendChild(el('div', 'pair', ev.pair)); }
      box.appendChild(el('blockquote', 'evidence', ev.text));
      var src = [ev.doc]; if (ev.date) { src.push(ev.date); } if (ev.amount) { src.push(ev.amount); }
      var line = el('div', 'src', src.join(' · '));
      if (fromId === undefined && inf.relations && ev.doc && inf.evidence.length > 1) {
        line.appendChild(copyButton('仅此文档 this doc', function () { return rejectLine(inf.relations, ev.doc); }));
      }
      box.appendChild(line);
    });
    if (fromId === undefined && inf.relations && inf.evidence.length) {
      box.appendChild(correction('复制更正：删除此关系 copy a correction: reject this relation',
        function () { return rejectLine(inf.relations); }));
    }
    return box;
  }
  function showNode(id) {
    var inf = data.info[id]; if (!inf) { return; }
    clear(body);
    body.appendChild(el('h2', null, inf.name));
    var meta = (TYPE[inf.type] ? TYPE[inf.type].label + ' ' : '') + inf.type;
    if (inf.level) { meta += ' · ' + inf.level; }
    if (inf.adcode) { meta += ' · ' + inf.adcode; }
    meta += ' · 提及 ' + inf.mentions + ' 次 / ' + inf.docs + ' 篇';
    body.appendChild(el('div', 'meta', meta));
    if (inf.aliases.length) { body.appendChild(el('div', 'attrs', '别名: ' + inf.aliases.join('、'))); }
    if (inf.members && inf.members.length) {
      body.appendChild(el('div', 'attrs', '此处的机构/下级: ' + inf.members.join('、')));
    }
    body.appendChild(mergeControl(inf.name));
    var rels = (adj[id] || []).slice().sort(function (a, b) {
      var ea = data.einfo[a].evidence.length, eb = data.einfo[b].evidence.length; return eb - ea;
    });
    body.appendChild(el('h3', null, '关系与证据 Relations (' + rels.length + ')'));
    if (!rels.length) { body.appendChild(el('div', 'none', '没有关系 (no relations in this view)')); }
    rels.forEach(function (eid) { body.appendChild(relationBox(eid, id)); });
    panel.hidden = false; panel.scrollTop = 0;
    panel.setAttribute('data-node', id);
  }
  function showEdge(eid) {
    clear(body);
    body.appendChild(el('h2', null, '关系 Relation'));
    body.appendChild(relationBox(eid));
    panel.hidden = false;
    panel.removeAttribute('data-node');
  }
  network.on('animationFinished', function () { window.kgAnimating = false; });
  function focusNode(id) {
    network.selectNodes([id]);
    window.kgAnimating = true;
    showNode(id);
    network.setSize('100%', '100%');  // the panel narrowed the canvas: centre on what is left
    network.focus(id, { scale: Math.max(network.getScale(), data.map ? 0.9 : 1.1), animation: { duration: 350, easingFunction: 'easeInOutQuad' } });
  }
  window.kgShowNode = showNode; window.kgShowEdge = showEdge;  // for tools and tests: open a panel
  network.on('click', function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); }
    else if (p.edges.length) { showEdge(p.edges[0]); }
  });

  // ---- search ----
  var names = $('kg-names'), seen = {};
  Object.keys(data.info).sort().forEach(function (id) {
    var inf = data.info[id];
    [inf.name].concat(inf.aliases, inf.members || []).forEach(function (n) {
      if (seen[n]) { return; } seen[n] = 1;
      var o = document.createElement('option'); o.value = n; names.appendChild(o);
    });
  });
  function find(q) {
    q = q.trim(); if (!q) { return null; }
    var ids = Object.keys(data.info).sort(), i, inf;
    for (i = 0; i < ids.length; i++) { if (data.info[ids[i]].name === q) { return ids[i]; } }
    for (i = 0; i < ids.length; i++) { if (data.info[ids[i]].aliases.indexOf(q) >= 0) { return ids[i]; } }
    for (i = 0; i < ids.length; i++) { if ((data.info[ids[i]].members || []).indexOf(q) >= 0) { return ids[i]; } }
    var lq = q.toLowerCase();
    for (i = 0; i < ids.length; i++) {
      inf = data.info[ids[i]];
      if (inf.name.toLowerCase().indexOf(lq) >= 0 || inf.aliases.some(function (a) { return a.toLowerCase().indexOf(lq) >= 0; })) { return ids[i]; }
    }
    return null;
  }
  function search() {
    var q = $('kg-search').value, id = find(q), st = $('kg-search-status');
    if (id === null) { st.textContent = q.trim() ? '未找到 not found' : ''; return; }
    st.textContent = '';
    var n = nodes.get(id);
    if (n && n.hidden) { hiddenTypes[n.kgType] = false; applyFilters(); }
    focusNode(id);
  }
  window.kgSearch = function (q) { $('kg-search').value = q; search(); return network.getSelectedNodes(); };
  $('kg-search-form').addEventListener('submit', function (ev) { ev.preventDefault(); search(); });
  $('kg-search').addEventListener('change', search);
  if (data.map && window.kgMapPainter) { window.kgMapPainter(network, data, legend, el); }
  if (data.overview && window.kgLabelPainter) {  // hubs: labelled at a constant size at every zoom
    var hubs = data.nodes.filter(function (n) { return n.kgHub; }).sort(function (a, b) { return a.kgHub - b.kgHub; }).map(function (n) {
      return { id: n.id, text: data.info[n.id].name, rank: [0], node: true, size: n.size };
    });
    window.kgLabelPainter(network, hubs, data.options.nodes.font.face);
  }
})();
