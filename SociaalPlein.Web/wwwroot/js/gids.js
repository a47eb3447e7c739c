// Progressive enhancement of the gids: the page works as a plain GET form; with JavaScript the results
// refresh while typing (debounced) and when a filter changes, without a page reload. The address bar keeps
// the search, so it can still be bookmarked and shared.
(function () {
    const form = document.getElementById('gids-form');
    if (!form || !window.fetch || !window.DOMParser) return;
    const regions = ['gids-filters', 'gids-resultaten'];
    let timer = null;
    let latest = 0;

    async function refresh() {
        const params = new URLSearchParams(new FormData(form));
        for (const [key, value] of [...params]) if (value === '') params.delete(key);
        const url = form.action + (params.toString() ? '?' + params : '');
        const request = ++latest;
        let response;
        try {
            response = await fetch(url, { headers: { 'Accept': 'text/html' } });
        } catch {
            form.submit(); // no connection for a partial refresh: fall back to the plain form
            return;
        }
        if (request !== latest) return; // a newer search has started meanwhile
        if (!response.ok) { form.submit(); return; }
        const page = new DOMParser().parseFromString(await response.text(), 'text/html');
        const focused = document.activeElement && document.activeElement.id;
        // The count is a live region: change its text (which screen readers announce), do not replace it.
        const count = document.getElementById('gids-aantal');
        const freshCount = page.getElementById('gids-aantal');
        if (count && freshCount) count.textContent = freshCount.textContent;
        // The folded filters' summary says how many are in use; it stays (with its open state), its number changes.
        const active = document.getElementById('gids-filters-actief');
        const freshActive = page.getElementById('gids-filters-actief');
        if (active && freshActive) active.textContent = freshActive.textContent;
        for (const id of regions) {
            const fresh = page.getElementById(id);
            const current = document.getElementById(id);
            if (!fresh || !current) continue;
            if (id === 'gids-resultaten' && freshCount) fresh.querySelector('#gids-aantal')?.replaceWith(count);
            current.replaceWith(fresh);
        }
        if (focused && focused !== 'q') document.getElementById(focused)?.focus();
        history.replaceState(null, '', url);
    }

    form.addEventListener('input', (event) => {
        if (event.target.id !== 'q') return;
        clearTimeout(timer);
        timer = setTimeout(refresh, 300);
    });
    form.addEventListener('change', (event) => {
        // The handout's checkboxes sit among the results but belong to their own form (gids-uitdraai).
        if (event.target.id === 'q' || event.target.form !== form) return;
        refresh();
    });
})();
