// Staff review page: declined questions and 没用 answers, grouped, most asked first; attach a
// question to a clause in one click. The staff token is kept in this tab only (sessionStorage)
// and sent as `Authorization: Bearer` with every /api/review call. Server text is only ever
// placed with textContent, never parsed as HTML.
(function () {
  'use strict';

  /** Where the staff token is kept for this tab. */
  var TOKEN_KEY = 'yibao.staffToken';
  /** Groups loaded per page. */
  var LIMIT = 50;
  /** How long a toast stays up. */
  var TOAST_MS = 2500;
  /** Reason codes (bot/answerability.ts) in Chinese. */
  var REASONS = {
    out_of_domain: '与医保无关',
    personal_case: '个人业务',
    unfamiliar_thing: '文件未提及',
    no_match: '无匹配条款',
    weak_match: '匹配太弱',
    other_scheme: '其他险种',
    either_or_not_settled: '二选一未说明',
    yes_no_action_not_spoken: '未提到该做法',
    amount_not_stated: '未写金额比例',
    year_not_stated: '未写年份',
    time_not_stated: '未写时限',
    materials_not_stated: '未写材料',
    contact_not_stated: '未写电话',
    place_not_stated: '未写地点',
    institution_not_named: '未列机构',
    procedure_not_stated: '未写办理步骤',
  };

  var signin = document.getElementById('signin');
  var tokenInput = document.getElementById('token');
  var tools = document.getElementById('tools');
  var statusLine = document.getElementById('status');
  var list = document.getElementById('groups');
  var exported = document.getElementById('exported');
  var toast = document.getElementById('toast');
  var toastTimer = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function setStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle('error', Boolean(isError));
  }

  function showToast(text) {
    toast.textContent = text;
    toast.classList.add('show');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () {
      toast.classList.remove('show');
    }, TOAST_MS);
  }

  function token() {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch (e) {
      return null;
    }
  }

  function setToken(value) {
    try {
      if (value) sessionStorage.setItem(TOKEN_KEY, value);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch (e) {
      /* private mode: the token lasts as long as the page */
    }
    memoryToken = value;
  }
  var memoryToken = token();

  function askForToken(message) {
    setToken(null);
    list.textContent = '';
    tools.hidden = true;
    signin.hidden = false;
    setStatus(message || '请输入工作人员口令。', Boolean(message));
    tokenInput.focus();
  }

  /** Calls the review API; rejects with an Error carrying a message to show (401: asks for the token). */
  function api(method, path, body) {
    var headers = { Authorization: 'Bearer ' + memoryToken };
    if (body) headers['Content-Type'] = 'application/json';
    return fetch('../api/review/' + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined }).then(function (res) {
      if (res.status === 401) {
        askForToken('口令不对或已失效，请重新输入。');
        throw new Error('口令不对或已失效。');
      }
      if (res.status === 204) return null;
      var type = res.headers.get('content-type') || '';
      var read = type.indexOf('application/json') >= 0 ? res.json() : res.text();
      return read.then(function (data) {
        if (!res.ok) throw new Error(((data && data.error && data.error.message) || '请求失败').split(' / ')[0]);
        return data;
      });
    });
  }

  function counted(counts, names) {
    return Object.keys(counts)
      .sort(function (a, b) {
        return counts[b] - counts[a];
      })
      .map(function (k) {
        return (names && names[k] ? names[k] : k) + ' ' + counts[k];
      })
      .join('、');
  }

  function facts(group) {
    var parts = [];
    if (group.sources.declined) parts.push('未回答 ' + group.sources.declined);
    if (group.sources.not_useful) parts.push('“没用” ' + group.sources.not_useful);
    if (group.sources.suggested) parts.push('用户选择 ' + group.sources.suggested);
    var reasons = counted(group.reasons, REASONS);
    if (reasons) parts.push('原因：' + reasons);
    var regions = counted(group.regions);
    if (regions) parts.push('地区：' + regions);
    parts.push('最近：' + new Date(group.lastAt).toLocaleString('zh-CN'));
    return parts.join(' · ');
  }

  function variantsOf(group) {
    return group.variants.map(function (v) {
      return v.question;
    });
  }

  /** Attaches the card's question to a clause, then removes the card. */
  function attach(card, group, clauseId, label) {
    var question = card.querySelector('.group-question').value.trim();
    if (!question) {
      showToast('问题不能为空。');
      return;
    }
    card.querySelectorAll('button').forEach(function (b) {
      b.disabled = true;
    });
    api('POST', 'attach', { clauseId: clauseId, question: question, variants: variantsOf(group) }).then(
      function (data) {
        card.remove();
        showToast((data.status === 'attached' ? '已归入：' : '该条款已有这个问题：') + label);
        if (!list.children.length) setStatus('没有待复核的问题了。');
      },
      function (error) {
        showToast(error.message);
        card.querySelectorAll('button').forEach(function (b) {
          b.disabled = false;
        });
      },
    );
  }

  function dismiss(card, group) {
    api('POST', 'dismiss', { questions: variantsOf(group) }).then(
      function () {
        card.remove();
        showToast('已忽略。');
      },
      function (error) {
        showToast(error.message);
      },
    );
  }

  function candidateItem(card, group, c) {
    var item = el('li', 'candidate');
    item.dataset.clauseId = c.clauseId;
    var title = el('span', 'candidate-title', '《' + c.title + '》' + c.path);
    if (c.picked) title.appendChild(el('span', 'flag', '用户选择 ' + c.picked));
    if (c.notUseful) title.appendChild(el('span', 'flag bad', '“没用” ' + c.notUseful));
    item.appendChild(title);
    item.appendChild(el('p', 'candidate-text', c.text));
    var button = el('button', 'attach', '归入此条款');
    button.type = 'button';
    button.addEventListener('click', function () {
      attach(card, group, c.clauseId, '《' + c.title + '》' + c.path);
    });
    item.appendChild(button);
    return item;
  }

  function groupCard(group) {
    var card = el('li', 'group');
    card.dataset.key = group.key;
    var head = el('div', 'group-head');
    var input = el('input', 'group-question');
    input.type = 'text';
    input.value = group.question;
    input.setAttribute('aria-label', '归入条款的问题（可修改）');
    head.appendChild(input);
    head.appendChild(el('span', 'count', '×' + group.count));
    card.appendChild(head);
    card.appendChild(el('p', 'facts', facts(group)));
    if (group.variants.length > 1) {
      var more = el('details', 'variants');
      more.appendChild(el('summary', null, '相近问法 ' + group.variants.length + ' 种'));
      var ul = el('ul');
      group.variants.forEach(function (v) {
        ul.appendChild(el('li', null, v.question + '（' + v.count + '）'));
      });
      more.appendChild(ul);
      card.appendChild(more);
    }
    var candidates = el('ol', 'candidates');
    candidates.setAttribute('aria-label', '可能回答它的条款');
    group.candidates.forEach(function (c) {
      candidates.appendChild(candidateItem(card, group, c));
    });
    card.appendChild(candidates);
    var other = el('div', 'other');
    var clauseInput = el('input');
    clauseInput.type = 'text';
    clauseInput.placeholder = '其他条款 ID，如 cn-social-insurance-law:a23.p2';
    clauseInput.setAttribute('aria-label', '其他条款 ID');
    var otherButton = el('button', 'attach', '归入');
    otherButton.type = 'button';
    otherButton.addEventListener('click', function () {
      var id = clauseInput.value.trim();
      if (id) attach(card, group, id, id);
    });
    var dismissButton = el('button', 'dismiss', '忽略');
    dismissButton.type = 'button';
    dismissButton.addEventListener('click', function () {
      dismiss(card, group);
    });
    other.appendChild(clauseInput);
    other.appendChild(otherButton);
    other.appendChild(dismissButton);
    card.appendChild(other);
    return card;
  }

  function load() {
    setStatus('正在加载…');
    api('GET', 'queue?limit=' + LIMIT).then(
      function (data) {
        signin.hidden = true;
        tools.hidden = false;
        list.textContent = '';
        var groups = data.groups || [];
        groups.forEach(function (g) {
          list.appendChild(groupCard(g));
        });
        setStatus(groups.length ? '共 ' + groups.length + ' 组待复核，次数多的在前。' : '没有待复核的问题了。');
      },
      function (error) {
        if (signin.hidden) setStatus(error.message, true);
      },
    );
  }

  signin.addEventListener('submit', function (event) {
    event.preventDefault();
    setToken(tokenInput.value.trim());
    tokenInput.value = '';
    load();
  });
  document.getElementById('refresh').addEventListener('click', load);
  document.getElementById('signout').addEventListener('click', function () {
    askForToken();
  });
  document.getElementById('export').addEventListener('click', function () {
    api('GET', 'export').then(
      function (text) {
        exported.textContent = text || '还没有归入的问题。';
        exported.hidden = false;
      },
      function (error) {
        showToast(error.message);
      },
    );
  });

  if (memoryToken) load();
  else askForToken();
})();
