// The character counter of a zorgvraag (textarea[data-max]): the field has no maxlength, because a browser cuts a
// pasted text to it without a word. The counter says how many characters there are, and how many too many, and the
// server refuses a text that is too long with the same numbers. It is recounted when the page is shown again (the
// Back button restores the text after the script ran).
(function () {
    function teller(area) {
        if (area.dataset.counted) return;
        area.dataset.counted = 'ja';
        const max = parseInt(area.dataset.max, 10);
        let out = area.dataset.count && document.getElementById(area.dataset.count);
        if (!out) {
            out = document.createElement('span');
            area.after(out);
        }
        out.classList.add('counter');
        out.setAttribute('aria-live', 'polite');
        const update = () => {
            const length = [...area.value].length;
            const over = length - max;
            out.textContent = over > 0
                ? `${length} van ${max} tekens: ${over} te veel. Kort de tekst in tot ${max} tekens.`
                : `${length} van ${max} tekens`;
            out.classList.toggle('over', over > 0);
        };
        area.addEventListener('input', update);
        window.addEventListener('pageshow', update);
        update();
    }

    window.zorgvraagTeller = teller;
    document.querySelectorAll('textarea[data-max]').forEach(teller);
})();
