// Progressive enhancement of the referral form: the page works without it. With JavaScript the error summary gets
// the focus after a refused submit (teller.js counts the zorgvraag's characters), and the contact fields show only
// while the visitor's consent to share them is ticked.
(function () {
    const summary = document.getElementById('fouten');
    if (summary) summary.focus();

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
