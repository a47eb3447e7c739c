using Microsoft.Playwright;

namespace SociaalPlein.Tests.E2E;

/// <summary>Using a page by keyboard only, as someone who cannot use a mouse does, checking the focus stays visible.</summary>
public static class KeyboardUse
{
    /// <summary>
    /// Presses Tab until the element matching <paramref name="selector"/> has the focus; every element the focus
    /// passes on the way must show it (WCAG 2.4.7).
    /// </summary>
    public static async Task TabToAsync(this IPage page, string selector, int maxPresses = 60)
    {
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            Assert.That(await PageChecks.InvisibleFocusAsync(page), Is.Null, $"the focus is visible on the way to {selector}");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector)) return;
        }
        Assert.Fail($"{selector} is not reached by Tab within {maxPresses} presses on {page.Url}");
    }

    /// <summary>Tabs to a field and types into it.</summary>
    public static async Task TabAndTypeAsync(this IPage page, string selector, string text)
    {
        await page.TabToAsync(selector);
        await page.Keyboard.TypeAsync(text);
    }

    /// <summary>
    /// Chooses an option in the focused list box as a keyboard user does: types its first letters, then arrows to the
    /// option whose text starts with <paramref name="optionText"/> (typing alone may land on a namesake).
    /// </summary>
    public static async Task ChooseAsync(this IPage page, string optionText)
    {
        // Only plain letters: Playwright types "ë" as inserted text, which a list box does not take as a key.
        await page.Keyboard.TypeAsync(new string(optionText.TakeWhile(char.IsAsciiLetterOrDigit).ToArray()));
        for (var i = 0; i < 300; i++)
        {
            var at = await page.EvaluateAsync<int[]>("""
                text => {
                    const list = document.activeElement;
                    if (!(list instanceof HTMLSelectElement)) throw new Error('the focus is not on a list box');
                    return [list.selectedIndex, [...list.options].findIndex((o) => o.text.trim().startsWith(text))];
                }
                """, optionText);
            var (current, target) = (at[0], at[1]);
            Assert.That(target, Is.Not.EqualTo(-1), $"no option \"{optionText}\" in the focused list");
            if (current == target) return;
            await page.Keyboard.PressAsync(current < target ? "ArrowDown" : "ArrowUp");
        }
        Assert.Fail($"\"{optionText}\" not reached by arrow keys");
    }

    /// <summary>The focused element matches the selector.</summary>
    public static Task<bool> FocusIsOnAsync(this IPage page, string selector) =>
        page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector);
}
