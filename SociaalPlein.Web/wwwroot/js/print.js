// "Afdrukken" on the handout page: shown only when scripts run; without them the page says to press Ctrl+P.
document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
});
