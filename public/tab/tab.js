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

  async function api(path, init) {
    const headers = { ...(state.token ? { authorization: `Bearer ${state.token}` } : {}), ...((init && init.headers) || {}) };
    const response = await fetch(path, { ...(init || {}), headers });
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
    renderDocuments(data.documents || [], data.organiser);
  }

  const MAX_BYTES = 20 * 1024 * 1024;

  function renderDocuments(documents, organiser) {
    const cell = (label, value, cls) => el('td', { 'data-label': label, ...(cls ? { class: cls } : {}) }, value === null || value === undefined ? '–' : String(value));
    $('documenten').querySelector('tbody').replaceChildren(
      ...documents.map((d) =>
        el('tr', {}, el('td', { 'data-label': 'Titel' }, el('strong', {}, d.title), el('div', { class: 'subtle' }, d.content)), cell('Datum', d.date), cell('Auteur', d.author), cell("Pagina's", d.pages, 'num'), cell('Toegevoegd door', `${d.addedBy}, ${d.addedAt}`)),
      ),
    );
    $('documenten').hidden = documents.length === 0;
    $('documenten-leeg').hidden = documents.length > 0;
    $('upload').hidden = !organiser;
    const select = $('vervangt');
    const chosen = select.value;
    select.replaceChildren(el('option', { value: '' }, 'geen: een nieuw document'), ...documents.map((d) => el('option', { value: d.id }, `${d.title}${d.date ? ` (${d.date})` : ''}`)));
    select.value = documents.some((d) => d.id === chosen) ? chosen : '';
  }

  function showUploadError(message) {
    $('upload-fout').textContent = message;
    $('upload-fout').hidden = false;
  }

  function renderAdded(r) {
    const open = r.proposals.filter((p) => p.state === 'open');
    const where = open.length === 0
      ? null
      : r.proposalsSent
        ? el('p', {}, `Ik vond ${open.length} ${open.length === 1 ? 'deadline' : 'deadlines'}. De kaart met Toevoegen, Aanpassen en Overslaan staat in je chat met Adviesbot.`)
        : el('p', {}, `Ik vond ${open.length} ${open.length === 1 ? 'deadline' : 'deadlines'}. Typ "documenten" in je chat met Adviesbot en kies "Deadlines uit dit document" om ze toe te voegen.`);
    return el(
      'div',
      { class: 'added' },
      el('h4', {}, r.replaced ? 'Nieuwe versie toegevoegd' : 'Document toegevoegd'),
      el('p', {}, el('strong', {}, r.document.title), ` (${r.document.date || 'datum onbekend'}), ${r.document.content}.`),
      r.replaced ? el('p', {}, r.replaced) : null,
      where,
      r.proposals.length ? el('ul', {}, ...r.proposals.map((p) => el('li', {}, `${p.due}: ${p.kind}, ${p.body} (${p.place})${p.state !== 'open' ? `: al ${p.state}` : ''}`))) : el('p', {}, 'Ik vond er geen deadlines in die nog komen.'),
    );
  }

  async function upload(event) {
    event.preventDefault();
    $('upload-fout').hidden = true;
    const file = $('bestand').files && $('bestand').files[0];
    if (!file) return showUploadError('Kies eerst een bestand.');
    if (file.size > MAX_BYTES) return showUploadError(`"${file.name}" is ${(file.size / 1024 / 1024).toFixed(1)} MB; het maximum is 20 MB. Er is niets opgeslagen.`);
    const params = new URLSearchParams({ name: file.name });
    for (const [key, id] of [['title', 'titel'], ['date', 'datum'], ['author', 'auteur'], ['replaces', 'vervangt']]) if ($(id).value.trim()) params.set(key, $(id).value.trim());
    if (state.scope) params.set('scope', state.scope);
    const button = $('upload').querySelector('button');
    button.disabled = true;
    $('upload-resultaat').replaceChildren(el('p', { class: 'subtle' }, `Bezig met lezen van "${file.name}"…`));
    try {
      const r = await api(`/api/tab/documents?${params}`, { method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream' } });
      $('upload-resultaat').replaceChildren(renderAdded(r));
      $('upload').querySelectorAll('input').forEach((input) => { input.value = ''; });
      renderOverview(await api(`/api/tab/overview${state.scope ? `?scope=${encodeURIComponent(state.scope)}` : ''}`));
    } catch (error) {
      $('upload-resultaat').replaceChildren();
      showUploadError(error.message);
    } finally {
      button.disabled = false;
    }
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
    $('upload').addEventListener('submit', upload);
    state.inTeams = await initTeams();
    try {
      renderOverview(await api(`/api/tab/overview${state.scope ? `?scope=${encodeURIComponent(state.scope)}` : ''}`));
    } catch (error) {
      showError(`Het dossier kon niet worden geladen: ${error.message}`);
    }
  }

  start();
})();
