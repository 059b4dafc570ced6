/* Labels painted over a vis-network canvas at a constant screen size, most important first, never two
   overlapping (greedy placement on a grid of screen cells, redone every frame: at each zoom the labels
   that fit are shown). A candidate: {text, rank: [..] (sorted by the caller), x, y | id (a node) | edge (an
   edge: its middle), size, node: bool, level}. */
window.kgLabelPainter = function (network, cands, face) {
  'use strict';
  var MAX_LABELS = 400;
  network.on('afterDrawing', function (ctx) {
    var t = ctx.getTransform(), s = network.getScale(), ratio = t.a / s;
    var W = ctx.canvas.width, H = ctx.canvas.height, placed = [], CELL = 64 * ratio, grid = {};
    function free(r) {
      var x0 = Math.floor(r[0] / CELL), x1 = Math.floor(r[2] / CELL), y0 = Math.floor(r[1] / CELL), y1 = Math.floor(r[3] / CELL);
      for (var gx = x0; gx <= x1; gx++) {
        for (var gy = y0; gy <= y1; gy++) {
          var cell = grid[gx + ',' + gy] || [];
          for (var i = 0; i < cell.length; i++) {
            var q = cell[i];
            if (r[0] < q[2] && q[0] < r[2] && r[1] < q[3] && q[1] < r[3]) { return false; }
          }
        }
      }
      for (gx = x0; gx <= x1; gx++) {
        for (gy = y0; gy <= y1; gy++) { (grid[gx + ',' + gy] = grid[gx + ',' + gy] || []).push(r); }
      }
      return true;
    }
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.textBaseline = 'middle'; ctx.lineJoin = 'round';
    for (var i = 0; i < cands.length && placed.length < MAX_LABELS; i++) {
      var c = cands[i], x = c.x, y = c.y;
      if (c.edge !== undefined) {  // an amount at the middle of its (curved) arrow
        var be = network.body.edges[c.edge];
        if (!be || be.options.hidden || !be.edgeType) { continue; }
        var mid = be.edgeType.getPoint(0.5);
        x = mid.x; y = mid.y;
      } else if (c.id !== undefined) {
        var bn = network.body.nodes[c.id];
        if (!bn || bn.options.hidden) { continue; }
        x = bn.x; y = bn.y;
      }
      var sx = t.a * x + t.e, sy = t.d * y + t.f;
      if (sx < -50 || sy < -20 || sx > W + 50 || sy > H + 20) { continue; }
      var strong = (c.node && c.rank[0] === 0) || c.edge !== undefined;
      var fs = (c.edge !== undefined ? 12.5 : c.node ? (strong ? 13 : 11.5) : (c.level === 'province' ? 12 : 10.5)) * ratio;
      ctx.font = (strong ? '600 ' : '') + fs + 'px ' + face;
      var w = ctx.measureText(c.text).width, off = c.node ? (c.size * s * ratio + 3 * ratio) : -w / 2;
      var r = [sx + off - 2, sy - fs / 2 - 1, sx + off + w + 2, sy + fs / 2 + 1];
      if (!free(r)) { continue; }
      placed.push(r);
      ctx.lineWidth = 3.5 * ratio; ctx.strokeStyle = 'rgba(255,255,255,0.92)';
      ctx.strokeText(c.text, sx + off, sy);
      ctx.fillStyle = c.edge !== undefined ? '#9c4a00' : c.node ? (strong ? '#1f2933' : '#52606d') : '#8a97a6';
      ctx.fillText(c.text, sx + off, sy);
    }
    ctx.restore();
    window.kgLabels = placed.length;
  });
};
