using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace SociaalPlein.Web.Infrastructure;

/// <summary>
/// A yes/no field (a checkbox) posted with something other than true or false: ASP.NET Core's own binder keeps what was
/// sent, and drawing the checkbox again then fails on it (a FormatException: a 500 for a tampered form). This binder
/// refuses such a value with a Dutch message and keeps "false" to draw the box with, so the page answers as for any
/// other bad input: its form again, nothing stored.
/// </summary>
public sealed class CheckboxBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(bool) ? new CheckboxBinder(context.Metadata.IsReferenceOrNullableType) : null;

    sealed class CheckboxBinder(bool nullable) : IModelBinder
    {
        public const string Invalid = "Deze keuze is niet geldig. Vink het vakje aan of laat het leeg.";

        public Task BindModelAsync(ModelBindingContext context)
        {
            var posted = context.ValueProvider.GetValue(context.ModelName);
            if (posted == ValueProviderResult.None) return Task.CompletedTask;

            var value = posted.FirstValue;
            if (bool.TryParse(value, out var yes))
            {
                context.ModelState.SetModelValue(context.ModelName, posted);
                context.Result = ModelBindingResult.Success(yes);
            }
            else if (nullable && string.IsNullOrEmpty(value))
            {
                context.ModelState.SetModelValue(context.ModelName, posted);
                context.Result = ModelBindingResult.Success(null);
            }
            else
            {
                context.ModelState.SetModelValue(context.ModelName, false, "false");
                context.ModelState.TryAddModelError(context.ModelName, Invalid);
                context.Result = ModelBindingResult.Failed();
            }
            return Task.CompletedTask;
        }
    }
}
