// Registers the service worker (sw.js, next to index.html, scope = this folder) and tells the reader when a new
// version has been downloaded: "Có phiên bản mới — tải lại trang" / "A new version is available — reload", in the
// language of <html lang>. The new version takes over only when the reader clicks the button. Classic script,
// no dependencies. Does nothing from file:// or in the single-file build.
(function () {
  'use strict';
  if (window.CHISO_SINGLE_FILE || !('serviceWorker' in navigator)) return;
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return;

  var TEXT = {
    vi: { msg: 'Có phiên bản mới — tải lại trang', button: 'Tải lại' },
    en: { msg: 'A new version is available — reload', button: 'Reload' },
  };
  var accepted = false;
  var reloading = false;
  var banner = null;

  function lang() {
    return (document.documentElement.getAttribute('lang') || 'vi').slice(0, 2) === 'en' ? 'en' : 'vi';
  }

  function render() {
    if (!banner) return;
    var t = TEXT[lang()];
    banner.setAttribute('lang', lang());
    banner.firstChild.textContent = t.msg + ' ';
    banner.lastChild.textContent = t.button;
  }

  function show(worker) {
    if (banner) {
      banner.chisoWorker = worker;
      return;
    }
    banner = document.createElement('div');
    banner.className = 'chiso-update';
    banner.setAttribute('role', 'status');
    banner.setAttribute('data-testid', 'update-notice');
    banner.style.cssText =
      'position:fixed;left:50%;bottom:16px;transform:translateX(-50%);z-index:2147483647;max-width:calc(100% - 32px);' +
      'box-sizing:border-box;display:flex;gap:12px;align-items:center;flex-wrap:wrap;padding:10px 14px;' +
      'border-radius:8px;background:#1f2937;color:#fff;font:15px/1.4 system-ui,sans-serif;' +
      'box-shadow:0 4px 16px rgba(0,0,0,.3)';
    banner.appendChild(document.createElement('span'));
    var button = document.createElement('button');
    button.type = 'button';
    button.style.cssText =
      'min-height:44px;padding:6px 16px;border:0;border-radius:6px;background:#fff;color:#1f2937;' +
      'font:inherit;font-weight:600;cursor:pointer';
    button.addEventListener('click', function () {
      accepted = true;
      button.disabled = true;
      var w = banner.chisoWorker;
      if (w && w.state !== 'redundant') w.postMessage({ type: 'SKIP_WAITING' });
      else location.reload();
    });
    banner.appendChild(button);
    banner.chisoWorker = worker;
    render();
    document.body.appendChild(banner);
    new MutationObserver(render).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }

  // The new worker took over (after the click): reload once, so every file comes from the new build.
  navigator.serviceWorker.addEventListener('controllerchange', function () {
    if (!accepted || reloading) return;
    reloading = true;
    location.reload();
  });

  // Only an update is announced: on the first visit there is no controller yet.
  function track(w) {
    if (!w) return;
    if (w.state === 'installed') {
      if (navigator.serviceWorker.controller) show(w);
      return;
    }
    w.addEventListener('statechange', function () {
      if (w.state === 'installed' && navigator.serviceWorker.controller) show(w);
    });
  }

  function watch(reg) {
    track(reg.waiting);
    track(reg.installing);
    reg.addEventListener('updatefound', function () {
      track(reg.installing);
    });
    // Look for a new deployment now (the browser's own check on navigation may have run before this listener).
    if (navigator.onLine) reg.update().catch(function () {});
    // Look for a new deployment when the reader comes back to the tab (the browser also checks on navigation).
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible' && navigator.onLine) reg.update().catch(function () {});
    });
  }

  function start() {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).then(watch, function (e) {
      console.warn('Chỉ số: the service worker could not be registered; the app works online only.', e);
    });
  }
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start);
})();
