// Progressive enhancement of the spreekuur desk (/spreekuur). Without JavaScript every part works as plain forms;
// with it: leefgebieden are picked by typing (Enter ticks the first match), the zorgvraag shows a character counter,
// the contact fields show only with consent, and referral blocks are added and removed without a round trip. A new
// visitor's wijk list follows the chosen plein as plein-lijsten.js does it for every such list (without the script, the
// chosen plein's wijken show and the server refuses a wijk of another plein).
(function () {
    const form = document.getElementById('bezoek-form');
    if (!form) return;

    const fold = (text) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    // The same id the page derives from a field name (VisitForm.IdFor): "Input.Referrals[1].Naar" → "input-referrals-1-naar".
    const idFor = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

    function leefgebiedFilter() {
        const list = form.querySelector('[data-leefgebieden]');
        if (!list) return;
        const items = [...list.querySelectorAll('li')];
        const wrapper = document.createElement('div');
        wrapper.className = 'field leefgebied-filter';
        wrapper.innerHTML = '<label for="leefgebied-filter">Typ om te kiezen</label>'
            + '<input type="search" id="leefgebied-filter" autocomplete="off" aria-describedby="leefgebied-filter-hint" />'
            + '<span id="leefgebied-filter-hint" class="hint">Enter vinkt de eerste die past aan; met een leeg vak slaat Enter het bezoek op.</span>'
            + '<span class="visually-hidden" aria-live="polite" id="leefgebied-filter-status"></span>';
        list.before(wrapper);
        const box = wrapper.querySelector('input');
        const status = wrapper.querySelector('#leefgebied-filter-status');
        const matches = () => items.filter((li) => !li.hidden);
        box.addEventListener('input', () => {
            const words = fold(box.value).split(/\s+/).filter(Boolean);
            for (const li of items) li.hidden = !words.every((w) => fold(li.dataset.words || '').includes(w));
        });
        box.addEventListener('keydown', (event) => {
            if (event.key === 'Escape' && box.value) { box.value = ''; box.dispatchEvent(new Event('input')); return; }
            if (event.key !== 'Enter' || !box.value.trim()) return; // an empty box: Enter submits the form as usual
            event.preventDefault();
            const first = matches()[0];
            if (!first) { status.textContent = 'Geen leefgebied gevonden.'; return; }
            const checkbox = first.querySelector('input');
            checkbox.checked = true;
            checkbox.dispatchEvent(new Event('change'));
            status.textContent = first.querySelector('label').textContent + ' aangevinkt.';
            box.value = '';
            box.dispatchEvent(new Event('input'));
        });
        // A fresh form puts the focus on the leefgebieden (autofocus, applied only after this script has run): with
        // JavaScript, on the box to type in; a focused element wins over autofocus.
        if (list.querySelector('[autofocus]') || (document.activeElement && list.contains(document.activeElement))) box.focus();
    }

    // A meting's step group shows only for a leefgebied that is ticked: the conversation was about it. A hidden group's
    // choice is cleared, so the form never sends a step the desk did not see.
    function metingFollowsLeefgebieden() {
        const groups = [...form.querySelectorAll('[data-meting-for]')];
        if (groups.length === 0) return;
        const update = () => {
            for (const group of groups) {
                const box = form.querySelector('#leefgebied-' + group.dataset.metingFor);
                const show = !!box && box.checked;
                group.hidden = !show;
                if (!show) {
                    const none = group.querySelector('input[value=""]');
                    if (none) none.checked = true;
                }
            }
        };
        for (const box of form.querySelectorAll('input[name="Input.LeefgebiedIds"]')) box.addEventListener('change', update);
        update();
    }

    function contactToggle(block) {
        const consent = block.querySelector('[data-contact-consent]');
        const contact = block.querySelector('[data-contact]');
        if (!consent || !contact) return;
        const inputs = [...contact.querySelectorAll('input')];
        const update = () => {
            // Typed details stay visible (and are sent, so the page can ask for consent) rather than vanish unseen.
            const show = consent.checked || inputs.some((i) => i.value.trim() !== '');
            contact.hidden = !show;
            for (const i of inputs) i.disabled = !show;
            contact.querySelector('.hint').textContent = consent.checked
                ? 'Met toestemming: de ontvanger ziet naam en telefoon.'
                : 'Zonder toestemming bewaren we geen naam of telefoon.';
        };
        consent.addEventListener('change', update);
        update();
    }

    function enhance(block) {
        if (window.zorgvraagTeller) block.querySelectorAll('textarea[data-max]').forEach(window.zorgvraagTeller);
        contactToggle(block);
    }

    const referrals = form.querySelector('[data-referrals]');
    const template = document.getElementById('verwijzing-sjabloon');
    const addButton = form.querySelector('[data-add-referral]');

    function renumber(block, from, to) {
        const names = [`Referrals[${from}]`, `Referrals[${to}]`];
        const ids = [`input-referrals-${idFor(String(from))}-`, `input-referrals-${to}-`];
        for (const el of [block, ...block.querySelectorAll('*')]) {
            for (const attr of ['name', 'id', 'for', 'aria-describedby', 'formaction']) {
                const value = el.getAttribute(attr);
                if (value === null) continue;
                el.setAttribute(attr, value.split(names[0]).join(names[1]).split(ids[0]).join(ids[1])
                    .replace(`verwijzing-${from}`, `verwijzing-${to}`).replace(`index=${from}`, `index=${to}`));
            }
        }
        block.dataset.index = String(to);
        block.querySelectorAll('.referral-number').forEach((n) => { n.textContent = String(to + 1); });
    }

    function blocks() { return [...referrals.querySelectorAll('fieldset.referral')]; }

    if (referrals && template && addButton) {
        addButton.addEventListener('click', (event) => {
            event.preventDefault();
            const block = template.content.firstElementChild.cloneNode(true);
            renumber(block, '__i__', blocks().length);
            referrals.append(block);
            enhance(block);
            addButton.textContent = 'Nog een verwijzing';
            block.querySelector('select').focus();
        });
        referrals.addEventListener('click', (event) => {
            const remove = event.target.closest('.remove-referral');
            if (!remove) return;
            event.preventDefault();
            remove.closest('fieldset.referral').remove();
            blocks().forEach((block, i) => { if (block.dataset.index !== String(i)) renumber(block, block.dataset.index, i); });
            if (blocks().length === 0) addButton.textContent = 'Verwijzing toevoegen';
            addButton.focus();
        });
    }

    blocks().forEach(enhance);
    leefgebiedFilter();
    metingFollowsLeefgebieden();
})();
