/*! Chỉ số embed resizer. MIT OR Apache-2.0. Include once (twice is harmless) on a page with Chỉ số iframes:
 * sets each iframe's height from the messages its own document posts, in either format:
 *   {"datawrapper-height": {"<eid>": <px>}}  or  {"type": "chiso:height", "id": "<eid>", "height": <px>}
 * The frame is found by event.source, never by id. ES5, no dependencies. */
(function () {
  var w = window;
  if (w.chisoEmbedInit) return;
  w.chisoEmbedInit = true;

  function valid(h) {
    return typeof h === 'number' && h >= 0 && h <= 20000;
  }

  // The height a message carries, or -1 when it is not one of the two formats.
  function height(d) {
    var k, n = 0, h = -1;
    if (!d || typeof d !== 'object') return -1;
    if (d.type === 'chiso:height') return valid(d.height) ? d.height : -1;
    d = d['datawrapper-height'];
    if (!d || typeof d !== 'object') return -1;
    for (k in d) {
      if (Object.prototype.hasOwnProperty.call(d, k)) {
        n++;
        h = d[k];
      }
    }
    return n === 1 && valid(h) ? h : -1;
  }

  w.addEventListener('message', function (e) {
    var h = height(e.data), f = document.getElementsByTagName('iframe'), i;
    if (h < 0 || !e.source) return;
    for (i = 0; i < f.length; i++) {
      if (f[i].contentWindow === e.source) {
        f[i].style.height = Math.ceil(h) + 'px';
        return;
      }
    }
  });
})();
