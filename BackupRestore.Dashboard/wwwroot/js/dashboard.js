// Live updates for server-rendered pages: the hub pushes rendered cards; this swaps them in, keeps what the
// operator was doing in a card (open confirmations, ticked boxes, typed text, focus), and catches up after a
// reconnect. Without JavaScript the pages still work; they just do not update by themselves.

const list = document.getElementById('operations');
const summary = document.getElementById('summary');
const liveStatus = document.getElementById('live-status');
const emptyNote = document.getElementById('empty-note');
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
const singleCard = list?.classList.contains('single') ?? false;
let version = Number(list?.dataset.version ?? 0);
const pageBuild = document.body.dataset.build;
let knownInstance = document.body.dataset.instance;
const isWall = list?.dataset.wall === 'true';
const banner = document.getElementById('connection-banner');

function changed() {
  document.dispatchEvent(new CustomEvent('dashboard:changed'));
}

function setStatus(state, text) {
  document.body.dataset.connection = state;
  if (banner) {
    banner.hidden = state === 'live' || state === 'connecting';
    banner.textContent = text;
  }
  if (!liveStatus) return;
  liveStatus.dataset.state = state;
  liveStatus.textContent = text;
}

function hhmm(date) {
  return date.toISOString().substring(11, 16) + ' UTC';
}

// Pushed cards are rendered once for every browser: a viewer's page drops their action controls (the server
// refuses a viewer's action anyway), keeping content such as an instruction's table.
const canAct = document.body.dataset.canAct === 'true';
function stripActions(root) {
  if (canAct) return;
  root.querySelectorAll('[data-actionable-control]').forEach((e) => e.remove());
  root.querySelectorAll('form[data-actionable][data-keep-content]').forEach((f) => f.replaceWith(...f.childNodes));
  root.querySelectorAll('[data-actionable]').forEach((e) => e.remove());
}

// Pushed cards are rendered once for every browser, so they carry no antiforgery token: add this page's.
function fillCsrf(root) {
  root.querySelectorAll('input[data-csrf]').forEach((input) => { if (!input.value) input.value = csrf; });
}

const filter = (() => {
  const params = new URLSearchParams(window.location.search);
  const set = (name) => new Set(params.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean));
  return { systems: set('system'), states: set('state'), target: (params.get('target') ?? '').trim().toLowerCase() };
})();

function matches(card) {
  if (list?.dataset.scopeTarget) return card.dataset.target === list.dataset.scopeTarget;
  return (filter.systems.size === 0 || filter.systems.has(card.dataset.system))
    && (filter.states.size === 0 || filter.states.has(card.dataset.state))
    && (filter.target === '' || (card.dataset.target ?? '').toLowerCase().includes(filter.target));
}

function keepState(card) {
  const active = document.activeElement && card.contains(document.activeElement) ? document.activeElement : null;
  return {
    open: [...card.querySelectorAll('details[open]')].map((d) => d.dataset.key),
    checked: new Set([...card.querySelectorAll('input[type=checkbox]:checked')].map((i) => `${i.name}=${i.value}`)),
    values: [...card.querySelectorAll('input[type=text], input[type=password], textarea, select')].map((i) => [i.name, i.value]),
    focus: active ? (active.name || active.dataset.key || null) : null,
  };
}

function restoreState(card, kept) {
  card.querySelectorAll('details').forEach((d) => { if (kept.open.includes(d.dataset.key)) d.open = true; });
  card.querySelectorAll('input[type=checkbox]').forEach((i) => { if (kept.checked.has(`${i.name}=${i.value}`)) i.checked = true; });
  for (const [name, value] of kept.values) {
    const field = card.querySelector(`[name="${CSS.escape(name)}"]`);
    if (field && field.type !== 'hidden' && [...(field.options ?? [{ value }])].some((o) => o.value === value)) field.value = value;
  }
  if (kept.focus) card.querySelector(`[name="${CSS.escape(kept.focus)}"]`)?.focus();
}

function cards() {
  return [...list.querySelectorAll(':scope > article')];
}

function place(card) {
  const rank = card.dataset.rank;
  const prev = card.previousElementSibling;
  const next = card.nextElementSibling;
  const inOrder = card.parentElement === list && (!prev || prev.dataset.rank <= rank) && (!next || next.dataset.rank >= rank);
  if (inOrder) return;
  const before = cards().find((c) => c !== card && c.dataset.rank > rank);
  list.insertBefore(card, before ?? null);
}

function updateEmpty() {
  emptyNote?.classList.toggle('hidden', cards().length > 0);
}

// A page with many operations lists the quiet ones as rows: the pushed card (rendered once for everybody) becomes
// a row here, built from the card's own nodes and text, never from markup strings.
const QUIET = new Set(['running', 'idle', 'succeeded', 'cancelled']);
function toRow(card) {
  const row = document.createElement('article');
  row.id = card.id;
  row.className = `row state-${card.dataset.state}`;
  ['rank', 'version', 'system', 'state', 'target'].forEach((key) => { row.dataset[key] = card.dataset[key]; });
  const badge = document.createElement('span');
  badge.className = `badge state-${card.dataset.state}`;
  badge.textContent = card.querySelector('.badge')?.textContent.replace(/\s+/g, ' ').trim() ?? '';
  const step = document.createElement('span');
  step.className = 'row-step';
  step.textContent = card.querySelector('.step-count')?.textContent ?? card.querySelector('.vendor-status code')?.textContent ?? '';
  row.append(card.querySelector('h2 a').cloneNode(true), card.querySelector('.system').cloneNode(true), badge, step);
  const progress = card.querySelector('progress');
  if (progress) row.append(progress.cloneNode(true));
  if (card.querySelector('.issue:not(.stale-note)')) {
    const issue = document.createElement('span');
    issue.className = 'row-issue';
    issue.textContent = '⚠ not reachable';
    row.append(issue);
  }
  return row;
}

function upsert(fragment) {
  if (!list) return;
  const existing = document.getElementById(`op-${fragment.id}`);
  if (existing && Number(existing.dataset.version) >= fragment.version) return;
  if (!existing && singleCard) return;
  const template = document.createElement('template');
  template.innerHTML = fragment.html.trim();
  let card = template.content.firstElementChild;
  stripActions(card);
  fillCsrf(card);
  if (list.dataset.compact === 'true' && QUIET.has(card.dataset.state)) card = toRow(card);
  if (!matches(card) && !singleCard) {
    existing?.remove();
  } else if (existing) {
    const kept = keepState(existing);
    existing.replaceWith(card);
    restoreState(card, kept);
    place(card);
  } else {
    place(card);
  }
  version = Math.max(version, fragment.version);
  updateEmpty();
  refreshRelativeTimes(card);
  changed();
}

function remove(id, atVersion) {
  document.getElementById(`op-${id}`)?.remove();
  version = Math.max(version, atVersion);
  updateEmpty();
  changed();
}

function relative(date, now) {
  const seconds = (now - date) / 1000;
  const span = Math.abs(seconds);
  let text;
  if (span < 10) return 'just now';
  if (span < 60) text = `${Math.floor(span)} s`;
  else if (span < 3600) text = `${Math.floor(span / 60)} min`;
  else if (span < 86400) text = `${Math.floor(span / 3600)} h`;
  else text = `${Math.floor(span / 86400)} d`;
  return seconds < 0 ? `in ${text}` : `${text} ago`;
}

function refreshRelativeTimes(root = document) {
  const now = Date.now();
  root.querySelectorAll('time[data-relative]').forEach((time) => {
    const label = time.nextElementSibling;
    if (label?.classList.contains('relative')) label.textContent = `(${relative(Date.parse(time.dateTime), now)})`;
  });
}

// Double clicks: the server already makes one backend call per submit; this also spares the second request.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form.method?.toLowerCase() !== 'post') return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = 'true';
});

fillCsrf(document);
setInterval(() => refreshRelativeTimes(), 15000);

// Never give up: a wall display has nobody to press reload. Back off to 4 s (with jitter), so that a restarted
// server is back on screen within seconds.
const backoff = (attempt) => Math.min(4000, 250 * 2 ** Math.min(attempt, 5)) * (0.8 + Math.random() * 0.4);

// 401 while reconnecting: the session or the wall's token ended. A page goes to sign-in; a wall says so and waits.
function unauthorized(error) {
  if (!/401|Unauthorized/.test(String(error?.message ?? error ?? ''))) return false;
  if (isWall) {
    setStatus('revoked', 'This wall\'s access ended (its token was revoked or expired). Ask an admin for a new wall link.');
  } else if (window.location.pathname !== '/login') {
    window.location.href = `/login?returnUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`;
  }
  return true;
}

const connection = new signalR.HubConnectionBuilder()
  .withUrl('/hub')
  .withAutomaticReconnect({
    nextRetryDelayInMilliseconds: (context) => {
      if (unauthorized(context.retryReason)) return 15000;
      return backoff(context.previousRetryCount);
    },
  })
  .configureLogging(signalR.LogLevel.Warning)
  .build();

connection.on('OperationChanged', upsert);
connection.on('OperationRemoved', remove);
connection.on('SummaryChanged', (html) => { if (summary) summary.innerHTML = html; changed(); });
connection.on('FreshnessChanged', (freshness) => document.dispatchEvent(new CustomEvent('dashboard:freshness', { detail: freshness })));

async function catchUp() {
  const result = await connection.invoke('CatchUp', version);
  result.changed.forEach(upsert);
  if (list && !singleCard) {
    const ids = new Set(result.ids);
    cards().forEach((card) => { if (!ids.has(card.id.substring(3))) card.remove(); });
  }
  if (summary) summary.innerHTML = result.summaryHtml;
  version = Math.max(version, result.version);
  updateEmpty();
  changed();
}

let lostSince = null;

function lost() {
  if (document.body.dataset.connection === 'revoked') return;
  lostSince ??= new Date();
  setStatus('reconnecting', `Connection lost since ${hhmm(lostSince)}; reconnecting…`);
}

async function connected() {
  const hello = await connection.invoke('Hello');
  if (hello.build !== pageBuild) {
    // A new deploy: this page's script and markup may be out of date.
    window.location.reload();
    return;
  }
  if (hello.instance !== knownInstance) {
    // A restarted server numbers its versions from scratch: take everything again.
    knownInstance = hello.instance;
    version = 0;
    if (list) cards().forEach((card) => { card.dataset.version = '0'; });
  }
  if (isWall) await connection.invoke('JoinWall');
  await catchUp();
  lostSince = null;
  setStatus('live', 'Live');
}

connection.onreconnecting(lost);
connection.onreconnected(() => connected().catch(lost));
connection.onclose(() => { lost(); setTimeout(start, 1000); });

let attempt = 0;
async function start() {
  try {
    await connection.start();
    attempt = 0;
    await connected();
  } catch (error) {
    if (!unauthorized(error)) lost();
    attempt += 1;
    setTimeout(start, unauthorized(error) ? 15000 : backoff(attempt));
  }
}

// Only pages with live content connect (not the sign-in page, not the admin pages).
if (list || summary) {
  setStatus('connecting', 'Connecting…');
  start();
}
