import * as api from './api.js';

const FILTERS = ['genre', 'style', 'mood', 'tags', 'rating'];
const TAKES = [['primary', 'A'], ['alternate', 'B']];
const PAGE_SIZE = 20;

const form = document.getElementById('filters');
const list = document.getElementById('beats');
const status = document.getElementById('status');
const more = document.getElementById('more');
const player = document.getElementById('player');
const tokenInput = document.getElementById('admin-token');
const beatTemplate = document.getElementById('beat-template');

const state = { filters: {}, cursor: null, done: false, loading: null, generation: 0, total: 0, current: null };

// ------------------------------------------------------------------------------------------------------ filters

function filtersFromUrl() {
  const query = new URLSearchParams(location.search);
  return Object.fromEntries(FILTERS.map((name) => [name, query.get(name) || '']));
}

function showFilters(filters) {
  for (const name of FILTERS) {
    const control = form.elements[name];
    if (control.tagName === 'SELECT' && filters[name] && ![...control.options].some((o) => o.value === filters[name])) {
      control.add(new Option(filters[name], filters[name]));
    }
    control.value = filters[name];
  }
}

function filtersFromForm() {
  return Object.fromEntries(FILTERS.map((name) => [name, form.elements[name].value.trim()]));
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  applyFilters(filtersFromForm());
});
form.addEventListener('change', (event) => {
  if (event.target.tagName === 'SELECT') applyFilters(filtersFromForm());
});
form.addEventListener('reset', () => setTimeout(() => applyFilters(filtersFromForm())));
window.addEventListener('popstate', () => {
  showFilters(filtersFromUrl());
  reload(filtersFromUrl());
});

function applyFilters(filters) {
  const query = new URLSearchParams();
  for (const name of FILTERS) if (filters[name]) query.set(name, filters[name]);
  const search = query.toString() ? `?${query}` : '';
  if (search !== location.search) history.pushState(null, '', `${location.pathname}${search}`);
  reload(filters);
}

/** Options from the catalog (GET /api/templates), each with its number of templates. */
async function loadOptions() {
  const templates = await api.templates();
  const counts = { genre: new Map(), style: new Map(), mood: new Map(), tags: new Map() };
  for (const t of templates) {
    for (const name of ['genre', 'style', 'mood']) counts[name].set(t[name], (counts[name].get(t[name]) || 0) + 1);
    for (const tag of t.tags) counts.tags.set(tag, (counts.tags.get(tag) || 0) + 1);
  }
  const current = filtersFromUrl();
  for (const name of ['genre', 'style', 'mood']) {
    const select = form.elements[name];
    for (const [value, n] of [...counts[name]].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (value !== current[name]) select.add(new Option(`${value} (${n})`, value));
    }
  }
  const datalist = document.getElementById('tag-options');
  for (const [tag] of [...counts.tags].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    datalist.append(new Option(tag));
  }
}

// ------------------------------------------------------------------------------------------------ the list

function reload(filters) {
  state.filters = filters;
  state.cursor = null;
  state.done = false;
  state.generation += 1;
  state.loading = null;
  list.replaceChildren();
  loadPage();
}

/** One page per call and one call at a time: scrolling fast never sends more than one request. */
function loadPage() {
  if (state.loading || state.done) return state.loading;
  const generation = state.generation;
  status.textContent = state.cursor ? 'Loading more beats…' : 'Loading beats…';
  state.loading = api.listBeats(state.filters, state.cursor, PAGE_SIZE)
    .then((page) => {
      if (generation !== state.generation) return;
      state.total = page.total;
      state.cursor = page.nextCursor;
      state.done = !page.nextCursor;
      list.append(...page.items.map(renderBeat));
      if (performance.getEntriesByName('first-list').length === 0) performance.mark('first-list');
      status.textContent = `${page.total.toLocaleString('en')} beat${page.total === 1 ? '' : 's'}`
        + (state.done ? '' : `, ${list.children.length} shown`);
    })
    .catch((error) => {
      if (generation === state.generation) status.textContent = `Could not load beats: ${error.message}`;
    })
    .finally(() => {
      if (generation !== state.generation) return;
      state.loading = null;
      // a page shorter than the window leaves the sentinel visible: the observer does not fire again by itself
      if (!state.done && isVisible(more)) loadPage();
    });
  return state.loading;
}

function isVisible(element) {
  const box = element.getBoundingClientRect();
  return box.top < window.innerHeight && box.bottom >= 0;
}

new IntersectionObserver((entries) => {
  if (entries.some((e) => e.isIntersecting)) loadPage();
}, { rootMargin: '400px 0px' }).observe(more);

const duration = (seconds) => seconds == null ? 'length unknown'
  : `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

function renderBeat(beat) {
  const item = beatTemplate.content.firstElementChild.cloneNode(true);
  item.dataset.id = beat.id;
  const titleId = `beat-${beat.id}`;
  item.querySelector('article').setAttribute('aria-labelledby', titleId);
  const name = item.querySelector('.name');
  name.id = titleId;
  name.textContent = beat.name;
  item.querySelector('.facets').textContent = `${beat.genre} · ${beat.style} · ${beat.mood}`;
  item.querySelector('.tags').append(...beat.tags.map((tag) => {
    const li = document.createElement('li');
    li.textContent = tag;
    return li;
  }));
  item.querySelector('.duration').textContent = duration(beat.durationSeconds);
  const time = item.querySelector('time');
  time.dateTime = beat.createdAt;
  time.textContent = when.format(new Date(beat.createdAt));
  const takes = item.querySelector('.takes');
  for (const [take, label] of TAKES) {
    takes.append(renderTake(beat, take, label));
  }
  item.querySelector('.detail').addEventListener('toggle', (event) => {
    if (event.target.open) showDetail(item, beat.id);
  }, { once: false });
  return item;
}

function renderTake(beat, take, label) {
  const group = document.createElement('div');
  group.className = 'take';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', `Take ${label} of ${beat.name}`);
  group.dataset.take = take;
  const play = button(`Play take ${label}`, 'play');
  play.setAttribute('aria-pressed', 'false');
  play.addEventListener('click', () => toggle(beat.id, take));
  group.append(play);
  for (const rating of ['keep', 'skip']) {
    const judge = button(rating === 'keep' ? 'Keep' : 'Skip', `rate ${rating}`);
    judge.dataset.rating = rating;
    judge.setAttribute('aria-label', `${rating === 'keep' ? 'Keep' : 'Skip'} take ${label}`);
    judge.setAttribute('aria-pressed', String(beat.ratings[take] === rating));
    judge.addEventListener('click', () => judgeTake(group, beat.id, take, rating));
    group.append(judge);
  }
  return group;
}

function button(text, className) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = text;
  return b;
}

// ------------------------------------------------------------------------------------------------ detail

async function showDetail(item, id) {
  const body = item.querySelector('.detail-body');
  try {
    const beat = await api.beat(id);
    body.replaceChildren(detailView(beat));
  } catch (error) {
    body.textContent = `Could not load the detail: ${error.message}`;
  }
}

function detailView(beat) {
  const fragment = document.createDocumentFragment();
  const p = (text, className) => {
    const el = document.createElement('p');
    el.textContent = text;
    if (className) el.className = className;
    return el;
  };
  fragment.append(p(beat.description, 'description'));
  const concept = beat.conceptData || {};
  const dl = document.createElement('dl');
  dl.className = 'concept';
  const conceptRows = concept.fallback ? [['Concept', 'none (Gemini was unavailable: the base prompt was used)']]
    : [['Suggestion', concept.suggestion], ['Trend', concept.trendAnalysis],
      ['Mood enhancement', concept.moodEnhancement]];
  for (const [term, value] of [...conceptRows, ['Template', beat.templateId]]) {
    if (value == null) continue;
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = typeof value === 'string' ? value : JSON.stringify(value);
    dl.append(dt, dd);
  }
  fragment.append(dl);
  const prompts = document.createElement('div');
  prompts.className = 'prompts';
  for (const [title, text] of [['Base prompt', beat.basePrompt], ['Normalized prompt', beat.normalizedPrompt]]) {
    const figure = document.createElement('figure');
    const caption = document.createElement('figcaption');
    caption.textContent = title;
    const quote = document.createElement('blockquote');
    quote.textContent = text;
    figure.append(caption, quote);
    prompts.append(figure);
  }
  fragment.append(prompts);
  const t = beat.timings;
  const seconds = (from, to) => from && to ? `${((Date.parse(to) - Date.parse(from)) / 1000).toFixed(1)} s` : '–';
  fragment.append(p(`Job ${beat.jobId}: submitted to Suno after ${seconds(t.createdAt, t.submittedAt)}, `
    + `finished after ${seconds(t.createdAt, t.completedAt)}.`, 'timings'));
  fragment.append(p(beat.fallbacks.length === 0 ? 'Every step used its provider.'
    : `Fell back: ${beat.fallbacks.join(', ')}.`, 'fallbacks'));
  return fragment;
}

// ------------------------------------------------------------------------------------------------ playing

/** One audio element for the page: one take plays at a time. */
async function toggle(id, take) {
  const current = state.current;
  if (current && current.id === id && current.take === take) {
    if (player.paused) await play(); else player.pause();
    return;
  }
  player.pause();
  state.current = { id, take, retried: false };
  markPlaying();
  await load(id, take, false);
  await play();
}

async function load(id, take, fresh) {
  const beat = await api.beat(id, { fresh });
  const url = take === 'primary' ? beat.audio.primary : beat.audio.alternate;
  if (!url) throw new Error('This beat has no alternate take');
  player.src = url;
}

async function play() {
  try {
    await player.play();
  } catch (error) {
    if (error.name !== 'AbortError') status.textContent = `Cannot play: ${error.message}`;
  }
}

// A presigned URL that expired (or any load error): fetch the beat again once for fresh URLs and resume there.
player.addEventListener('error', async () => {
  const current = state.current;
  if (!current) return;
  if (current.retried) {
    status.textContent = 'This take cannot be played (the audio file is missing or unreadable).';
    return;
  }
  current.retried = true;
  const at = player.currentTime;
  try {
    await load(current.id, current.take, true);
    player.currentTime = at;
    await play();
  } catch (error) {
    status.textContent = `Cannot play: ${error.message}`;
  }
});
for (const type of ['play', 'pause', 'ended']) player.addEventListener(type, markPlaying);

function markPlaying() {
  const current = state.current;
  for (const b of list.querySelectorAll('button.play')) {
    const group = b.closest('.take');
    const on = current && group.dataset.take === current.take && group.closest('.beat').dataset.id === current.id && !player.paused;
    b.setAttribute('aria-pressed', String(Boolean(on)));
    b.textContent = `${on ? 'Pause' : 'Play'} take ${group.dataset.take === 'primary' ? 'A' : 'B'}`;
    b.closest('.beat').classList.toggle('current', Boolean(current) && b.closest('.beat').dataset.id === current.id);
  }
}

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  if (target.closest('input, select, textarea, summary') || (event.key === ' ' && target.closest('button'))) return;
  if (event.key === ' ') {
    event.preventDefault();
    if (state.current) {
      if (player.paused) play(); else player.pause();
    } else {
      step(0);
    }
  } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
    event.preventDefault();
    step(event.key === 'ArrowRight' ? 1 : -1);
  }
});

/** Plays the first take of the beat `by` places from the current one (the first beat when none is current). */
function step(by) {
  const items = [...list.children];
  if (items.length === 0) return;
  const index = state.current ? items.findIndex((li) => li.dataset.id === state.current.id) : -1;
  const next = items[Math.max(0, Math.min(items.length - 1, index < 0 ? 0 : index + by))];
  next.scrollIntoView({ block: 'nearest' });
  next.querySelector('button.play').focus({ preventScroll: true });
  toggle(next.dataset.id, 'primary');
  if (items.indexOf(next) >= items.length - 3) loadPage();
}

// ------------------------------------------------------------------------------------------------ judging

tokenInput.value = localStorage.getItem('beatgen.adminToken') || '';
tokenInput.addEventListener('change', () => localStorage.setItem('beatgen.adminToken', tokenInput.value));

async function judgeTake(group, id, take, rating) {
  const token = tokenInput.value.trim();
  if (!token) {
    status.textContent = 'Judging needs the admin token (Judge settings).';
    tokenInput.closest('details').open = true;
    tokenInput.focus();
    return;
  }
  const pressed = group.querySelector(`button[data-rating="${rating}"]`).getAttribute('aria-pressed') === 'true';
  try {
    const answer = await api.rate(id, take, pressed ? 'unrated' : rating, token);
    for (const b of group.querySelectorAll('button[data-rating]')) {
      b.setAttribute('aria-pressed', String(answer.ratings[take] === b.dataset.rating));
    }
    status.textContent = `Take ${take === 'primary' ? 'A' : 'B'}: ${answer.ratings[take] ?? 'not judged'}.`;
  } catch (error) {
    status.textContent = `Could not store the rating: ${error.message}`;
  }
}

// ------------------------------------------------------------------------------------------------ factory

/** The schedule runs every 15 minutes from 00:00 UTC (the EventBridge schedule in AWS). */
function nextRun(now = new Date()) {
  const slot = 15 * 60 * 1000;
  return new Date(Math.floor(now.getTime() / slot) * slot + slot);
}

async function loadStats() {
  try {
    const s = await api.stats();
    const set = (name, text) => { document.querySelector(`[data-stat="${name}"]`).textContent = text; };
    set('beatsToday', s.beatsToday.toLocaleString('en'));
    set('failed', `${s.last24h.failed} (${Math.round(s.last24h.errorRate * 100)} %)`);
    set('nextRun', new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(nextRun()));
    set('keys', `${s.keys.active} · ${s.remainingCredits.toLocaleString('en')} credits`);
  } catch (error) {
    document.getElementById('factory').setAttribute('title', `Statistics unavailable: ${error.message}`);
  }
}

// ------------------------------------------------------------------------------------------------ start

const initial = filtersFromUrl();
showFilters(initial);
reload(initial);
loadStats();
setInterval(loadStats, 60_000);
loadOptions().catch((error) => console.warn('filter options', error));
