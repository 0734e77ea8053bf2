using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace SymDiff;

/// <summary>
/// The members part of a public record's <c>ToString</c>, readable: collections as <c>[a, b]</c>, dictionaries as
/// <c>{ key: value }</c>, strings quoted, doubles round-trip and culture-free, delegates as <c>&lt;function&gt;</c>,
/// where the compiler's version prints type names (<c>System.Collections.Immutable.ImmutableArray`1[...]</c>).
/// Each record opts in with one line, <c>private bool PrintMembers(StringBuilder b) =&gt; RecordText.PrintMembers(this, b);</c>,
/// and a test checks that every public record does.
/// </summary>
internal static class RecordText
{
    /// <summary>Collections longer than this show their first items and their count.</summary>
    public const int MaxItems = 20;

    /// <summary>Appends <c>Name = value, ...</c> for every public instance property of <paramref name="record"/>, in declaration order.</summary>
    public static bool PrintMembers(object record, StringBuilder builder)
    {
        var first = true;
        foreach (var property in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            if (!first) builder.Append(", ");
            first = false;
            builder.Append(property.Name).Append(" = ");
            Append(builder, property.GetValue(record));
        }
        return !first;
    }

    /// <summary>One value as <see cref="PrintMembers"/> shows it.</summary>
    public static string Format(object? value)
    {
        var builder = new StringBuilder();
        Append(builder, value);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null: builder.Append("null"); break;
            case string s: builder.Append('"').Append(s).Append('"'); break;
            case double d: builder.Append(d.ToString("R", CultureInfo.InvariantCulture)); break;
            case float f: builder.Append(f.ToString("R", CultureInfo.InvariantCulture)); break;
            case Delegate: builder.Append("<function>"); break;
            case IDictionary dictionary: AppendItems(builder, Entries(dictionary), "{ ", " }"); break;
            case IEnumerable items when IsDefaultImmutableArray(value): builder.Append("default"); break;
            case IEnumerable items when IsKeyValueSequence(value.GetType()): AppendItems(builder, items.Cast<object?>(), "{ ", " }"); break;
            case IEnumerable items: AppendItems(builder, items.Cast<object?>(), "[", "]"); break;
            case DictionaryEntry entry: Append(builder, entry.Key); builder.Append(": "); Append(builder, entry.Value); break;
            case IFormattable formattable when value.GetType().IsPrimitive:
                builder.Append(formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            default:
                if (value.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>))
                {
                    Append(builder, t.GetProperty("Key")!.GetValue(value));
                    builder.Append(": ");
                    Append(builder, t.GetProperty("Value")!.GetValue(value));
                }
                else builder.Append(value);
                break;
        }
    }

    private static void AppendItems(StringBuilder builder, IEnumerable<object?> items, string open, string close)
    {
        var list = items.Take(MaxItems + 1).ToList();
        if (list.Count == 0) { builder.Append(open.Trim()).Append(close.Trim()); return; }
        builder.Append(open);
        for (var i = 0; i < Math.Min(list.Count, MaxItems); i++)
        {
            if (i > 0) builder.Append(", ");
            Append(builder, list[i]);
        }
        if (list.Count > MaxItems) builder.Append(", ...");
        builder.Append(close);
    }

    // The non-generic enumerator of a generic dictionary yields KeyValuePairs; its IDictionaryEnumerator yields entries.
    private static IEnumerable<object?> Entries(IDictionary dictionary)
    {
        var e = dictionary.GetEnumerator();
        while (e.MoveNext()) yield return e.Entry;
    }

    // ImmutableArray's default value throws when enumerated.
    private static bool IsDefaultImmutableArray(object value) =>
        value.GetType() is { IsValueType: true, IsGenericType: true } t
        && t.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>)
        && (bool)t.GetProperty("IsDefault")!.GetValue(value)!;

    private static bool IsKeyValueSequence(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));
}
