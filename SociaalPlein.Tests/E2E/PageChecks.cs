using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace SociaalPlein.Tests.E2E;

/// <summary>
/// What a tester signing off for WCAG 2.1 AA looks at on every page a flow reaches, at desktop width and at 390 px
/// (a phone): axe-core's WCAG 2.0/2.1 A and AA rules, and the checks axe leaves to people — every field has a visible
/// label, every message next to a field is tied to it, a status is never told by colour alone, the page is Dutch, no
/// sideways scrolling on a phone and a main menu that can be reached and tapped there.
/// </summary>
public static class PageChecks
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>The problems on the page as it is now, at both widths; the page is left at the width it had.</summary>
    public static async Task<IReadOnlyList<string>> AtBothWidthsAsync(IPage page)
    {
        var before = page.ViewportSize is { } now ? new ViewportSize { Width = now.Width, Height = now.Height } : Desktop;
        var problems = new List<string>();
        foreach (var size in new[] { Desktop, Phone })
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
            foreach (var problem in await AtThisWidthAsync(page, size == Phone))
                problems.Add($"{size.Width} px: {problem}");
        }
        await page.SetViewportSizeAsync(before.Width, before.Height);
        return problems;
    }

    static async Task<IReadOnlyList<string>> AtThisWidthAsync(IPage page, bool phone)
    {
        var problems = new List<string>();
        // axe's "legacy" run: axe.run in the page itself. The default run finishes in a fresh browser page each time,
        // which costs seconds per check and adds nothing for pages without frames (ours have none).
#pragma warning disable CS0618
        var axe = await page.RunAxeLegacy(options: Wcag21AA);
#pragma warning restore CS0618
        foreach (var violation in axe.Violations)
            problems.Add($"axe {violation.Id} ({violation.Impact}): {violation.Help} — " +
                         string.Join("; ", violation.Nodes.Take(5).Select(n => n.Html)));
        problems.AddRange(await page.EvaluateAsync<string[]>(BeyondAxe));
        if (phone) problems.AddRange(await page.EvaluateAsync<string[]>(OnAPhone));
        return problems;
    }

    /// <summary>The focused element, if it shows no focus indicator (outline or ring); null when it does.</summary>
    public static Task<string?> InvisibleFocusAsync(IPage page) => page.EvaluateAsync<string?>("""
        () => {
            const el = document.activeElement;
            if (!el || el === document.body) return 'nothing has the focus';
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
            const ring = style.boxShadow !== 'none';
            return outline || ring ? null : el.outerHTML.slice(0, 160);
        }
        """);

    /// <summary>
    /// After a refused submit: the focus is on the error summary, which is announced (role="alert"), and every
    /// field marked invalid (if any: a failed login names no field) has its message read with it (aria-describedby).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ErrorProblemsAsync(IPage page) => await page.EvaluateAsync<string[]>(
        "() => {" + Shared + """
            const problems = [];
            const summary = document.querySelector('.error-summary');
            if (!summary) return ['no error summary'];
            if (summary.getAttribute('role') !== 'alert') problems.push('the error summary is not announced (role="alert")');
            if (document.activeElement !== summary) problems.push(`the focus is not on the error summary but on ${html(document.activeElement)}`);
            for (const field of document.querySelectorAll('.input-validation-error')) {
                const said = (field.getAttribute('aria-describedby') || '').split(/\s+/)
                    .map((id) => document.getElementById(id)).filter((el) => el && el.classList.contains('field-error')).map(text).join(' ');
                if (said === '') problems.push(`an invalid field whose message is not read with it: ${html(field)}`);
            }
            return problems;
        }
        """);

    const string Shared = """
        const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
        const text = (el) => (el.innerText || el.textContent || '').trim();
        const html = (el) => el.outerHTML.slice(0, 160);
        """;

    const string BeyondAxe = "() => {" + Shared + """
        const problems = [];
        if (document.documentElement.lang !== 'nl') problems.push(`<html lang="${document.documentElement.lang}">, not "nl"`);

        // A visible label, not a placeholder or a title: people who zoom or use speech control need the words.
        for (const field of document.querySelectorAll('input, select, textarea')) {
            if (field.type === 'hidden' || !shown(field) || field.closest('[aria-hidden="true"]')) continue;
            const labelled = [...(field.labels || [])].some((l) => text(l) !== '')
                || (field.getAttribute('aria-labelledby') || '').split(/\s+/).some((id) => id && text(document.getElementById(id) || document.createElement('i')) !== '');
            if (!labelled) problems.push(`a field without a visible label: ${html(field)}`);
        }

        // A message next to a field is read out with that field.
        for (const message of document.querySelectorAll('.field-error')) {
            if (!shown(message) || text(message) === '') continue;
            const tied = message.id && document.querySelector(`[aria-describedby~="${CSS.escape(message.id)}"]`);
            if (!tied) problems.push(`an error message not tied to its field by aria-describedby: "${text(message)}"`);
        }

        // A status, a kind or a warning is written out; its colour only supports the word.
        for (const status of document.querySelectorAll('[class*="badge"], [class*="status-"], [class*="capacity-"], [class*="kind-"], .stale')) {
            if (shown(status) && text(status) === '') problems.push(`a status shown by colour only: ${html(status)}`);
        }
        for (const urgent of document.querySelectorAll('.spoed')) {
            if (shown(urgent) && !/spoed/i.test(text(urgent))) problems.push(`urgency shown by colour only: ${html(urgent)}`);
        }
        return problems;
    }
    """;

    const string OnAPhone = "() => {" + Shared + """
        const problems = [];
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth > width) {
            // Name the innermost elements that stick out, so the fix is easy to find.
            const wide = [...document.body.querySelectorAll('*')]
                .filter((el) => shown(el) && el.getBoundingClientRect().right > width + 1)
                .filter((el, _, all) => !all.some((other) => other !== el && el.contains(other)));
            problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px wide in ${width} px): ` +
                wide.slice(0, 3).map(html).join('; '));
        }

        // The main menu: every item on screen, within the width, and big enough to tap (24 × 24 px, WCAG 2.2's minimum).
        // Folded behind "Menu" (a <details>), that control must be tappable, and the items once it is opened.
        const menu = document.querySelector('nav[aria-label="Hoofdmenu"]');
        if (!menu) problems.push('no main menu (nav aria-label="Hoofdmenu")');
        const fold = menu && menu.closest('details');
        const wasOpen = fold ? fold.open : true;
        const tappable = (item, what) => {
            const box = item.getBoundingClientRect();
            if (!shown(item) || box.width === 0) problems.push(`${what} that cannot be seen: ${html(item)}`);
            else if (box.left < 0 || box.right > width) problems.push(`${what} outside the screen: ${html(item)}`);
            else if (box.width < 24 || box.height < 24) problems.push(`${what} too small to tap (${Math.round(box.width)} × ${Math.round(box.height)} px): ${html(item)}`);
        };
        if (fold) { tappable(fold.querySelector('summary'), 'a menu button'); fold.open = true; }
        for (const item of menu ? menu.querySelectorAll('a, button') : []) tappable(item, 'a menu item');
        if (fold) fold.open = wasOpen;
        return problems;
    }
    """;
}
