// Registers the service worker (sw.js, next to index.html, scope = this folder) and tells the reader when a new
// version has been downloaded: "Có phiên bản mới — tải lại trang" / "A new version is available — reload", in the
// language of <html lang>. The new version takes over only when the reader clicks the button. Classic script,
// no dependencies. Does nothing from file:// or in the single-file build.
//
// A first visit costs only what it shows: the worker is registered once the first chart is drawn (the app's
// `chiso:first-chart` mark or event) and the page is idle; never in an article embed (`embed=` in the query),
// never when the reader asked the browser to save data (Save-Data). Its install then takes the app shell from the
// HTTP cache. `window.chisoOffline` is the app's "Save for offline" action: `state()` ({phase: 'off' | 'idle' |
// 'ready' | 'saving' | 'saved' | 'error', missing, done, total} in gzip bytes) and `save()`; every change is also
// dispatched on window as a `chiso:offline` event whose `detail` is the state.
(function () {
  'use strict';
  if (window.CHISO_SINGLE_FILE || !('serviceWorker' in navigator)) return;
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return;
  // An article embed never installs anything on the reader's device: only what it draws is downloaded.
  if (/[?&]embed=/.test(location.search)) return;

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

  // "Save for offline": the state the app's button shows, and the action.
  var offline = { phase: 'idle', missing: null, done: 0, total: 0 };
  var registration = null;

  function setOffline(changes) {
    for (var k in changes) offline[k] = changes[k];
    var copy = { phase: offline.phase, missing: offline.missing, done: offline.done, total: offline.total };
    window.dispatchEvent(new CustomEvent('chiso:offline', { detail: copy }));
  }

  /** Sends `message` to the active worker with a MessageChannel; `onReply` gets every answer on the port. */
  function ask(message, onReply) {
    return navigator.serviceWorker.ready.then(function (reg) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (e) {
        onReply(e.data || {});
      };
      reg.active.postMessage(message, [channel.port2]);
    });
  }

  function refresh() {
    if (offline.phase === 'saving') return;
    ask({ type: 'STATUS' }, function (s) {
      if (offline.phase === 'saving') return;
      setOffline({ phase: s.missing > 0 ? 'ready' : 'saved', missing: s.missing });
    }).catch(function () {});
  }

  function save() {
    if (offline.phase === 'saving') return;
    setOffline({ phase: 'saving', done: 0, total: offline.missing || 0 });
    var quiet = null;
    function fail() {
      clearTimeout(quiet);
      setOffline({ phase: 'error' });
    }
    // The worker answers after every file: a long silence means it was stopped (or the network hangs).
    function watchdog() {
      clearTimeout(quiet);
      quiet = setTimeout(fail, 60000);
    }
    watchdog();
    // The reader asked: register now even if the automatic registration was skipped or has not happened yet.
    (registration ? Promise.resolve() : register())
      .then(function () {
        return ask({ type: 'SAVE' }, function (m) {
          if (offline.phase !== 'saving') return;
          watchdog();
          if (m.type === 'PROGRESS') setOffline({ done: m.done, total: m.total });
          else if (m.type === 'DONE') {
            clearTimeout(quiet);
            setOffline({ phase: 'saved', missing: 0, done: m.total, total: m.total });
          } else if (m.type === 'ERROR') {
            console.warn('Chỉ số: saving for offline failed:', m.message);
            fail();
          }
        });
      })
      .catch(fail);
  }

  window.chisoOffline = {
    state: function () {
      return { phase: offline.phase, missing: offline.missing, done: offline.done, total: offline.total };
    },
    save: save,
  };

  function register() {
    if (registration) return registration;
    registration = navigator.serviceWorker.register('./sw.js', { scope: './' }).then(
      function (reg) {
        watch(reg);
        navigator.serviceWorker.ready.then(refresh);
        document.addEventListener('visibilitychange', function () {
          if (document.visibilityState === 'visible') refresh();
        });
      },
      function (e) {
        console.warn('Chỉ số: the service worker could not be registered; the app works online only.', e);
        setOffline({ phase: 'off' });
        throw e;
      },
    );
    return registration;
  }

  function idle(fn) {
    if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 5000 });
    else setTimeout(fn, 1000);
  }

  // After the first chart is drawn and the page is idle, so the worker's install never competes with what the
  // reader waits for. A view with no chart (the table) never marks one: then 30 s after load.
  function afterFirstChart(fn) {
    var started = false;
    function go() {
      if (started) return;
      started = true;
      idle(fn);
    }
    window.addEventListener('chiso:first-chart', go);
    var waited = 0;
    (function poll() {
      if (started) return;
      if (performance.getEntriesByName('chiso:first-chart').length || waited >= 30000) return go();
      waited += 250;
      setTimeout(poll, 250);
    })();
  }

  var saveData = !!(navigator.connection && navigator.connection.saveData);
  function start() {
    // Already installed (a returning reader): register at once, to hear of updates and report what is saved.
    navigator.serviceWorker.getRegistration('./').then(function (reg) {
      if (reg) register().catch(function () {});
      else if (!saveData) afterFirstChart(function () {
        register().catch(function () {});
      });
    });
  }
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start);
})();
