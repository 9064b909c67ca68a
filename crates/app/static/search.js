// Carewell's type-ahead boxes: the header's global search and the complaint form's customer
// picker. htmx fetches the suggestions (GET /search/suggest, debounced) into the box's listbox;
// this file makes the box an ARIA 1.2 combobox: Arrow Down/Up move through the options
// (aria-activedescendant), Enter opens the highlighted one (data-combobox="go": its page) or
// chooses it (data-combobox="pick": the customer, as the form's checked radio), Escape closes
// the list (a second Escape clears the box), a click or tap does what Enter does. Without
// JavaScript none of this runs: the header box submits to /search, the picker to its form.
(function () {
  'use strict';

  function setup(input) {
    var list = document.getElementById(input.getAttribute('aria-controls'));
    if (!list) return;
    var form = input.form;
    var live = form ? form.querySelector('[data-live]') : null;
    var active = -1;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll('[role=option]'));
    }

    function highlight(i) {
      var opts = options();
      active = i;
      opts.forEach(function (o, j) {
        o.setAttribute('aria-selected', j === i ? 'true' : 'false');
      });
      if (i >= 0 && opts[i]) {
        input.setAttribute('aria-activedescendant', opts[i].id);
        opts[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function open(yes) {
      yes = yes && options().length > 0;
      list.hidden = !yes;
      input.setAttribute('aria-expanded', yes ? 'true' : 'false');
      if (!yes) highlight(-1);
    }

    function pick(o) {
      var box = document.getElementById(input.getAttribute('data-choices'));
      if (!box) return;
      box.textContent = '';
      var label = document.createElement('label');
      label.className = 'choice';
      var radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'customer_id';
      radio.value = o.getAttribute('data-id');
      radio.checked = true;
      var name = document.createElement('span');
      name.className = 'choice-name';
      name.textContent = o.getAttribute('data-label');
      label.appendChild(radio);
      label.appendChild(name);
      var detail = o.getAttribute('data-detail');
      if (detail) {
        var small = document.createElement('span');
        small.className = 'muted';
        small.textContent = detail;
        label.appendChild(small);
      }
      box.appendChild(label);
      input.value = '';
      open(false);
      if (live) live.textContent = o.getAttribute('data-label');
    }

    function choose(o) {
      if (!o) return;
      if (input.getAttribute('data-combobox') === 'pick') {
        pick(o);
      } else {
        window.location.assign(o.getAttribute('data-href'));
      }
    }

    // New suggestions: number the options, reset the highlight, announce the count.
    list.addEventListener('htmx:afterSwap', function () {
      options().forEach(function (o, j) {
        o.id = list.id + '-' + j;
      });
      var status = list.querySelector('[data-status]');
      if (live && status) live.textContent = status.getAttribute('data-status');
      open(document.activeElement === input && input.value.trim() !== '');
    });

    input.addEventListener('keydown', function (e) {
      var opts = options();
      switch (e.key) {
        case 'ArrowDown':
        case 'Down':
          if (!opts.length) return;
          e.preventDefault();
          if (list.hidden) open(true);
          highlight(active + 1 >= opts.length ? 0 : active + 1);
          break;
        case 'ArrowUp':
        case 'Up':
          if (!opts.length) return;
          e.preventDefault();
          if (list.hidden) open(true);
          highlight(active <= 0 ? opts.length - 1 : active - 1);
          break;
        case 'Enter':
          if (!list.hidden && active >= 0 && opts[active]) {
            e.preventDefault();
            choose(opts[active]);
          }
          break;
        case 'Escape':
        case 'Esc':
          if (!list.hidden) {
            e.preventDefault();
            open(false);
          } else if (input.value) {
            e.preventDefault();
            input.value = '';
          }
          break;
        default:
          break;
      }
    });

    // Keep the focus in the box while an option is clicked, then act on it.
    list.addEventListener('mousedown', function (e) {
      e.preventDefault();
    });
    list.addEventListener('click', function (e) {
      var o = e.target.closest('[role=option]');
      if (o) choose(o);
    });
    input.addEventListener('blur', function () {
      open(false);
    });
    input.addEventListener('focus', function () {
      if (input.value.trim() !== '') open(true);
    });
    input.addEventListener('input', function () {
      if (input.value.trim() === '') open(false);
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-combobox]'), setup);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
