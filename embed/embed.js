/*! Chỉ số embed resizer, MIT OR Apache-2.0. Sets an iframe's height (0-20000) from its own document's message,
 * {"datawrapper-height": {id: px}} or {"type": "chiso:height", "id": id, "height": px}, when the frame's src and
 * the sender are on this script's origin. Never by id. ES5. */
(function () {
  var w = window, d = document, s = d.currentScript, a = d.createElement('a'), o = w.chisoEmbedOrigins;
  function origin(u) {
    a.href = u;
    return a.protocol + '//' + a.host;
  }
  if (!s || !s.src) return;
  // Twice is harmless; two apps (origins) each add theirs.
  if (o) return void (o[origin(s.src)] = 1);
  o = w.chisoEmbedOrigins = {};
  o[origin(s.src)] = 1;
  function ok(h) {
    return typeof h === 'number' && h >= 0 && h <= 20000 ? h : -1;
  }
  function height(m) {
    var k, n = 0, h;
    if (!m || typeof m !== 'object') return -1;
    if (m.type === 'chiso:height') return ok(m.height);
    m = m['datawrapper-height'];
    if (!m || typeof m !== 'object') return -1;
    for (k in m) if (Object.prototype.hasOwnProperty.call(m, k)) n++, h = m[k];
    return n === 1 ? ok(h) : -1;
  }
  w.addEventListener('message', function (e) {
    var h = height(e.data), f = d.getElementsByTagName('iframe'), i;
    if (h < 0 || !e.source || !o.hasOwnProperty(e.origin)) return;
    for (i = 0; i < f.length; i++)
      if (f[i].contentWindow === e.source) {
        if (f[i].src && origin(f[i].src) === e.origin) f[i].style.height = Math.ceil(h) + 'px';
        return;
      }
  });
})();
