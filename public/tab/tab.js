// Adviesdossier tab: inside Teams it initialises teams-js, follows the theme, and sends a single sign-on token to
// /api/tab/; outside Teams it runs in local development mode (the server only allows that without an app id).
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = { token: null, scope: null, inTeams: false };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else node.setAttribute(k, v);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    return node;
  }

  function applyTheme(theme) {
    document.body.className = theme === 'dark' ? 'theme-dark' : theme === 'contrast' ? 'theme-contrast' : 'theme-default';
  }

  async function initTeams() {
    const teams = window.microsoftTeams;
    if (!teams || window.parent === window) return false;
    try {
      await Promise.race([teams.app.initialize(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000))]);
      const context = await teams.app.getContext();
      applyTheme(context.app.theme);
      teams.app.registerOnThemeChangeHandler(applyTheme);
      state.scope = (context.team && context.team.internalId) || (context.chat && context.chat.id) || null;
      state.token = await teams.authentication.getAuthToken();
      teams.app.notifySuccess();
      return true;
    } catch {
      showError('Aanmelden in Teams lukte niet. Sluit het tabblad en open het opnieuw.');
      return false;
    }
  }

  async function api(path) {
    const headers = state.token ? { authorization: `Bearer ${state.token}` } : {};
    const response = await fetch(path, { headers });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || `Fout ${response.status}`);
    return body;
  }

  function showError(message) {
    $('fout').textContent = message;
    $('fout').hidden = false;
  }

  function renderOverview(data) {
    if (data.mode === 'lokaal') {
      $('mode').textContent = 'Lokale ontwikkelmodus: niet in Teams en zonder aanmelding. Je ziet alle gegevens van deze server.';
      $('mode').hidden = false;
    }
    $('today').textContent = data.today ? `Stand op ${data.today}.` : '';
    const list = $('deadlines');
    list.replaceChildren(
      ...data.deadlines.map((d) =>
        el('li', {}, el('span', { class: 'when' }, d.due), el('span', { class: 'left' }, d.left), el('div', {}, el('strong', {}, d.title)), el('div', { class: 'subtle' }, `${d.body}, ${d.kind}`)),
      ),
    );
    $('deadlines-leeg').hidden = data.deadlines.length > 0;
    $('known').replaceChildren(...data.knownDates.map((k) => el('li', {}, `${k.when}: ${k.title} (${k.relative})`)));
    $('kop-kennisbank-data').hidden = data.knownDates.length === 0;
    const drafts = $('drafts');
    drafts.replaceChildren(
      ...data.drafts.map((d) => {
        const table = d.tally
          ? el(
              'table',
              {},
              el('caption', { class: 'subtle' }, d.state === 'gesloten' ? 'Uitslag' : 'Tussenstand'),
              ...d.tally.map((t) => el('tr', {}, el('th', { scope: 'row' }, t.label), el('td', { class: 'num' }, String(t.count)))),
            )
          : el('p', { class: 'subtle' }, `Uitslag: ${d.hidden}`);
        return el(
          'article',
          { class: 'draft' },
          el('h3', {}, `Deeladvies ${d.number}: ${d.title}`),
          el('p', {}, `${d.state === 'gesloten' ? 'Gesloten' : `Open, sluit ${d.closes}`}. ${d.votes} ${d.votes === 1 ? 'stem' : 'stemmen'}, ${d.comments} ${d.comments === 1 ? 'reactie' : 'reacties'}.`),
          table,
          d.outcome ? el('p', {}, el('strong', {}, 'Uitkomst: '), d.outcome) : null,
        );
      }),
    );
    $('drafts-leeg').hidden = data.drafts.length > 0;
  }

  async function search(event) {
    event.preventDefault();
    const q = $('vraag').value.trim();
    if (!q) return;
    const target = $('antwoord');
    target.replaceChildren(el('p', { class: 'subtle' }, 'Bezig met zoeken…'));
    try {
      const r = await api(`/api/tab/search?q=${encodeURIComponent(q)}`);
      if (r.kind === 'answer') {
        target.replaceChildren(
          el('div', { class: 'answer' }, el('h3', {}, r.title), el('p', {}, r.answer), r.date ? el('p', {}, el('strong', {}, 'Datum: '), r.date) : null, ...r.sources.map((s) => el('p', { class: 'source' }, `Bron: ${s}`))),
        );
      } else if (r.kind === 'unknown') {
        target.replaceChildren(el('div', { class: 'answer' }, el('h3', {}, 'Dat weet ik niet zeker'), el('p', {}, 'Geen betrouwbaar antwoord in de kennisbank. Misschien bedoel je:'), el('ul', {}, ...r.suggestions.map((s) => el('li', {}, s)))));
      } else {
        target.replaceChildren(el('div', { class: 'answer' }, el('h3', {}, 'Wat komt eraan'), el('ul', {}, ...r.items.map((s) => el('li', {}, s)))));
      }
    } catch (error) {
      target.replaceChildren();
      showError(error.message);
    }
  }

  async function start() {
    $('zoek').addEventListener('submit', search);
    state.inTeams = await initTeams();
    try {
      renderOverview(await api(`/api/tab/overview${state.scope ? `?scope=${encodeURIComponent(state.scope)}` : ''}`));
    } catch (error) {
      showError(`Het dossier kon niet worden geladen: ${error.message}`);
    }
  }

  start();
})();
