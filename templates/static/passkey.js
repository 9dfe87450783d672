/*
 * Passkey pages (the passkey step and register-passkey): runs the WebAuthn ceremony the form's
 * options describe with @simplewebauthn/browser (served from this origin at
 * /static/simplewebauthn-browser.js), puts the credential's JSON in the form's `credential`
 * field and posts the form. The server checks everything; this only moves data.
 *
 * A form opts in with data-passkey="get" or "create", its options document in
 * data-passkey-options, a [data-passkey-start] submit button, a [data-passkey-status] live region, and,
 * for register-passkey, data-passkey-action naming the `action` value to post with the credential.
 * A hidden form[data-step-offer] whose model has mediation "conditional" (the passkey step's offer on
 * the identify-email page) runs a conditional-mediation request instead: saved passkeys show in the
 * autofill of the field marked autocomplete="... webauthn".
 * Loaded as a plain file because the pages' CSP allows no inline script.
 */
(function () {
  'use strict';
  var lib = window.SimpleWebAuthnBrowser;

  function setup(form) {
    var mode = form.getAttribute('data-passkey');
    var start = form.querySelector('[data-passkey-start]');
    var status = form.querySelector('[data-passkey-status]');
    var field = form.querySelector('input[name="credential"]');
    var options;
    try {
      options = JSON.parse(form.getAttribute('data-passkey-options'));
    } catch (e) {
      options = null;
    }
    function say(attribute) {
      if (status) status.textContent = status.getAttribute(attribute) || '';
    }
    if (!lib || !options || !field || !start || !lib.browserSupportsWebAuthn()) {
      if (start) start.disabled = true;
      say('data-unsupported');
      return;
    }
    // The button submits the form (without script it posts no credential and the page says so);
    // with script the ceremony runs first and the form is posted with the credential.
    form.addEventListener('submit', function (event) {
      if (event.submitter !== start) return;
      event.preventDefault();
      start.disabled = true;
      var ceremony = mode === 'create' ? lib.startRegistration({ optionsJSON: options }) : lib.startAuthentication({ optionsJSON: options });
      ceremony
        .then(function (credential) {
          field.value = JSON.stringify(credential);
          var action = form.getAttribute('data-passkey-action');
          if (action) {
            var input = document.createElement('input');
            input.type = 'hidden';
            input.name = 'action';
            input.value = action;
            form.appendChild(input);
          }
          form.submit();
        })
        .catch(function () {
          // Cancelled, timed out or refused by the browser: nothing was sent; the person may retry.
          start.disabled = false;
          say('data-cancelled');
        });
    });
  }

  // Conditional UI: a step's offer on another step's page (the address field). The browser shows
  // saved passkeys in that field's autofill; choosing one posts its credential to the passkey step.
  function offer(form) {
    var model;
    try {
      model = JSON.parse(form.getAttribute('data-step-offer'));
    } catch (e) {
      model = null;
    }
    var field = form.querySelector('input[name="credential"]');
    if (!lib || !model || model.mediation !== 'conditional' || !model.publicKey || !field) return;
    lib
      .browserSupportsWebAuthnAutofill()
      .then(function (supported) {
        if (!supported) return;
        return lib.startAuthentication({ optionsJSON: model.publicKey, useBrowserAutofill: true }).then(function (credential) {
          field.value = JSON.stringify(credential);
          form.submit();
        });
      })
      .catch(function () {
        // Dismissed, aborted by leaving the page, or refused: the address field works as before.
      });
  }

  var forms = document.querySelectorAll('form[data-passkey]');
  for (var i = 0; i < forms.length; i++) setup(forms[i]);
  var offers = document.querySelectorAll('form[data-step-offer]');
  for (var j = 0; j < offers.length; j++) offer(offers[j]);
})();
