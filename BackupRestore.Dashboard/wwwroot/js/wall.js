// The wall: every tile on one 1920x1080 screen without scrollbars. Tiles shrink to fit; when they would get too
// small to read from three metres, the wall shows them a page at a time and turns the page by itself.

const grid = document.getElementById('operations');
const clock = document.getElementById('wall-clock');
const pageNote = document.getElementById('wall-page');
const MIN_TILE_WIDTH = 360;
const ASPECT = 1.55;
const PAGE_SECONDS = 12;
let page = 0;
let pageTimer = null;

function tiles() {
  return [...grid.querySelectorAll(':scope > article.card')];
}

function available() {
  const top = grid.getBoundingClientRect().top;
  return { width: grid.clientWidth, height: window.innerHeight - top - 12 };
}

function fit(count, width, height, gap) {
  let best = { cols: 1, tileWidth: 0 };
  for (let cols = 1; cols <= count; cols += 1) {
    const rows = Math.ceil(count / cols);
    const tileWidth = Math.min((width - gap * (cols - 1)) / cols, ((height - gap * (rows - 1)) / rows) * ASPECT);
    if (tileWidth > best.tileWidth) best = { cols, tileWidth };
  }
  return best;
}

function layout() {
  const all = tiles();
  const { width, height } = available();
  const gap = 14;
  let shown = all;
  let { cols, tileWidth } = fit(Math.max(1, all.length), width, height, gap);
  let pages = 1;
  if (tileWidth < MIN_TILE_WIDTH && all.length > 1) {
    cols = Math.max(1, Math.floor((width + gap) / (MIN_TILE_WIDTH + gap)));
    const rows = Math.max(1, Math.floor((height + gap) / (MIN_TILE_WIDTH / ASPECT + gap)));
    const perPage = cols * rows;
    pages = Math.ceil(all.length / perPage);
    page %= pages;
    shown = all.slice(page * perPage, (page + 1) * perPage);
    tileWidth = Math.min((width - gap * (cols - 1)) / cols, ((height - gap * (rows - 1)) / rows) * ASPECT);
  }
  all.forEach((tile) => tile.classList.toggle('off-page', !shown.includes(tile)));
  grid.style.setProperty('--cols', String(cols));
  grid.style.setProperty('--tile-width', `${Math.floor(tileWidth)}px`);
  grid.style.setProperty('--tile-font', `${Math.max(14, Math.floor(tileWidth / 17))}px`);
  pageNote.hidden = pages <= 1;
  pageNote.textContent = `Page ${page + 1} of ${pages}`;
  if (pages > 1 && !pageTimer) {
    pageTimer = setInterval(() => { page += 1; layout(); }, PAGE_SECONDS * 1000);
  } else if (pages <= 1 && pageTimer) {
    clearInterval(pageTimer);
    pageTimer = null;
    page = 0;
  }
}

function age(seconds) {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h`;
}

// How fresh each tile's data is, on the server's clock (so a wall with a wrong clock still tells the truth).
document.addEventListener('dashboard:freshness', (event) => {
  const { now, lastSuccess } = event.detail;
  const serverNow = Date.parse(now);
  grid.querySelectorAll('.freshness[data-freshness-target]').forEach((note) => {
    const last = lastSuccess[note.dataset.freshnessTarget];
    note.hidden = false;
    note.textContent = last ? `data ${age((serverNow - Date.parse(last)) / 1000)} old` : 'no data yet';
  });
});

document.addEventListener('dashboard:changed', layout);
window.addEventListener('resize', layout);
setInterval(() => {
  clock.textContent = `${new Date().toISOString().substring(11, 19)} UTC`;
}, 1000);
layout();
