// Progressive enhancement of the referral form: the page works without it. With JavaScript the error summary gets
// the focus after a refused submit, the zorgvraag counts down its characters, and the contact fields show only
// while the visitor's consent to share them is ticked.
(function () {
    const summary = document.getElementById('fouten');
    if (summary) summary.focus();

    document.querySelectorAll('textarea[data-count]').forEach(function (area) {
        const counter = document.getElementById(area.dataset.count);
        const max = area.maxLength;
        if (!counter || max <= 0) return;
        function update() {
            const left = max - area.value.length;
            counter.textContent = left === 1 ? 'Nog 1 teken.' : 'Nog ' + left + ' tekens.';
        }
        area.addEventListener('input', update);
        update();
    });

    document.querySelectorAll('input[type=checkbox][data-toggles]').forEach(function (box) {
        const target = document.getElementById(box.dataset.toggles);
        if (!target) return;
        // Never hide fields that hold input or a message: the user must see what they typed and what is wrong.
        function update() {
            const filled = Array.from(target.querySelectorAll('input')).some(function (i) { return i.value !== ''; });
            const wrong = target.querySelector('.field-error:not(:empty)');
            target.hidden = !box.checked && !filled && !wrong;
        }
        box.addEventListener('change', update);
        update();
    });
})();
