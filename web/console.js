// Hotline console: search as you type, ranked clauses with highlighted matches, filters (a region
// includes the national documents unless 只看 is ticked), weak matches apart under 相关度较低,
// copy a quote with its citation, open the whole document. Keyboard first. The address always
// holds the current search, so it can be shared. Filter lists come from GET /api/meta.
(function () {
  'use strict';

  var cite = window.YibaoCite;
  /** Wait after the last keystroke before searching. */
  var DEBOUNCE_MS = 250;
  /** Results per search. */
  var LIMIT = 20;
  var FILTERS = ['region', 'topic', 'kind'];
  /** The region code of national documents (GET /api/meta lists it first). */
  var NATIONAL = 'national';

  var form = document.getElementById('search');
  var input = document.getElementById('q');
  var statusLine = document.getElementById('status');
  var list = document.getElementById('results');
  var weakSection = document.getElementById('weak');
  var weakList = document.getElementById('weak-results');
  var onlyBox = document.getElementById('only');
  var onlyLabel = document.getElementById('only-label');
  var onlyText = document.getElementById('only-text');
  var regionSelect = document.getElementById('region');
  var el = cite.el;
  var selects = FILTERS.map(function (name) {
    return document.getElementById(name);
  });

  var timer = null;
  var sequence = 0;
  var controller = null;

  var regionNames = {};

  /** Whether the chosen region is a local one, whose results include the national documents unless 只看 is ticked. */
  function localRegion() {
    return regionSelect.value && regionSelect.value !== NATIONAL ? regionSelect.value : '';
  }

  /** Shows 只看甘肃 beside a local region, and names each local region “甘肃 + 全国” while national results are included. */
  function showRegionChoice() {
    var local = localRegion();
    onlyLabel.hidden = !local;
    onlyText.textContent = '只看' + (regionNames[local] || '本地');
    Array.prototype.forEach.call(regionSelect.options, function (option) {
      var name = regionNames[option.value];
      if (!name) return;
      option.textContent = option.value === NATIONAL || onlyBox.checked ? name : name + ' + ' + regionNames[NATIONAL];
    });
  }

  /** Fills the filters from GET /api/meta: regions with documents, topics, kinds. */
  function fillFilters(meta) {
    meta.regions.forEach(function (region) {
      regionNames[region.code] = region.name;
      if (!region.hasDocuments) return;
      regionSelect.appendChild(new Option(region.name, region.code));
    });
    meta.topics.forEach(function (topic) {
      document.getElementById('topic').appendChild(new Option(topic.name, topic.code));
    });
    meta.kinds.forEach(function (kind) {
      document.getElementById('kind').appendChild(new Option(kind.name, kind.code));
    });
  }

  function setStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle('error', Boolean(isError));
  }

  /** Keeps the query and filters in the address, so a reload or a shared link shows the same results. */
  function syncAddress(params) {
    var url = new URL(location.href);
    url.search = params.toString();
    history.replaceState(null, '', url);
  }

  function currentParams() {
    var params = new URLSearchParams();
    var q = input.value.trim();
    if (q) params.set('q', q);
    selects.forEach(function (s) {
      if (s.value) params.set(s.name, s.value);
    });
    if (localRegion() && onlyBox.checked) params.set('only', '1');
    return params;
  }

  /** The /api/search parameters for the page's: `only` becomes includeNational. */
  function apiParams(params) {
    var api = new URLSearchParams(params);
    api.delete('only');
    if (localRegion() && !onlyBox.checked) api.set('includeNational', 'true');
    api.set('limit', String(LIMIT));
    return api;
  }

  function search() {
    clearTimeout(timer);
    var params = currentParams();
    syncAddress(params);
    if (controller) controller.abort();
    var mine = ++sequence;
    if (!params.get('q')) {
      clearResults();
      setStatus('输入关键词开始检索。结果按相关程度排序，可复制带出处的原文。');
      return;
    }
    controller = new AbortController();
    setStatus('正在检索…');
    fetch('../api/search?' + apiParams(params).toString(), { signal: controller.signal })
      .then(function (res) {
        return res.json().then(function (data) {
          if (!res.ok) throw new Error((data && data.error && data.error.message ? data.error.message : '检索失败').split(' / ')[0]);
          return data;
        });
      })
      .then(
        function (data) {
          if (mine !== sequence) return;
          render(data.hits || []);
        },
        function (error) {
          if (mine !== sequence || error.name === 'AbortError') return;
          clearResults();
          setStatus(error instanceof TypeError ? '连接服务器失败，请检查网络后重试。' : error.message, true);
        },
      );
  }

  function scheduleSearch() {
    clearTimeout(timer);
    timer = setTimeout(search, DEBOUNCE_MS);
  }

  function docLink(hit) {
    return 'doc.html?doc=' + encodeURIComponent(hit.docId) + '#' + encodeURIComponent(hit.clauseId);
  }

  function resultItem(hit, index) {
    var item = el('li', 'result');
    item.tabIndex = -1;
    item.dataset.clauseId = hit.clauseId;

    var head = el('div', 'result-head');
    head.appendChild(el('span', 'badge region', hit.region));
    head.appendChild(el('span', 'badge kind', cite.kindLabel(hit.kind)));
    head.appendChild(el('h2', 'result-title', '《' + hit.title + '》'));
    item.appendChild(head);

    var meta = [hit.docNumber, hit.label || hit.path, hit.issuer, cite.chineseDate(hit.date)].filter(Boolean);
    item.appendChild(el('p', 'result-meta', meta.join(' · ')));
    if (Array.isArray(hit.headings) && hit.headings.length > 0) {
      item.appendChild(el('p', 'result-headings', hit.headings.join(' › ')));
    }

    var quote = el('p', 'result-quote');
    quote.id = 'quote-' + index;
    cite.highlight(quote, hit.quote, hit.matches);
    item.appendChild(quote);

    var actions = el('div', 'result-actions');
    var expand = el('button', 'expand', '展开');
    expand.type = 'button';
    expand.setAttribute('aria-expanded', 'false');
    expand.setAttribute('aria-controls', quote.id);
    expand.addEventListener('click', function () {
      toggle(item);
    });
    var copy = el('button', 'copy', '复制引用');
    copy.type = 'button';
    copy.addEventListener('click', function () {
      copyCitation(hit);
    });
    var open = el('a', 'open', '查看整份文件');
    open.href = docLink(hit);
    open.target = '_blank';
    open.rel = 'noopener';
    actions.appendChild(expand);
    actions.appendChild(copy);
    actions.appendChild(open);
    item.appendChild(actions);

    item.addEventListener('focus', function () {
      select(item);
    });
    item.yibaoHit = hit;
    return item;
  }

  function clearResults() {
    list.textContent = '';
    weakList.textContent = '';
    weakSection.hidden = true;
  }

  /** Relevant hits first; those under the server's relevance floor apart, under 相关度较低. */
  function render(hits) {
    clearResults();
    if (hits.length === 0) {
      setStatus('没有找到相关条款，换个说法或放宽筛选条件试试。');
      return;
    }
    var strong = hits.filter(function (hit) {
      return hit.relevant !== false;
    });
    var weak = hits.filter(function (hit) {
      return hit.relevant === false;
    });
    strong.forEach(function (hit, i) {
      list.appendChild(resultItem(hit, i));
    });
    weak.forEach(function (hit, i) {
      weakList.appendChild(resultItem(hit, strong.length + i));
    });
    weakSection.hidden = weak.length === 0;
    if (strong.length === 0) {
      setStatus('没有找到相关条款。下面 ' + weak.length + ' 条相关度较低，仅供参考；换个说法试试。');
    } else {
      setStatus('找到 ' + strong.length + ' 条相关条款' + (weak.length ? '，另有 ' + weak.length + ' 条相关度较低' : '') + '，按 ↓ 逐条查看。');
    }
  }

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll('.results .result'));
  }

  function select(item) {
    items().forEach(function (other) {
      other.classList.toggle('selected', other === item);
      if (other === item) other.setAttribute('aria-current', 'true');
      else other.removeAttribute('aria-current');
    });
  }

  function focusItem(item) {
    if (!item) return;
    select(item);
    item.focus();
    item.scrollIntoView({ block: 'nearest' });
  }

  function toggle(item) {
    var expanded = item.classList.toggle('expanded');
    var button = item.querySelector('.expand');
    button.setAttribute('aria-expanded', String(expanded));
    button.textContent = expanded ? '收起' : '展开';
  }

  function copyCitation(hit) {
    cite.copyText(cite.formatCitation(hit)).then(
      function () {
        cite.toast('已复制引用：《' + hit.title + '》' + hit.path);
      },
      function () {
        cite.toast('复制失败，请手动选中文字复制。');
      },
    );
  }

  function isTyping(target) {
    return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
  }

  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (event.key === '/' && !isTyping(target)) {
      event.preventDefault();
      input.focus();
      input.select();
      return;
    }
    if (target === input) {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        focusItem(items()[0]);
      }
      return;
    }
    var current = target instanceof Element ? target.closest('.result') : null;
    if (!current) return;
    var all = items();
    var at = all.indexOf(current);
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        event.preventDefault();
        focusItem(all[Math.min(at + 1, all.length - 1)]);
        break;
      case 'ArrowUp':
      case 'k':
        event.preventDefault();
        if (at === 0) input.focus();
        else focusItem(all[at - 1]);
        break;
      case 'Home':
        event.preventDefault();
        focusItem(all[0]);
        break;
      case 'End':
        event.preventDefault();
        focusItem(all[all.length - 1]);
        break;
      case 'Enter':
        if (target === current) {
          event.preventDefault();
          toggle(current);
        }
        break;
      case 'c':
        event.preventDefault();
        copyCitation(current.yibaoHit);
        break;
      case 'o':
        event.preventDefault();
        current.querySelector('.open').click();
        break;
      case 'Escape':
        event.preventDefault();
        input.focus();
        break;
    }
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    search();
  });
  input.addEventListener('input', scheduleSearch);
  selects.forEach(function (s) {
    s.addEventListener('change', function () {
      showRegionChoice();
      search();
    });
  });
  onlyBox.addEventListener('change', function () {
    showRegionChoice();
    search();
  });

  // Restore a shared or reloaded search once the filters are filled from the server's lists.
  var initial = new URLSearchParams(location.search);
  input.value = initial.get('q') || '';
  input.focus();
  cite.meta.then(
    function (meta) {
      fillFilters(meta);
      selects.forEach(function (s) {
        var value = initial.get(s.name);
        if (value && s.querySelector('option[value="' + CSS.escape(value) + '"]')) s.value = value;
      });
      onlyBox.checked = initial.get('only') === '1';
      showRegionChoice();
      if (input.value) search();
    },
    function () {
      setStatus('连接服务器失败，请检查网络后刷新页面。', true);
    },
  );
})();
