// Elo dashboard: polls the node's REST API once a second and draws on <canvas> by hand (no
// libraries, works offline). Chart point counts are kept in data-points attributes.
(function () {
  'use strict';
  var MAX_POINTS = 300;
  var series = { mempool: [], txrate: [], propagation: [] };

  function $(id) { return document.getElementById(id); }

  function getJson(path) {
    return fetch(path, { cache: 'no-store' }).then(function (r) {
      return r.json().then(function (body) { return { status: r.status, body: body }; });
    });
  }

  function push(name, value) {
    var s = series[name];
    s.push(value);
    if (s.length > MAX_POINTS) { s.shift(); }
  }

  function drawChart(canvas, values) {
    var ctx = canvas.getContext('2d');
    var w = canvas.width, h = canvas.height, pad = 24;
    ctx.clearRect(0, 0, w, h);
    ctx.strokeStyle = '#ccd'; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(pad, 4); ctx.lineTo(pad, h - pad); ctx.lineTo(w - 4, h - pad);
    ctx.stroke();
    var max = 1;
    values.forEach(function (v) { if (v > max) { max = v; } });
    ctx.fillStyle = '#5a6275'; ctx.font = '10px sans-serif';
    ctx.fillText(String(Math.round(max * 100) / 100), 2, 12);
    ctx.fillText('0', 2, h - pad);
    if (values.length > 0) {
      ctx.strokeStyle = '#2f6fde'; ctx.lineWidth = 2; ctx.beginPath();
      var step = (w - pad - 8) / Math.max(1, MAX_POINTS - 1);
      values.forEach(function (v, i) {
        var x = pad + 2 + i * step;
        var y = h - pad - (v / max) * (h - pad - 8);
        if (i === 0) { ctx.moveTo(x, y); } else { ctx.lineTo(x, y); }
      });
      ctx.stroke();
    }
    canvas.setAttribute('data-points', String(values.length));
  }

  function drawGraph(canvas, graph) {
    var ctx = canvas.getContext('2d');
    var w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    var nodes = graph.nodes.filter(function (n) { return n.nodeId; });
    var pos = {};
    var r = Math.min(w, h) / 2 - 40;
    nodes.forEach(function (n, i) {
      var a = 2 * Math.PI * i / Math.max(1, nodes.length) - Math.PI / 2;
      pos[n.nodeId] = { x: w / 2 + r * Math.cos(a), y: h / 2 + r * Math.sin(a), node: n };
    });
    ctx.strokeStyle = '#8a91a0'; ctx.lineWidth = 1.5;
    graph.edges.forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      if (a && b) { ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); ctx.stroke(); }
    });
    Object.keys(pos).forEach(function (id) {
      var p = pos[id];
      ctx.fillStyle = p.node.self ? '#2f6fde' : '#3aa675';
      ctx.beginPath(); ctx.arc(p.x, p.y, 12, 0, 2 * Math.PI); ctx.fill();
      ctx.fillStyle = '#1d2330'; ctx.font = '10px monospace';
      ctx.fillText(id.substring(0, 8) + ' h' + p.node.height, p.x - 30, p.y + 24);
    });
    canvas.setAttribute('data-nodes', String(nodes.length));
    canvas.setAttribute('data-edges', String(graph.edges.length));
  }

  function renderBlocks(blocks) {
    var body = $('recent-blocks');
    while (body.firstChild) { body.removeChild(body.firstChild); }
    blocks.forEach(function (b) {
      var tr = document.createElement('tr');
      [String(b.height), b.hash, String(b.txCount), String(b.size),
        new Date(b.time * 1000).toISOString()].forEach(function (text, i) {
        var td = document.createElement('td');
        td.textContent = text;
        if (i === 1) { td.className = 'hash'; }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  function tick() {
    return Promise.all([getJson('/api/v1/status'), getJson('/api/v1/stats'),
      getJson('/api/v1/health')])
      .then(function (r) {
        var status = r[0].body, stats = r[1].body, health = r[2].body;
        $('network').textContent = status.network;
        $('tip-height').textContent = String(status.height);
        $('tip-hash').textContent = status.tipHash;
        $('peer-count').textContent = String(status.peers);
        $('mempool-size').textContent = String(status.mempoolSize);
        $('health').textContent = health.status +
          (health.reasons.length ? ' (' + health.reasons.join(', ') + ')' : '');
        push('mempool', stats.mempoolSize);
        push('txrate', stats.txPerSecond);
        push('propagation', stats.propagationDelaySeconds);
        drawChart($('chart-mempool'), series.mempool);
        drawChart($('chart-txrate'), series.txrate);
        drawChart($('chart-propagation'), series.propagation);
        $('connection').textContent = 'updated ' + new Date(stats.time).toISOString();
        return Promise.all([getJson('/api/v1/blocks?limit=10'), getJson('/api/v1/network')]);
      })
      .then(function (r) {
        renderBlocks(r[0].body.blocks);
        drawGraph($('peer-graph'), r[1].body);
      })
      .catch(function (e) { $('connection').textContent = 'error: ' + e; });
  }

  function loop() { tick().then(function () { setTimeout(loop, 1000); }); }
  loop();
})();
