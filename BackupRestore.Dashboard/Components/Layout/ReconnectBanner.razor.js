// The connection handler: the only script of the product. It starts Blazor with reconnection that never gives up,
// shows since when the connection is lost, and when the server is back but no longer knows this page (restart,
// redeploy) reloads it once the server answers. Nothing waits for a click or for the tab to become visible.
const banner = document.getElementById("components-reconnect-modal");
const text = document.getElementById("components-reconnect-text");
let lostSince = null;
let timer = null;

banner.addEventListener("components-reconnect-state-changed", event => {
    switch (event.detail.state) {
        case "show":
        case "retrying":
        case "paused":
            showLost();
            break;
        case "hide":
            restored();
            break;
        case "failed":
        case "resume-failed":
            showLost();
            keepTrying(1000);
            break;
        case "rejected":
            reloadWhenServerAnswers(1000);
            break;
    }
});

function showLost() {
    if (lostSince === null) {
        lostSince = new Date();
    }
    const since = lostSince.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
    text.textContent = `Connection lost since ${since} — reconnecting by itself…`;
    banner.hidden = false;
}

function restored() {
    lostSince = null;
    clearTimeout(timer);
    timer = null;
    banner.hidden = true;
}

// Blazor's own retries ended: go on, with a capped backoff.
function keepTrying(delay) {
    clearTimeout(timer);
    timer = setTimeout(async () => {
        try {
            if (await Blazor.reconnect()) {
                restored();
                return;
            }
            reloadWhenServerAnswers(1000);
        } catch {
            keepTrying(Math.min(delay * 2, 5000));
        }
    }, delay);
}

// Reload only once the page itself answers, or a proxy's error page would replace the wall for good. An answer that
// this browser may no longer see the page (a wall whose token was revoked) also reloads: the server's page says why,
// and asks nothing more.
function reloadWhenServerAnswers(delay) {
    showLost();
    clearTimeout(timer);
    timer = setTimeout(async () => {
        try {
            const response = await fetch(location.href, { cache: "no-store", credentials: "same-origin", redirect: "manual" });
            if (response.ok || response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
                location.reload();
                return;
            }
        } catch {
            // Not answering yet.
        }
        reloadWhenServerAnswers(Math.min(delay * 2, 5000));
    }, delay);
}

Blazor.start({
    circuit: {
        reconnectionOptions: {
            maxRetries: 1000000,
            retryIntervalMilliseconds: previousAttempts => Math.min(5000, 500 * 2 ** previousAttempts),
        },
    },
});
