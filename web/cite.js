// Shared by the chat page and the console pages: the server's lists (GET /api/meta), the `el()`
// helper, the citation text staff paste into replies, highlighting of matched terms, and copying
// to the clipboard. Text is only ever set with textContent.
(function () {
  'use strict';

  /**
   * Where the API is: `data-api` on this script's tag, relative to the script (the console pages
   * say `../`), else the script's own folder (the chat page).
   */
  var script = document.currentScript;
  var API_ROOT = new URL((script && script.getAttribute('data-api')) || '.', script ? script.src : location.href);

  /** Document kind → Chinese label, filled from /api/meta (the server owns the list). */
  var KIND_LABELS = {};

  /** GET /api/meta once per page: regions, topics, kinds and maxQuestionChars. */
  var meta = fetch(new URL('api/meta', API_ROOT)).then(function (res) {
    if (!res.ok) throw new Error('cite.js: GET /api/meta answered ' + res.status);
    return res.json();
  });
  meta.then(
    function (data) {
      data.kinds.forEach(function (kind) {
        KIND_LABELS[kind.code] = kind.name;
      });
    },
    function () {
      // Pages still work without labels: they show the kind's code.
    },
  );

  /** The Chinese label of a document kind, or its code before /api/meta has answered. */
  function kindLabel(code) {
    return KIND_LABELS[code] || code;
  }

  /** A new element with an optional class and text (never HTML). */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /** `2021-09-23` → `2021年9月23日`; other text is returned as it is. */
  function chineseDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    return m ? m[1] + '年' + Number(m[2]) + '月' + Number(m[3]) + '日' : iso || '';
  }

  /**
   * The quote with its full citation:
   * `“quote”——《title》（文号）path，issuer，date` (文号 and date left out when unknown).
   */
  function formatCitation(c) {
    var source = '《' + c.title + '》' + (c.docNumber ? '（' + c.docNumber + '）' : '') + (c.path || '');
    var tail = [c.issuer, chineseDate(c.date)].filter(Boolean);
    return '“' + c.quote + '”——' + source + (tail.length ? '，' + tail.join('，') : '');
  }

  /** Sorted, merged [start, end) ranges clipped to a text of `length` characters. */
  function normaliseRanges(ranges, length) {
    var clean = (Array.isArray(ranges) ? ranges : [])
      .filter(function (r) {
        return Array.isArray(r) && r.length === 2 && isFinite(r[0]) && isFinite(r[1]);
      })
      .map(function (r) {
        return [Math.max(0, Math.min(length, r[0])), Math.max(0, Math.min(length, r[1]))];
      })
      .filter(function (r) {
        return r[1] > r[0];
      })
      .sort(function (a, b) {
        return a[0] - b[0];
      });
    var merged = [];
    clean.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  /** Fills `container` with `text`, wrapping the `ranges` in <mark> (built as nodes, never as HTML). */
  function highlight(container, text, ranges) {
    container.textContent = '';
    var at = 0;
    normaliseRanges(ranges, text.length).forEach(function (r) {
      if (r[0] > at) container.appendChild(document.createTextNode(text.slice(at, r[0])));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(r[0], r[1]);
      container.appendChild(mark);
      at = r[1];
    });
    if (at < text.length) container.appendChild(document.createTextNode(text.slice(at)));
  }

  /** Copies text; resolves when done. Falls back to a hidden textarea where the API is missing. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return legacyCopy(text);
      });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand('copy');
      } catch (e) {
        ok = false;
      }
      area.remove();
      if (ok) resolve();
      else reject(new Error('copy failed'));
    });
  }

  /** Shows a short message in the page's toast element. */
  var toastTimer = null;
  function toast(message) {
    var box = document.getElementById('toast');
    if (!box) return;
    box.textContent = message;
    box.classList.add('show');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () {
      box.classList.remove('show');
    }, 2500);
  }

  window.YibaoCite = {
    KIND_LABELS: KIND_LABELS,
    meta: meta,
    kindLabel: kindLabel,
    el: el,
    chineseDate: chineseDate,
    formatCitation: formatCitation,
    highlight: highlight,
    copyText: copyText,
    toast: toast,
  };
})();
