// Whole-document view: doc.html?doc=ID#clauseId shows every clause of the document in order,
// scrolled to the clause named after `#`, which is highlighted and can be copied with its citation.
(function () {
  'use strict';

  var cite = window.YibaoCite;
  var HEADING_TAGS = { part: 'h2', chapter: 'h2', section: 'h3' };

  var titleEl = document.getElementById('title');
  var metaEl = document.getElementById('meta');
  var noteEl = document.getElementById('note');
  var statusEl = document.getElementById('status');
  var docEl = document.getElementById('doc');
  var doc = null;
  var clausesById = {};

  var el = cite.el;

  /** The heading a clause introduces: the last of its heading chain, else its path. */
  function ownHeading(clause) {
    var headings = Array.isArray(clause.headings) ? clause.headings : [];
    return headings.length > 0 ? headings[headings.length - 1] : clause.path;
  }

  /** A heading that says more than the clause's own number (`（一）指导思想`, not `第四条`). */
  function telling(clause) {
    var heading = ownHeading(clause);
    return heading && heading !== clause.path && clause.path.slice(-heading.length) !== heading ? heading : '';
  }

  /** Path labels help in plans (`三、（四）第1段`); in laws the text already starts with `第X条`. */
  function showsPath(clause) {
    return Boolean(clause.path) && clause.path.indexOf('条') < 0;
  }

  function renderClause(clause) {
    var node;
    var tag = HEADING_TAGS[clause.level];
    if (!clause.text) {
      // A heading-only node: its heading, or just an anchor when the heading repeats the text below.
      var heading = tag ? ownHeading(clause) : telling(clause);
      node = heading ? el(tag || 'h4', 'clause-heading', heading) : el('span', 'anchor');
    } else {
      node = el('div', 'clause level-' + clause.level);
      if (tag) node.appendChild(el(tag, 'clause-heading', ownHeading(clause)));
      var body = el('p', 'body');
      if (showsPath(clause)) body.appendChild(el('span', 'path', clause.label || clause.path));
      body.appendChild(document.createTextNode(clause.text));
      node.appendChild(body);
    }
    node.id = clause.id;
    node.tabIndex = -1;
    node.title = clause.label || clause.path || '';
    return node;
  }

  function citationFor(clause) {
    return {
      title: doc.title,
      docNumber: doc.docNumber,
      path: clause.path,
      issuer: doc.issuer,
      date: doc.date,
      quote: clause.text,
    };
  }

  /** Highlights the clause named in the address and scrolls it to the middle of the screen. */
  function showTarget() {
    var previous = docEl.querySelector('.target');
    if (previous) {
      previous.classList.remove('target');
      previous.removeAttribute('aria-current');
      var oldButton = previous.querySelector('.copy-here');
      if (oldButton) oldButton.remove();
    }
    var id = decodeURIComponent(location.hash.slice(1));
    var clause = clausesById[id];
    var node = id ? document.getElementById(id) : null;
    if (!node || !clause) {
      if (id) statusEl.textContent = '没有在这份文件里找到指定的条款，下面是全文。';
      return;
    }
    node.classList.add('target');
    node.setAttribute('aria-current', 'true');
    if (clause.text) {
      var button = el('button', 'button primary copy-here', '复制这条引用');
      button.type = 'button';
      button.addEventListener('click', function () {
        cite.copyText(cite.formatCitation(citationFor(clause))).then(
          function () {
            cite.toast('已复制引用：《' + doc.title + '》' + clause.path);
          },
          function () {
            cite.toast('复制失败，请手动选中文字复制。');
          },
        );
      });
      node.appendChild(button);
    }
    node.scrollIntoView({ block: 'start' }); // scroll-margin-top keeps some context above it
    node.focus({ preventScroll: true });
  }

  function render(data) {
    doc = data.document;
    document.title = doc.title + ' · 医保政策条款检索';
    titleEl.textContent = '《' + doc.title + '》';
    var meta = [doc.docNumber, doc.issuer, cite.chineseDate(doc.date), doc.region, cite.kindLabel(doc.kind)].filter(Boolean);
    metaEl.textContent = meta.join(' · ');
    if (doc.kind === 'plan' || doc.kind === 'news') {
      noteEl.hidden = false;
      noteEl.textContent =
        doc.kind === 'plan' ? '规划文件写的是工作目标，具体办理以当地医保部门规定为准。' : '这是新闻报道摘要，以正式文件为准。';
    }
    var fragment = document.createDocumentFragment();
    data.clauses.forEach(function (clause) {
      clausesById[clause.id] = clause;
      fragment.appendChild(renderClause(clause));
    });
    docEl.appendChild(fragment);
    docEl.hidden = false;
    showTarget();
  }

  var docId = new URLSearchParams(location.search).get('doc');
  if (!docId) {
    titleEl.textContent = '没有指定文件';
    statusEl.textContent = '请从条款检索页点“查看整份文件”打开。';
    return;
  }
  var labels = cite.meta.catch(function () {
    return null; // without the kind labels the document still shows
  });
  fetch('../api/documents/' + encodeURIComponent(docId))
    .then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) throw new Error((data && data.error && data.error.message ? data.error.message : '打开文件失败').split(' / ')[0]);
        return labels.then(function () {
          return data;
        });
      });
    })
    .then(render, function (error) {
      titleEl.textContent = '打开文件失败';
      statusEl.textContent = error instanceof TypeError ? '连接服务器失败，请检查网络后重试。' : error.message;
      statusEl.classList.add('error');
    });
  window.addEventListener('hashchange', showTarget);
})();
