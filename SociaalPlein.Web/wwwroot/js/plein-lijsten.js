// Lists that follow a form's plein: the desk's wijk list for a new visitor, the referral form's Van and Naar. The plein
// select names them (data-follows, element ids); their groups name their plein (optgroup data-plein) and only the
// chosen plein's show. Without the script the page shows the chosen plein's lists and a button shows another's.
// A list too long to send for every plein at once (data-source: the page's address up to the plein's id) gets a
// plein's groups from that page the first time the plein is chosen (data-loaded: the plein the page came with; if the
// page does not answer, the form is sent to data-reload, which shows it again with that plein's lists); data-hint
// names a text shown while no plein is chosen.
(function () {
    const groupsOf = (list, plein) => [...list.querySelectorAll('optgroup[data-plein]')].filter((g) => g.dataset.plein === plein);
    const optionsOf = (groups) => groups.flatMap((g) => [...g.querySelectorAll('option')]);

    function follows(plein) {
        const lists = plein.dataset.follows.split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean);
        const hint = plein.dataset.hint && document.getElementById(plein.dataset.hint);
        // The plein whose lists the page came with (the browser may have restored another choice since).
        const loaded = new Set(plein.dataset.loaded ? [plein.dataset.loaded] : []);
        let latest = 0;

        // The chosen plein's groups show; another plein's are hidden and disabled, so the form never sends a choice of a
        // plein that is not chosen. A party at both pleinen stays chosen.
        function show() {
            for (const list of lists) {
                const chosen = list.selectedOptions[0];
                for (const group of list.querySelectorAll('optgroup[data-plein]')) {
                    const mine = group.dataset.plein === plein.value;
                    group.hidden = !mine;
                    group.disabled = !mine;
                }
                if (chosen && chosen.parentElement.disabled) {
                    const same = optionsOf(groupsOf(list, plein.value)).find((o) => o.value === chosen.value);
                    if (same) same.selected = true; else list.value = '';
                }
            }
            if (hint) hint.hidden = plein.value !== '';
        }

        async function load(value) {
            const request = ++latest;
            let page;
            try {
                const response = await fetch(plein.dataset.source + encodeURIComponent(value), { headers: { 'Accept': 'text/html' } });
                if (!response.ok) return false;
                page = new DOMParser().parseFromString(await response.text(), 'text/html');
            } catch {
                return false;
            }
            if (request !== latest || loaded.has(value)) return true;
            for (const list of lists) {
                const fresh = page.getElementById(list.id);
                if (!fresh) continue;
                const groups = groupsOf(fresh, value);
                list.append(...groups.map((g) => document.importNode(g, true)));
                // The page's own default (the account itself as the sender) where nothing is chosen yet.
                const preset = optionsOf(groups).find((o) => o.defaultSelected);
                if (list.value === '' && preset) {
                    const mine = optionsOf(groupsOf(list, value)).find((o) => o.value === preset.value);
                    if (mine) mine.selected = true;
                }
            }
            loaded.add(value);
            return true;
        }

        async function follow() {
            const value = plein.value;
            if (plein.dataset.source && value !== '' && !loaded.has(value)) {
                plein.setAttribute('aria-busy', 'true');
                const ok = await load(value);
                plein.removeAttribute('aria-busy');
                // No answer: the form itself shows the chosen plein's lists, with everything typed (the button's way without script).
                if (!ok && plein.dataset.reload && plein.form) {
                    plein.form.action = plein.dataset.reload;
                    plein.form.submit();
                    return;
                }
            }
            if (value === plein.value) show();
        }

        plein.addEventListener('change', follow);
        follow();
    }

    document.querySelectorAll('select[data-follows]').forEach(follows);
})();
