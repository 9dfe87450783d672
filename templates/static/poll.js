/*
 * Waiting pages ("check your inbox"): asks the tab's status URL every few seconds and, once the
 * sign-in has moved on (a link was confirmed in another browser or on another device), opens the
 * step showing now. Only a changed status navigates, so a code being typed is never lost to a
 * reload. Without script (or fetch), the page's own "continue" button does the same.
 *
 * Loaded by the layout as <script src="/static/poll.js" defer data-status-url="…" data-poll-seconds="…">;
 * it is a plain file because the pages' CSP allows no inline script.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var url = script && script.getAttribute('data-status-url');
  var seconds = Number(script && script.getAttribute('data-poll-seconds'));
  if (!url || !window.fetch || !(seconds > 0)) return;
  // Slower after network errors, so a server that is down is not hammered by open tabs.
  var delay = seconds * 1000;
  var maxDelay = 60000;

  function go(href) {
    // replace: the waiting page stays out of the history, so "back" does not return to it.
    window.location.replace(href || window.location.href);
  }

  function check() {
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (response.status >= 500) throw new Error('status ' + response.status);
        if (!response.ok) {
          // The sign-in is gone or over (expired, finished elsewhere): the step's page says why.
          go();
          return;
        }
        return response.json().then(function (status) {
          if (status && status.changed) return go(status.href);
          delay = seconds * 1000;
          schedule();
        });
      })
      .catch(function () {
        delay = Math.min(delay * 2, maxDelay);
        schedule();
      });
  }

  function schedule() {
    window.setTimeout(check, delay);
  }

  schedule();
})();
