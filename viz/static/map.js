/* kg map pages: administrative outlines painted under the network, place names that never collide.
   Outlines come precomputed in page coordinates (data.map.boundaries); labels are placed greedily each
   frame, most important first (flow ends, then by level), so at any zoom no two labels overlap. */
window.kgMapPainter = function (network, data, legend, el) {
  'use strict';
  var m = data.map;
  var STYLE = {
    country: { w: 1.8, c: '#5f6f82' }, province: { w: 0.9, c: '#9aa8b8' },
    prefecture: { w: 0.8, c: '#aab6c4' }, county: { w: 0.6, c: '#bcc6d2' }
  };
  var FILL = { helper: 'rgba(28,79,160,0.16)', helped: 'rgba(232,89,12,0.16)' };
  var shapes = m.boundaries.map(function (b) {
    var p = new Path2D();
    b.rings.forEach(function (r) {
      p.moveTo(r[0], r[1]);
      for (var i = 2; i < r.length; i += 2) { p.lineTo(r[i], r[i + 1]); }
      p.closePath();
    });
    return { b: b, path: p };
  });
  network.on('beforeDrawing', function (ctx) {
    var s = network.getScale();
    ctx.save();
    shapes.forEach(function (sh) {
      var b = sh.b, st = STYLE[b.level] || STYLE.county;
      if (b.level === 'country') { ctx.fillStyle = '#fbfaf5'; ctx.fill(sh.path); }
      if (FILL[b.role]) { ctx.fillStyle = FILL[b.role]; ctx.fill(sh.path); }
      ctx.lineWidth = st.w / s; ctx.strokeStyle = st.c; ctx.lineJoin = 'round';
      ctx.stroke(sh.path);
    });
    ctx.restore();
  });

  // label candidates: every region node (by rank), then the outlines' own names (grey, last)
  var cands = data.nodes.map(function (n) {
    var inf = data.info[n.id];
    return { x: n.x, y: n.y, text: inf.name, rank: inf.rank, node: true, size: n.size };
  });
  cands.sort(function (a, b) {
    for (var i = 0; i < 3; i++) { if (a.rank[i] !== b.rank[i]) { return a.rank[i] - b.rank[i]; } }
    return a.text < b.text ? -1 : 1;
  });
  // amounts first: the FUNDS arrows' labels win over place names
  var amounts = data.edges.filter(function (e) { return e.kgLabel; }).map(function (e) {
    return { edge: e.id, text: e.kgLabel, rank: [-1], node: false, w: e.width };
  });
  amounts.sort(function (a, b) { return b.w - a.w; });
  cands = amounts.concat(cands);
  var onMap = {};
  data.nodes.forEach(function (n) { onMap[data.info[n.id].adcode] = true; });
  m.boundaries.forEach(function (b) {
    if (b.level !== 'country' && !onMap[b.adcode] && b.name) {
      cands.push({ x: b.at[0], y: b.at[1], text: b.name, node: false, level: b.level });
    }
  });
  window.kgLabelPainter(network, cands, data.options.nodes.font.face);

  // legend: what the fills mean, and what could not be placed
  legend.appendChild(el('h2', null, '地图 Map'));
  [['helper', '帮扶方 helper'], ['helped', '受援方 helped']].forEach(function (f) {
    var row = el('div', 'row'), sw = el('span', 'sw');
    sw.style.background = FILL[f[0]].replace('0.16', '0.55');
    row.style.paddingLeft = '0';
    row.appendChild(sw); row.appendChild(el('span', null, f[1]));
    legend.appendChild(row);
  });
  if (m.unplaced) {
    legend.appendChild(el('div', 'hint', m.unplaced + ' 条关系无法定位（一端没有已知地点）。 ' + m.unplaced +
      ' relation(s) not on the map: one end has no known place.'));
  }

  // first view: the flows' ends (else every region), with a margin
  var ends = {};
  data.edges.forEach(function (e) { ends[e.from] = 1; ends[e.to] = 1; });
  var ids = Object.keys(ends);
  if (!ids.length) { ids = data.nodes.map(function (n) { return n.id; }); }
  if (ids.length) {
    network.fit({ nodes: ids, animation: false });
    var cap = ids.length === 1 ? 2.5 : 4;
    if (network.getScale() > cap) { network.moveTo({ scale: cap }); }
    network.moveTo({ scale: network.getScale() * 0.8 });
  }
  window.kgMap = { boundaries: m.boundaries.map(function (b) { return b.adcode; }), flows: data.edges.length };
};
