// Chat page: sends questions to the web chat channel and shows cited answers.
// Server text is only ever placed with textContent, never parsed as HTML.
(function () {
  'use strict';

  /** Where the conversation id is kept, so a reload keeps the conversation's context. */
  var STORAGE_KEY = 'yibao.conversationId';
  /** Shown when the network or the server fails without a message of its own. */
  var NETWORK_ERROR = '网络连接出错了，请检查网络后重试。';
  /** Document kinds in Chinese, shared with the console (cite.js). */
  var KIND_LABELS = window.YibaoCite.KIND_LABELS;

  var messages = document.getElementById('messages');
  var log = document.getElementById('log');
  var hint = document.getElementById('hint');
  var form = document.getElementById('composer');
  var input = document.getElementById('question');
  var sendButton = document.getElementById('send');
  var busy = false;

  if (new URLSearchParams(location.search).has('embed')) document.body.classList.add('embedded');

  /** Creates an element with a class and (optionally) text content. */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function storedConversationId() {
    try {
      return sessionStorage.getItem(STORAGE_KEY);
    } catch (e) {
      return null;
    }
  }

  function storeConversationId(id) {
    try {
      sessionStorage.setItem(STORAGE_KEY, id);
    } catch (e) {
      /* private mode: the conversation just lasts as long as the page */
    }
  }

  var conversationId = storedConversationId();

  /** The Chinese part of an API error message (`中文 / English`). */
  function chineseMessage(message) {
    return typeof message === 'string' && message ? message.split(' / ')[0] : NETWORK_ERROR;
  }

  /** POSTs JSON; resolves with the parsed body, rejects with an Error carrying a message to show. */
  function postJson(url, body) {
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body || {}),
    }).then(
      function (res) {
        if (res.status === 204) return null;
        return res.json().then(
          function (data) {
            if (!res.ok) throw new Error(chineseMessage(data && data.error && data.error.message));
            return data;
          },
          function () {
            throw new Error(NETWORK_ERROR);
          },
        );
      },
      function () {
        throw new Error(NETWORK_ERROR);
      },
    );
  }

  function ensureConversation() {
    if (conversationId) return Promise.resolve(conversationId);
    return postJson('web/conversations').then(function (data) {
      conversationId = data.conversationId;
      storeConversationId(conversationId);
      return conversationId;
    });
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function addUserMessage(text) {
    var bubble = el('div', 'msg user');
    bubble.appendChild(el('span', 'visually-hidden', '我：'));
    bubble.appendChild(el('p', 'text', text));
    messages.appendChild(bubble);
  }

  /** One citation: title, 文号 and clause path; opening it shows the verbatim clause. */
  function citationCard(citation, index) {
    var card = el('details', 'citation');
    card.dataset.clauseId = citation.clauseId;
    var summary = el('summary');
    var head = el('span', 'citation-head');
    head.appendChild(el('span', 'citation-index', index === 0 ? '依据' : '相关'));
    head.appendChild(el('span', 'citation-title', '《' + citation.title + '》'));
    summary.appendChild(head);
    var meta = [];
    if (citation.docNumber) meta.push(citation.docNumber);
    if (citation.path) meta.push(citation.path);
    if (citation.region) meta.push(citation.region);
    if (KIND_LABELS[citation.kind]) meta.push(KIND_LABELS[citation.kind]);
    summary.appendChild(el('span', 'citation-meta', meta.join(' · ')));
    summary.appendChild(el('span', 'citation-toggle', '展开原文'));
    card.appendChild(summary);
    card.appendChild(el('blockquote', 'citation-quote', citation.quote));
    card.addEventListener('toggle', function () {
      card.querySelector('.citation-toggle').textContent = card.open ? '收起原文' : '展开原文';
    });
    return card;
  }

  function feedbackBar(clauseId) {
    var bar = el('div', 'feedback');
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', '这条回答有帮助吗');
    var label = el('span', 'feedback-label', '这条回答有帮助吗？');
    bar.appendChild(label);
    [
      { text: '有用', useful: true },
      { text: '没用', useful: false },
    ].forEach(function (choice) {
      var button = el('button', 'feedback-button', choice.text);
      button.type = 'button';
      button.dataset.useful = String(choice.useful);
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', function () {
        var buttons = bar.querySelectorAll('button');
        buttons.forEach(function (b) {
          b.disabled = true;
        });
        button.setAttribute('aria-pressed', 'true');
        postJson('web/feedback', { conversationId: conversationId, clauseId: clauseId, useful: choice.useful }).then(
          function () {
            label.textContent = '谢谢您的反馈！';
          },
          function (error) {
            label.textContent = error.message && error.message !== NETWORK_ERROR ? error.message : '反馈没有发送成功，请稍后再试。';
            button.setAttribute('aria-pressed', 'false');
            buttons.forEach(function (b) {
              b.disabled = false;
            });
          },
        );
      });
      bar.appendChild(button);
    });
    return bar;
  }

  function followUpChips(followUps) {
    var list = el('ul', 'chips follow-ups');
    list.setAttribute('aria-label', '您可能还想问');
    followUps.forEach(function (text) {
      var item = el('li');
      var chip = el('button', 'chip', text);
      chip.type = 'button';
      chip.addEventListener('click', function () {
        ask(text);
      });
      item.appendChild(chip);
      list.appendChild(item);
    });
    return list;
  }

  /**
   * "您想问的是": the two clauses the answer could rest on. Picking one is recorded for staff
   * review; picking the other one shows that clause.
   */
  function choiceBar(reply) {
    var answeredId = reply.citations && reply.citations[0] ? reply.citations[0].clauseId : null;
    var bar = el('div', 'choices');
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', '您想问的是');
    var label = el('p', 'choices-label', '您想问的是：');
    bar.appendChild(label);
    var list = el('ul', 'chips');
    reply.choices.forEach(function (choice) {
      var item = el('li');
      var button = el('button', 'chip choice', choice.label);
      button.type = 'button';
      button.dataset.clauseId = choice.clauseId;
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', function () {
        var buttons = bar.querySelectorAll('button');
        buttons.forEach(function (b) {
          b.disabled = true;
        });
        button.setAttribute('aria-pressed', 'true');
        postJson('web/conversations/' + encodeURIComponent(conversationId) + '/choices', { clauseId: choice.clauseId }).then(
          function (data) {
            label.textContent = '谢谢，已记录您的选择。';
            if (choice.clauseId !== answeredId) (data.replies || []).forEach(addBotReply);
            scrollToEnd();
          },
          function (error) {
            label.textContent = error.message || NETWORK_ERROR;
            button.setAttribute('aria-pressed', 'false');
            buttons.forEach(function (b) {
              b.disabled = false;
            });
          },
        );
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    bar.appendChild(list);
    return bar;
  }

  function addBotReply(reply) {
    var bubble = el('div', 'msg bot');
    bubble.dataset.kind = reply.kind || '';
    bubble.appendChild(el('span', 'visually-hidden', '医保问答：'));
    bubble.appendChild(el('p', 'text', reply.text));
    var citations = Array.isArray(reply.citations) ? reply.citations : [];
    if (citations.length > 0) {
      var box = el('div', 'citations');
      box.appendChild(el('p', 'citations-label', '出处（点击查看条款原文）'));
      citations.forEach(function (c, i) {
        box.appendChild(citationCard(c, i));
      });
      bubble.appendChild(box);
      bubble.appendChild(feedbackBar(citations[0].clauseId));
    }
    if (Array.isArray(reply.choices) && reply.choices.length > 1) bubble.appendChild(choiceBar(reply));
    messages.appendChild(bubble);
    if (Array.isArray(reply.followUps) && reply.followUps.length > 0) {
      messages.appendChild(followUpChips(reply.followUps));
    }
  }

  function addError(message, retry) {
    var bubble = el('div', 'msg bot error');
    bubble.setAttribute('role', 'alert');
    bubble.appendChild(el('p', 'text', message));
    var again = el('button', 'retry', '重试');
    again.type = 'button';
    again.addEventListener('click', function () {
      bubble.remove();
      retry();
    });
    bubble.appendChild(again);
    messages.appendChild(bubble);
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    form.setAttribute('aria-busy', String(value));
  }

  function send(text) {
    setBusy(true);
    var pending = el('div', 'msg bot pending', '正在查找相关条款…');
    pending.setAttribute('aria-hidden', 'true');
    messages.appendChild(pending);
    scrollToEnd();
    return ensureConversation()
      .then(function (id) {
        return postJson('web/conversations/' + encodeURIComponent(id) + '/messages', { text: text });
      })
      .then(
        function (data) {
          pending.remove();
          (data.replies || []).forEach(addBotReply);
        },
        function (error) {
          pending.remove();
          addError(error.message || NETWORK_ERROR, function () {
            send(text);
          });
        },
      )
      .then(function () {
        setBusy(false);
        scrollToEnd();
      });
  }

  function ask(text) {
    var question = String(text).trim();
    if (!question || busy) return;
    if (hint) hint.hidden = true;
    addUserMessage(question);
    send(question);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim() || busy) {
      input.focus();
      return;
    }
    input.value = '';
    resize();
    ask(text);
  });

  // Enter sends, Shift+Enter starts a new line; Enter that confirms a pinyin candidate does neither.
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });

  /** Grows the input with its text, up to the height set in CSS. */
  function resize() {
    input.style.height = 'auto';
    input.style.height = input.scrollHeight + 'px';
  }
  input.addEventListener('input', resize);

  document.querySelectorAll('[data-question]').forEach(function (chip) {
    chip.addEventListener('click', function () {
      ask(chip.textContent);
    });
  });
})();
